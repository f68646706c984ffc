#include "KWeightedEnergy.h"

#include "SimdLanes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cuesmith {

std::array<Biquad, 2> kWeightingFilters(int sampleRate)
{
    const double rate = sampleRate;
    // BS.1770's pre-filter: a high shelf of +4 dB above about 1.7 kHz.
    double f0 = 1681.974450955533;
    const double gain = 3.999843853973347;
    double q = 0.7071752369554196;
    double k = std::tan(M_PI * f0 / rate);
    const double vh = std::pow(10.0, gain / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    double a0 = 1.0 + k / q + k * k;
    Biquad shelf;
    shelf.b0 = (vh + vb * k / q + k * k) / a0;
    shelf.b1 = 2.0 * (k * k - vh) / a0;
    shelf.b2 = (vh - vb * k / q + k * k) / a0;
    shelf.a1 = 2.0 * (k * k - 1.0) / a0;
    shelf.a2 = (1.0 - k / q + k * k) / a0;
    // The RLB weighting: a second-order high-pass at 38 Hz, numerator exactly 1, -2, 1.
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = std::tan(M_PI * f0 / rate);
    a0 = 1.0 + k / q + k * k;
    Biquad highPass{1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    return {shelf, highPass};
}

namespace {

constexpr size_t kLanes = 8;  // channels per group: one AVX-512 vector of doubles, two AVX ones
constexpr size_t kHalf = 4;   // doubles per AVX vector

} // namespace

// Eight channels' filter state, one per lane, as plain arrays (see SimdLanes.h on vectors in heap
// memory). Lanes past the last channel have weight 0: they filter whatever follows the last
// channel in memory, and their sums are multiplied by 0.
struct KWeightedEnergy::Lanes {
    double weight[kLanes] = {};
    double x1[kLanes] = {}, x2[kLanes] = {}, y1[kLanes] = {}, y2[kLanes] = {}, z1[kLanes] = {}, z2[kLanes] = {};
    double sum[kLanes] = {};  // squared outputs so far in this sub-block
};

// The shelf's coefficients and the high-pass's feedback (its numerator is 1, -2, 1), each
// repeated for the four lanes of an AVX vector (the AVX-512 kernel broadcasts the first).
struct KWeightedEnergy::LaneCoefficients {
    double b0[kHalf], b1[kHalf], b2[kHalf], a1[kHalf], a2[kHalf], c1[kHalf], c2[kHalf];
};

namespace {

using LaneCoefficients = KWeightedEnergy::LaneCoefficients;

LaneCoefficients laneCoefficients(const std::array<Biquad, 2>& k)
{
    LaneCoefficients c;
    for (size_t i = 0; i < kHalf; ++i) {
        c.b0[i] = k[0].b0;
        c.b1[i] = k[0].b1;
        c.b2[i] = k[0].b2;
        c.a1[i] = k[0].a1;
        c.a2[i] = k[0].a2;
        c.c1[i] = k[1].a1;
        c.c2[i] = k[1].a2;
    }
    return c;
}

// Four or eight floats of a frame as doubles. Element by element: GCC makes one vcvtps2pd of
// this, but three instructions and a trip through the stack of __builtin_convertvector.
[[gnu::always_inline]] inline void widen(simd::Double4& x, const float* in)
{
    x = simd::Double4{in[0], in[1], in[2], in[3]};
}

[[gnu::always_inline]] inline void widen(simd::Double8& x, const float* in)
{
    x = simd::Double8{in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7]};
}

// Keeps a Double8 in its register for the next frame's x1: otherwise GCC converts the same
// floats again then, one more instruction per frame on the busy ports. For the AVX-512 kernel
// only (the attribute: clang checks the register's size against the function's target).
inline void keepInRegister(simd::Double4&) {}

#if defined(CUESMITH_SIMD_AVX512)
CUESMITH_SIMD_AVX512 inline void keepInRegister(simd::Double8& x)
{
    asm("" : "+v"(x));
}
#endif

// Filter arithmetic in double: in float, rounding the high-pass's coefficients (poles a few
// thousandths from z = 1) moves its response below 40 Hz by up to 0.05 dB at 96 kHz.
// Vector: Double4 or Double8. Halves: 1 runs the lanes of one Vector (up to four channels in a
// Double4, eight in a Double8), 2 runs two Double4s. Coefficient: Double4 (loaded as a vector) or
// double (broadcast as it is loaded). Each lane's arithmetic is the same whatever the grouping.
template <typename Vector, typename Coefficient, size_t Halves>
[[gnu::always_inline]] inline void filterLanes(const float* frames, size_t stride, size_t count,
                                               const LaneCoefficients& coefficients, KWeightedEnergy::Lanes& s)
{
    constexpr size_t kVectorLanes = sizeof(Vector) / sizeof(double);
    static_assert(Halves * kVectorLanes <= kLanes);
    Vector x1[Halves], x2[Halves], y1[Halves], y2[Halves], z1[Halves], z2[Halves], sum[Halves];
    for (size_t h = 0; h < Halves; ++h) {
        const size_t lane = h * kVectorLanes;
        simd::load(x1[h], s.x1 + lane);
        simd::load(x2[h], s.x2 + lane);
        simd::load(y1[h], s.y1 + lane);
        simd::load(y2[h], s.y2 + lane);
        simd::load(z1[h], s.z1 + lane);
        simd::load(z2[h], s.z2 + lane);
        simd::load(sum[h], s.sum + lane);
    }
    for (size_t f = 0; f < count; ++f, frames += stride) {
        // Loaded every frame (as memory operands): kept in registers they would push the state
        // out of them.
        const LaneCoefficients* k = &coefficients;
        asm("" : "+r"(k));
        Coefficient b0, b1, b2, a1, a2, c1, c2;
        simd::load(b0, k->b0);
        simd::load(b1, k->b1);
        simd::load(b2, k->b2);
        simd::load(a1, k->a1);
        simd::load(a2, k->a2);
        simd::load(c1, k->c1);
        simd::load(c2, k->c2);
#pragma GCC unroll 2
        for (size_t h = 0; h < Halves; ++h) {
            Vector x;
            widen(x, frames + h * kVectorLanes);
            keepInRegister(x);
            // Everything that does not wait for the previous output first: each recursion is
            // then one multiply-add long.
            const Vector t = b0 * x + b1 * x1[h] + b2 * x2[h] - a2 * y2[h];
            const Vector y = t - a1 * y1[h];
            const Vector u = (y - y1[h]) - (y1[h] - y2[h]) - c2 * z2[h];
            const Vector z = u - c1 * z1[h];
            sum[h] += z * z;
            x2[h] = x1[h];
            x1[h] = x;
            y2[h] = y1[h];
            y1[h] = y;
            z2[h] = z1[h];
            z1[h] = z;
        }
    }
    for (size_t h = 0; h < Halves; ++h) {
        const size_t lane = h * kVectorLanes;
        simd::store(s.x1 + lane, x1[h]);
        simd::store(s.x2 + lane, x2[h]);
        simd::store(s.y1 + lane, y1[h]);
        simd::store(s.y2 + lane, y2[h]);
        simd::store(s.z1 + lane, z1[h]);
        simd::store(s.z2 + lane, z2[h]);
        simd::store(s.sum + lane, sum[h]);
    }
}

// Runs `count` frames, `stride` floats apart, through the filters of `lanes` channels (1 to 8);
// every load (four floats, or eight with more than four lanes) must stay inside the caller's
// buffer. worker thread
CUESMITH_SIMD_CLONES
void filterFrames(const float* frames, size_t stride, size_t count, size_t lanes, const LaneCoefficients& coefficients,
                  KWeightedEnergy::Lanes& s)
{
    if (lanes <= kHalf)
        filterLanes<simd::Double4, simd::Double4, 1>(frames, stride, count, coefficients, s);
    else
        filterLanes<simd::Double4, simd::Double4, 2>(frames, stride, count, coefficients, s);
}

#if defined(CUESMITH_SIMD_AVX512)
// The same, five to eight channels in one vector: half the instructions of two, and the
// recursions (one multiply-add per frame each) still shorter than them. Reads the same floats.
// The coefficients broadcast from single values: a 64-byte load from the table would cross a
// cache line, and seven of them per frame take the load ports' whole budget.
CUESMITH_SIMD_AVX512
void filterFramesAvx512(const float* frames, size_t stride, size_t count, size_t lanes,
                        const LaneCoefficients& coefficients, KWeightedEnergy::Lanes& s)
{
    if (lanes <= kHalf)
        filterLanes<simd::Double4, simd::Double4, 1>(frames, stride, count, coefficients, s);
    else
        filterLanes<simd::Double8, double, 1>(frames, stride, count, coefficients, s);
}
#endif

// The kernel the meter was set up with.
void runFilters(bool avx512, const float* frames, size_t stride, size_t count, size_t lanes,
                const LaneCoefficients& coefficients, KWeightedEnergy::Lanes& s)
{
#if defined(CUESMITH_SIMD_AVX512)
    if (avx512) {
        filterFramesAvx512(frames, stride, count, lanes, coefficients, s);
        return;
    }
#else
    (void)avx512;
#endif
    filterFrames(frames, stride, count, lanes, coefficients, s);
}

} // namespace

KWeightedEnergy::KWeightedEnergy() = default;
KWeightedEnergy::~KWeightedEnergy() = default;
KWeightedEnergy::KWeightedEnergy(KWeightedEnergy&&) noexcept = default;
KWeightedEnergy& KWeightedEnergy::operator=(KWeightedEnergy&&) noexcept = default;

void KWeightedEnergy::prepare(int sampleRate, std::span<const double> weights)
{
    if (sampleRate < 4000 || weights.empty())
        throw std::invalid_argument("cannot K-weight " + std::to_string(weights.size()) + " channels at "
                                    + std::to_string(sampleRate) + " Hz");
    channels_ = static_cast<int>(weights.size());
    avx512_ = simd::meterKernelsUseAvx512();
    subBlockFrames_ = (sampleRate + 5) / 10;  // libebur128's rounding of 100 ms
    coefficients_ = std::make_unique<LaneCoefficients>(laneCoefficients(kWeightingFilters(sampleRate)));
    position_ = 0;
    energies_.clear();

    groups_.assign((weights.size() + kLanes - 1) / kLanes, Lanes{});
    for (size_t g = 0; g < groups_.size(); ++g)
        for (size_t i = 0; i < kLanes && g * kLanes + i < weights.size(); ++i)
            groups_[g].weight[i] = weights[g * kLanes + i];
    // A group's load reads up to 7 floats past a frame's last channel: the last frames of a
    // call go through this padded copy instead.
    tail_.assign(kLanes * static_cast<size_t>(channels_) + kLanes, 0.0f);
}

// worker thread (allocates only when energies_ grows)
void KWeightedEnergy::add(const float* interleaved, size_t frames)
{
    const auto channels = static_cast<size_t>(channels_);
    while (frames > 0) {
        const auto run = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(frames), subBlockFrames_ - position_));
        addRun(interleaved, run);
        position_ += static_cast<int64_t>(run);
        if (position_ == subBlockFrames_)
            finishSubBlock();
        interleaved += run * channels;
        frames -= run;
    }
}

