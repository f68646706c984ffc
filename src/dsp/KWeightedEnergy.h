#pragma once
// The K-weighted energy of every 100 ms of a stream (ITU-R BS.1770-4): each channel through the
// two K-weighting biquads, squared, summed over the 100 ms and weighted by the channel's
// weight. LoudnessGating turns these sums into integrated loudness and loudness range.
// prepare() allocates; add() allocates nothing but the amortised growth of energies(). Any one
// thread at a time.
//
// Up to eight channels share the lanes of the filters: two AVX vectors of four doubles, or where
// the CPU has AVX-512 one vector of eight, which halves the instructions (5.1 at 48 kHz:
// 0.70 ns per sample, 0.40 ns on the AVX-512 path, bench/LoudnessMeterBench.cpp). Both give the
// same sums to the bit (tests/dsp/MeterSimdPathTest.cpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cuesmith {

// One biquad: y = b0 x + b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2].
struct Biquad {
    double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
};

// The high shelf (the head's acoustic effect) and the RLB high-pass, bilinear-transformed from
// their analog prototypes at any rate exactly as libebur128 does, so 44.1, 48 and 96 kHz all
// match it (at 48 kHz both are the coefficients printed in BS.1770).
std::array<Biquad, 2> kWeightingFilters(int sampleRate);

class KWeightedEnergy {
public:
    KWeightedEnergy();
    ~KWeightedEnergy();
    KWeightedEnergy(KWeightedEnergy&&) noexcept;
    KWeightedEnergy& operator=(KWeightedEnergy&&) noexcept;

    // One weight per channel (0 leaves the channel out). Starts over. Throws std::invalid_argument
    // for a rate below 4000 Hz (the shelf sits at 1.7 kHz) or no channel.
    void prepare(int sampleRate, std::span<const double> weights);

    // Interleaved frames, weights.size() floats each. Any split into calls gives the same sums.
    void add(const float* interleaved, size_t frames);

    // Per complete 100 ms sub-block: the sum over channels of weight x the sum of the squared
    // K-weighted samples. A gating block's mean square is the sum of four of these divided by
    // 4 x framesPerSubBlock().
    const std::vector<double>& energies() const { return energies_; }
    int64_t framesPerSubBlock() const { return subBlockFrames_; }

    struct Lanes;             // filter state of up to eight channels, one per vector lane
    struct LaneCoefficients;  // the filters' coefficients, one copy per lane

private:
    void addRun(const float* interleaved, size_t frames);
    void finishSubBlock();

    int channels_ = 0;
    bool avx512_ = false;  // runs the AVX-512 kernel: chosen in prepare() (SimdLanes.h)
    std::unique_ptr<LaneCoefficients> coefficients_;
    int64_t subBlockFrames_ = 0;
    int64_t position_ = 0;  // frames into the current sub-block
    std::vector<Lanes> groups_;
    std::vector<float> tail_;  // the last frames of a call, padded so eight-float loads stay inside
    std::vector<double> energies_;
};

} // namespace cuesmith
