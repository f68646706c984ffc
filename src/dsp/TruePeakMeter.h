#pragma once
// True peak (ITU-R BS.1770 annex 2): the highest absolute value of the signal oversampled to at
// least 192 kHz (4x at 48 kHz, 2x at 96 kHz, none from 192 kHz), streamed block by block through
// a polyphase windowed-sinc interpolator. Worker threads; add() allocates nothing, so the audio
// thread could meter too.

#include <cstddef>
#include <vector>

namespace cuesmith {

class TruePeakMeter {
public:
    // Throws std::invalid_argument for a rate or channel count that is not positive.
    TruePeakMeter(int sampleRate, int channels);
    ~TruePeakMeter();
    TruePeakMeter(const TruePeakMeter&) = delete;
    TruePeakMeter& operator=(const TruePeakMeter&) = delete;

    // Interleaved frames, channels floats each. Any block size gives the same peak.
    void add(const float* interleaved, size_t frames);

    // Linear peak of everything added so far, as if silence followed it, never below the sample
    // peak. Every channel together.
    double peak() const;
    // Largest absolute sample value so far.
    double samplePeak() const;

    // Oversampling factor: ceil(192000 / sampleRate), at least 1.
    int factor() const { return factor_; }

private:
    struct PhaseGroup;  // coefficients of up to four pairs of phases

    void interpolate(size_t newFrames);
    float interpolatedPeak(const float* samples, size_t outputs, float skipAtOrBelow, float& samplePeak) const;

    int channels_ = 0;
    int factor_ = 1;
    bool avx512_ = false;  // runs the AVX-512 kernel: chosen once, at construction (SimdLanes.h)
    std::vector<PhaseGroup> groups_;
    double skipGain_ = 1.0;  // no output exceeds this times the largest sample it is made of
    // Per channel, planar: the held samples (the last kTaps - 1 and up to 15 more the kernel has
    // not reached), then a chunk of new ones.
    std::vector<float> planar_;
    size_t stride_ = 0;  // floats per channel in planar_
    size_t held_ = 0;    // samples at the start of each channel
    double truePeak_ = 0.0;
    double samplePeak_ = 0.0;  // of the samples the kernel has passed (all of them at factor 1)
};

} // namespace cuesmith
