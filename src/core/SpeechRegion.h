#pragma once
// A stretch of dialogue found in a recording, for ducking music under it: where it is, in samples
// at the recording's rate, and how sure the detector was. A plain value, any thread.

#include <cstdint>

namespace cuesmith {

struct SpeechRegion {
    int64_t start = 0;        // first sample of the region
    int64_t end = 0;          // one past its last sample (half-open, like a SampleRange)
    float confidence = 0.0f;  // mean speech confidence of its frames (before any hangover), 0..1

    int64_t length() const { return end - start; }
    friend bool operator==(const SpeechRegion&, const SpeechRegion&) = default;
};

} // namespace cuesmith
