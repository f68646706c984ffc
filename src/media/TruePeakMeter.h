#pragma once
// True peak (ITU-R BS.1770 annex 2): the highest absolute value of the signal oversampled to at
// least 192 kHz, streamed block by block. Oversampling goes through libsoxr (SIMD), which is both
// faster than libebur128's scalar interpolator and closer to the ideal: libebur128 read 0.5 dB
// low on wideband noise where an ideal upsampler and ffmpeg agree. Worker threads only.

#include <cstddef>
#include <memory>
#include <vector>

namespace cuesmith {

class TruePeakMeter {
public:
    // Throws std::invalid_argument for a rate or channel count libsoxr refuses.
    TruePeakMeter(int sampleRate, int channels);
    ~TruePeakMeter();
    TruePeakMeter(const TruePeakMeter&) = delete;
    TruePeakMeter& operator=(const TruePeakMeter&) = delete;

    void add(const float* interleaved, size_t frames);

    // Linear peak so far, never below the sample peak. The oversampler's last few samples
    // (its filter delay) are still inside it, so a peak in the final ~1 ms counts only as a
    // sample peak until more audio follows.
    double peak() const;

private:
    struct Resampler;
    std::unique_ptr<Resampler> resampler_;
    int channels_ = 0;
    size_t factor_ = 1;
    std::vector<float> output_;
    double truePeak_ = 0.0;
    double samplePeak_ = 0.0;
};

} // namespace cuesmith