void KWeightedEnergy::addRun(const float* interleaved, size_t frames)
{
    const auto channels = static_cast<size_t>(channels_);
    simd::FlushDenormals flush;
    for (size_t g = 0; g < groups_.size(); ++g) {
        const size_t first = g * kLanes;
        const size_t lanes = std::min(kLanes, channels - first);
        const size_t loaded = lanes <= kHalf ? kHalf : kLanes;  // floats a frame's load reads
        // Frames whose load would read past the block go through the padded copy.
        const size_t tailFrames = std::min(frames, (first + loaded + channels - 1) / channels - 1);
        const size_t direct = frames - tailFrames;
        runFilters(avx512_, interleaved + first, channels, direct, lanes, *coefficients_, groups_[g]);
        if (tailFrames > 0) {
            std::copy_n(interleaved + direct * channels, tailFrames * channels, tail_.begin());
            runFilters(avx512_, tail_.data() + first, channels, tailFrames, lanes, *coefficients_, groups_[g]);
        }
    }
}

void KWeightedEnergy::finishSubBlock()
{
    double energy = 0.0;
    for (Lanes& lanes : groups_)
        for (size_t i = 0; i < kLanes; ++i) {
            if (lanes.weight[i] != 0.0)  // so not even an infinite LFE reaches the sum
                energy += lanes.weight[i] * lanes.sum[i];
            lanes.sum[i] = 0.0;
        }
    energies_.push_back(energy);
    position_ = 0;
}

} // namespace cuesmith
