#include "RealTimeProbe.h"

#include <cstdlib>
#include <dlfcn.h>
#include <pthread.h>

namespace {

thread_local bool probing = false;
thread_local size_t lockCount = 0;

} // namespace

namespace {

using MutexFunction = int (*)(pthread_mutex_t*);

// The C library's own function behind a name this file replaces (looked up once).
MutexFunction next(const char* name)
{
    return reinterpret_cast<MutexFunction>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int pthread_mutex_lock(pthread_mutex_t* mutex)
{
    static const MutexFunction real = next("pthread_mutex_lock");
    if (probing)
        ++lockCount;
    return real(mutex);
}

int pthread_mutex_trylock(pthread_mutex_t* mutex)
{
    static const MutexFunction real = next("pthread_mutex_trylock");
    if (probing)
        ++lockCount;
    return real(mutex);
}

}

namespace cuesmith::testing {

RealTimeProbe::RealTimeProbe()
{
    lockCount = 0;
    probing = true;
}
RealTimeProbe::~RealTimeProbe() { probing = false; }
// AllocationCounter sees operator new in every form and, outside sanitizer builds, the C
// library's malloc family (aligned forms included) as well.
size_t RealTimeProbe::allocations() const { return news_.count(); }
size_t RealTimeProbe::locks() const { return lockCount; }

} // namespace cuesmith::testing
