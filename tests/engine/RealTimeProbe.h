#pragma once
// Counts, on the calling thread while a probe is open, what the audio thread must never do: heap
// allocations (operator new, and malloc/calloc/realloc outside sanitizer builds, which own malloc)
// and mutex acquisitions (pthread_mutex_lock/trylock, which std::mutex uses). The binary that
// links RealTimeProbe.cpp replaces those functions to count.

#include <cstddef>

namespace cuesmith::testing {

class RealTimeProbe {
public:
    RealTimeProbe();
    ~RealTimeProbe();
    size_t allocations() const;
    size_t locks() const;
};

} // namespace cuesmith::testing
