#include "AllocationCounter.h"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace {

thread_local bool counting = false;
thread_local size_t allocations = 0;     // every kind
thread_local size_t newAllocations = 0;  // operator new only

void note()
{
    if (counting)
        ++allocations;
}

// Without a sanitizer (which brings its own malloc), C allocations are counted too: malloc,
// calloc, realloc and the aligned forms a library might call on the audio thread. Then new is
// counted by the malloc it calls; with a sanitizer, new counts itself.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
constexpr bool kCountingMalloc = true;
#else
constexpr bool kCountingMalloc = false;
#endif

void* allocate(std::size_t size)
{
    if (counting)
        ++newAllocations;
    if (!kCountingMalloc)
        note();
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void* allocateAligned(std::size_t size, std::align_val_t align)
{
    if (counting)
        ++newAllocations;
    if (!kCountingMalloc)
        note();
    const auto alignment = static_cast<std::size_t>(align);
    const std::size_t rounded = (std::max<std::size_t>(size, 1) + alignment - 1) / alignment * alignment;
    if (void* p = std::aligned_alloc(alignment, rounded))
        return p;
    throw std::bad_alloc();
}

} // namespace

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t size)
{
    note();
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size)
{
    note();
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size)
{
    note();
    return __libc_realloc(p, size);
}
void* memalign(std::size_t align, std::size_t size)
{
    note();
    return __libc_memalign(align, size);
}
void* aligned_alloc(std::size_t align, std::size_t size)
{
    note();
    return __libc_memalign(align, size);
}
int posix_memalign(void** out, std::size_t align, std::size_t size)
{
    note();
    void* p = __libc_memalign(align, size);
    if (p == nullptr)
        return 12;  // ENOMEM
    *out = p;
    return 0;
}
void free(void* p) { __libc_free(p); }
}
#endif

// Every form of new and delete that pairs malloc with free is replaced together, or a sanitizer
// sees one library's new freed by another's delete.
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
void* operator new(std::size_t size, std::align_val_t align) { return allocateAligned(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return allocateAligned(size, align); }
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept
{
    try {
        return allocateAligned(size, align);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t& tag) noexcept
{
    return operator new(size, align, tag);
}
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace cuesmith::testing {

CountAllocations::CountAllocations()
{
    allocations = 0;
    newAllocations = 0;
    counting = true;
}

CountAllocations::~CountAllocations() { counting = false; }

size_t CountAllocations::count() const { return allocations; }
size_t CountAllocations::newCount() const { return newAllocations; }

} // namespace cuesmith::testing
