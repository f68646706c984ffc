#pragma once
// Counts, on the calling thread while a probe is open, what the audio thread must never do: heap
// allocations (operator new, and malloc/calloc/realloc outside sanitizer builds, which own malloc)
// and mutex acquisitions (pthread_mutex_lock/trylock, which std::mutex uses). The binary that
// links RealTimeProbe.cpp (and AllocationCounter.cpp, which replaces operator new) replaces those
// functions to count.

#include "AllocationCounter.h"

#include <cstddef>

namespace cuesmith::testing {

class RealTimeProbe {
public:
    RealTimeProbe();
    ~RealTimeProbe();
    size_t allocations() const;
    size_t locks() const;

private:
    CountAllocations news_;
};

} // namespace cuesmith::testing
