#include "RealTimeProbe.h"

#include <cstdlib>
#include <dlfcn.h>
#include <pthread.h>

namespace {

thread_local bool probing = false;
thread_local size_t allocationCount = 0;
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

#if !defined(__SANITIZE_ADDRESS__)
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);

void* malloc(size_t size)
{
    if (probing)
        ++allocationCount;
    return __libc_malloc(size);
}
void* calloc(size_t count, size_t size)
{
    if (probing)
        ++allocationCount;
    return __libc_calloc(count, size);
}
void* realloc(void* p, size_t size)
{
    if (probing)
        ++allocationCount;
    return __libc_realloc(p, size);
}
#endif
}

namespace cuesmith::testing {

RealTimeProbe::RealTimeProbe()
{
    allocationCount = 0;  // malloc and friends; operator new (AllocationCounter) is counted by news_
    lockCount = 0;
    probing = true;
}
RealTimeProbe::~RealTimeProbe() { probing = false; }
// Outside sanitizer builds malloc is counted too, and operator new goes through it: the malloc
// count covers both. Under a sanitizer only operator new is seen.
size_t RealTimeProbe::allocations() const
{
#if defined(__SANITIZE_ADDRESS__)
    return news_.count();
#else
    return allocationCount;
#endif
}
size_t RealTimeProbe::locks() const { return lockCount; }

} // namespace cuesmith::testing
