#pragma once
// Counts heap allocations made on the calling thread while a scope is open. The test binary that
// includes AllocationCounter.cpp replaces global operator new/delete to do the counting.

#include <cstddef>

namespace cuesmith::testing {

class CountAllocations {
public:
    CountAllocations();
    ~CountAllocations();
    size_t count() const;
};

} // namespace cuesmith::testing
