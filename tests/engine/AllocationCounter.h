#pragma once
// Counts heap allocations made on the calling thread while a scope is open. The test binary that
// includes AllocationCounter.cpp replaces global operator new/delete (every form, aligned ones
// included) and, outside sanitizer builds, the C library's malloc family to do the counting.

#include <cstddef>

namespace cuesmith::testing {

class CountAllocations {
public:
    CountAllocations();
    ~CountAllocations();
    size_t count() const;     // every allocation seen (C ones only outside sanitizer builds)
    size_t newCount() const;  // operator new only: allocations our own C++ code makes
};

} // namespace cuesmith::testing
