#include "RealTimeProbe.h"

#include <cstdlib>
#include <dlfcn.h>
#include <new>
#include <pthread.h>

namespace {

thread_local bool probing = false;
thread_local size_t allocationCount = 0;
thread_local size_t lockCount = 0;

void* allocate(std::size_t size)
{
    if (probing)
        ++allocationCount;
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

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

// Every form of new and delete that pairs malloc with free is replaced together.
void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return allocate(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace cuesmith::testing {

RealTimeProbe::RealTimeProbe()
{
    allocationCount = 0;
    lockCount = 0;
    probing = true;
}
RealTimeProbe::~RealTimeProbe() { probing = false; }
size_t RealTimeProbe::allocations() const { return allocationCount; }
size_t RealTimeProbe::locks() const { return lockCount; }

} // namespace cuesmith::testing
