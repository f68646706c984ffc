#pragma once
// A stem held in memory, for engine tests: reads are exact copies, silence outside.

#include "engine/StemSource.h"

#include <algorithm>
#include <vector>

namespace cuesmith::testing {

class MemoryStemSource final : public StemSource {
public:
    MemoryStemSource(int channels, std::vector<float> interleaved)
        : channels_(channels), samples_(std::move(interleaved))
    {
    }
    int channels() const override { return channels_; }
    void read(int64_t sourceFrame, float* out, int frames) override
    {
        const int64_t total = static_cast<int64_t>(samples_.size()) / channels_;
        for (int i = 0; i < frames; ++i)
            for (int c = 0; c < channels_; ++c) {
                const int64_t f = sourceFrame + i;
                out[i * channels_ + c] = (f >= 0 && f < total) ? samples_[static_cast<size_t>(f * channels_ + c)] : 0.0f;
            }
    }

private:
    int channels_;
    std::vector<float> samples_;
};

} // namespace cuesmith::testing
