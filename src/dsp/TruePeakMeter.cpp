#include "TruePeakMeter.h"

#include "SimdLanes.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

// Why not libsoxr or libebur128: measuring was most of a delivery render's CPU time. Per sample
// of 5.1 at 48 kHz on the 2-core Xeon this was written on (bench/LoudnessMeterBench.cpp):
// libsoxr HQ 4x plus a scan of its output 8.7 ns, libebur128's true peak 29 ns, this 0.86 ns
// (0.91 at a steady level); on the AVX-512 path 0.73 ns (0.82), with g++ 12 (clang 14: 0.78).
// It reads within 0.02 dB of libsoxr VHQ on music, speech, sines up to 20 kHz and noise
// band-limited to 20 kHz; on noise right up to Nyquist within 0.4 dB, where any two
// interpolators differ (tests/dsp/TruePeakMeterTest.cpp).
//
// The interpolator is a Kaiser-windowed sinc whose zeros fall on the input samples (a Nyquist
// filter), so phase 0 is the input itself and only the fractional phases are computed. Phase p
// and phase factor - p are mirror images, so each pair shares one pass over sums and differences
// of mirrored samples: half the multiplies of a plain polyphase filter. Eight consecutive outputs
// of a phase form one vector; sixteen on CPUs with AVX-512, where the kernel is the same template
// on 64-byte vectors: the same operations on each output in the same order, so the same peaks to
// the bit (tests/dsp/MeterSimdPathTest.cpp). A meter picks its kernel when it is constructed
// (SimdLanes.h; CUESMITH_NO_AVX512=1 forces the eight-lane one). Why not twice as fast: that
// Xeon issues 512-bit arithmetic on two ports but 256-bit adds on three, so the kernel's inner
// loop gains about 1.3x, and a third of the time left is deinterleaving the caller's frames.

namespace cuesmith {

namespace {

constexpr int kTaps = 20;  // per phase; with kKaiserBeta, flat within 0.02 dB to 20 kHz at 48 kHz
constexpr int kHalf = kTaps / 2;
constexpr double kKaiserBeta = 5.0;
constexpr size_t kLanes = 8;  // of the fma / default clones; the AVX-512 kernel's are 16
// Outputs of one phase per kernel iteration, and what the meter hands the kernels a multiple of:
// the AVX-512 kernel does two of these at a time and, for an odd count, a last one alone. So the
// held samples, and with them every result to the bit, are the same whichever kernel runs (the
// sample peak of denormal samples too: the kernels flush them, samplePeak()'s scan of the held
// samples does not).
constexpr size_t kBlock = 2 * kLanes;
constexpr size_t kChunkFrames = 1024;  // deinterleaved at a time: a 6-channel chunk stays in L1
constexpr size_t kMaxHeld = kTaps - 1 + kBlock - 1;  // samples kept between kernel runs

double besselI0(double x)
{
    double sum = 1.0, term = 1.0;
    for (int k = 1; k < 64 && term > 1e-17 * sum; ++k) {
        term *= (x / (2.0 * k)) * (x / (2.0 * k));
        sum += term;
    }
    return sum;
}

// Taps of phase `phase` of `factor`: tap k weighs input sample n - (kHalf - 1) + k for the output
// at n + phase / factor. Normalised to unity gain at DC.
std::vector<double> phaseTaps(int phase, int factor)
{
    std::vector<double> taps(kTaps);
    double sum = 0.0;
    for (int k = 0; k < kTaps; ++k) {
        const double t = static_cast<double>(phase) / factor - (k - (kHalf - 1));  // distance in samples
        const double u = t / kHalf;
        const double window = besselI0(kKaiserBeta * std::sqrt(std::max(0.0, 1.0 - u * u))) / besselI0(kKaiserBeta);
        taps[static_cast<size_t>(k)] = std::sin(M_PI * t) / (M_PI * t) * window;
        sum += taps[static_cast<size_t>(k)];
    }
    for (double& tap : taps)
        tap /= sum;
    return taps;
}

double absoluteSum(const std::vector<double>& taps)
{
    double sum = 0.0;
    for (double t : taps)
        sum += std::fabs(static_cast<double>(static_cast<float>(t)));  // the taps as the kernel has them
    return sum;
}

void appendBroadcast(std::vector<float>& table, size_t lanes, double value)
{
    table.insert(table.end(), lanes, static_cast<float>(value));
}

struct BlockPeaks {
    float interpolated = 0.0f;
    float sample = 0.0f;
};

// Largest |y| of the outputs at positions [0, outputs) (a multiple of Vectors vectors) of
// `Pairs` mirrored pairs of phases and, if `Middle`, the symmetric half-sample phase; and the
// largest |x| at phase 0. Output i interpolates between x[i + kHalf - 1] and x[i + kHalf] from
// x[i .. i + kTaps - 1]. table: for each k < kHalf, per pair the even and odd coefficients, then
// the middle phase's, each a Coefficient: a Vector (the coefficient broadcast to its lanes) or
// one float (broadcast as it is loaded). Every output is the same arithmetic in the same order
// whatever the Vector and Vectors: only how many are computed side by side changes.
template <typename Vector, typename Coefficient, size_t Pairs, bool Middle, size_t Vectors>
[[gnu::always_inline]] inline BlockPeaks phasesPeak(const float* x, size_t outputs, const float* table, float skipAtOrBelow)
{
    constexpr size_t kVectorLanes = sizeof(Vector) / sizeof(float);
    constexpr size_t kStep = Vectors * kVectorLanes;  // outputs of one phase per iteration
    constexpr size_t kReads = kStep + kTaps - 1;      // samples one iteration reads
    constexpr size_t kTableLanes = sizeof(Coefficient) / sizeof(float);
    constexpr size_t kPerTap = (2 * Pairs + (Middle ? 1 : 0)) * kTableLanes;
    constexpr size_t kPairs = Pairs > 0 ? Pairs : 1;
    Vector interpolatedPeak = {}, samplePeak = {};
    for (size_t i = 0; i < outputs; i += kStep) {
        // Hides from the optimiser that the table is the same every iteration and that these
        // samples overlap the last iteration's: otherwise GCC keeps loaded vectors for later,
        // runs out of registers and spills the accumulators. Loads as memory operands of the
        // multiply-adds cost next to nothing.
        const float* samples = x + i;
        asm("" : "+r"(table), "+r"(samples));
        // No output of this iteration can exceed the gain times its largest input: when that
        // input is at or below skipAtOrBelow, the iteration changes neither peak. Music spends
        // most of its time well below its peak, so this skips most of the work.
        Vector a, b, loudest = {};
#pragma GCC unroll 8
        for (size_t j = 0; j < (kReads + kVectorLanes - 1) / kVectorLanes; ++j) {
            simd::load(a, samples + std::min(j * kVectorLanes, kReads - kVectorLanes));
            simd::absInPlace(a);
            loudest = a > loudest ? a : loudest;
        }
        if (!simd::anyGreater(loudest, skipAtOrBelow))
            continue;
        // Two vectors of outputs per iteration (but for the AVX-512 kernel's odd last block):
        // twice the independent multiply-add chains, and each coefficient loaded once for both.
        Vector even[Vectors][kPairs] = {}, odd[Vectors][kPairs] = {}, middle[Vectors] = {};
#pragma GCC unroll 16
        for (size_t k = 0; k < kHalf; ++k) {
            Vector sum[Vectors], difference[Vectors], early, late;
            Coefficient c;
#pragma GCC unroll 2
            for (size_t v = 0; v < Vectors; ++v) {
                simd::load(early, samples + v * kVectorLanes + k);
                simd::load(late, samples + v * kVectorLanes + (kTaps - 1 - k));
                sum[v] = early + late;
                difference[v] = early - late;
            }
            const float* coefficients = table + k * kPerTap;
#pragma GCC unroll 4
            for (size_t p = 0; p < Pairs; ++p) {
                simd::load(c, coefficients + 2 * p * kTableLanes);
#pragma GCC unroll 2
                for (size_t v = 0; v < Vectors; ++v)
                    even[v][p] += c * sum[v];
                simd::load(c, coefficients + (2 * p + 1) * kTableLanes);
#pragma GCC unroll 2
                for (size_t v = 0; v < Vectors; ++v)
                    odd[v][p] += c * difference[v];
            }
            if constexpr (Middle) {
                simd::load(c, coefficients + 2 * Pairs * kTableLanes);
#pragma GCC unroll 2
                for (size_t v = 0; v < Vectors; ++v)
                    middle[v] += c * sum[v];
            }
        }
        // The largest of this iteration first, then one max into the running peak: a chain of
        // one dependent instruction per iteration.
        Vector block = {};
#pragma GCC unroll 2
        for (size_t v = 0; v < Vectors; ++v) {
            if constexpr (Middle) {
                simd::absInPlace(middle[v]);
                block = middle[v] > block ? middle[v] : block;
            }
#pragma GCC unroll 4
            for (size_t p = 0; p < Pairs; ++p) {
                a = even[v][p] + odd[v][p];
                b = even[v][p] - odd[v][p];
                simd::absInPlace(a);
                simd::absInPlace(b);
                a = a > b ? a : b;
                block = a > block ? a : block;
            }
        }
        interpolatedPeak = block > interpolatedPeak ? block : interpolatedPeak;
        simd::load(a, samples + (kHalf - 1));
        simd::absInPlace(a);
        if constexpr (Vectors == 2) {
            simd::load(b, samples + (kHalf - 1 + kVectorLanes));
            simd::absInPlace(b);
            a = a > b ? a : b;
        }
        samplePeak = a > samplePeak ? a : samplePeak;
    }
    return {simd::horizontalMax(interpolatedPeak), simd::horizontalMax(samplePeak)};
}

// outputs: a multiple of kBlock. Eight lanes: two vectors per iteration, one block. Sixteen:
// two vectors per iteration (two blocks), then one for a last odd block.
template <typename Vector, typename Coefficient, size_t Pairs, bool Middle>
[[gnu::always_inline]] inline BlockPeaks blocksPeak(const float* x, size_t outputs, const float* table, float skipAtOrBelow)
{
    constexpr size_t kVectorLanes = sizeof(Vector) / sizeof(float);
    if constexpr (2 * kVectorLanes == kBlock) {
        return phasesPeak<Vector, Coefficient, Pairs, Middle, 2>(x, outputs, table, skipAtOrBelow);
    } else {
        static_assert(kVectorLanes == kBlock);
        const size_t paired = outputs / (2 * kBlock) * (2 * kBlock);
        BlockPeaks peaks = phasesPeak<Vector, Coefficient, Pairs, Middle, 2>(x, paired, table, skipAtOrBelow);
        if (paired < outputs) {
            const BlockPeaks last =
                phasesPeak<Vector, Coefficient, Pairs, Middle, 1>(x + paired, kBlock, table, skipAtOrBelow);
            peaks.interpolated = std::max(peaks.interpolated, last.interpolated);
            peaks.sample = std::max(peaks.sample, last.sample);
        }
        return peaks;
    }
}

template <typename Vector, typename Coefficient>
[[gnu::always_inline]] inline BlockPeaks phasesPeakOf(const float* x, size_t outputs, const float* table, int pairs,
                                                      bool middle, float skipAtOrBelow)
{
    if (pairs == 0)
        return blocksPeak<Vector, Coefficient, 0, true>(x, outputs, table, skipAtOrBelow);
    if (pairs == 1)
        return middle ? blocksPeak<Vector, Coefficient, 1, true>(x, outputs, table, skipAtOrBelow)
                      : blocksPeak<Vector, Coefficient, 1, false>(x, outputs, table, skipAtOrBelow);
    return blocksPeak<Vector, Coefficient, 2, false>(x, outputs, table, skipAtOrBelow);
}

CUESMITH_SIMD_CLONES
BlockPeaks phasesPeak(const float* x, size_t outputs, const float* table, int pairs, bool middle, float skipAtOrBelow)
{
    return phasesPeakOf<simd::Float8, simd::Float8>(x, outputs, table, pairs, middle, skipAtOrBelow);
}

#if defined(CUESMITH_SIMD_AVX512)
// Sixteen lanes, so half the instructions per output; 32 registers hold the accumulators and the
// broadcast coefficients. The coefficients as single floats: a 64-byte load from a table (few of
// them 64-byte aligned) would cross a cache line, while a broadcast load is one load with no
// arithmetic, and each broadcast serves two multiply-adds.
CUESMITH_SIMD_AVX512
BlockPeaks phasesPeakAvx512(const float* x, size_t outputs, const float* table, int pairs, bool middle,
                            float skipAtOrBelow)
{
    return phasesPeakOf<simd::Float16, float>(x, outputs, table, pairs, middle, skipAtOrBelow);
}
#endif

// One channel of interleaved frames into consecutive floats. Four frames per iteration with a
// moving pointer: GCC makes fewer instructions per sample of this than of the indexed loop.
void deinterleave(const float* from, size_t channels, size_t frames, float* to)
{
    size_t f = 0;
    for (; f + 4 <= frames; f += 4, from += 4 * channels) {
        to[f] = from[0];
        to[f + 1] = from[channels];
        to[f + 2] = from[2 * channels];
        to[f + 3] = from[3 * channels];
    }
    for (; f < frames; ++f, from += channels)
        to[f] = *from;
}

// Largest |x| of n floats; eight lanes, so it vectorises.
CUESMITH_SIMD_CLONES
float absolutePeak(const float* x, size_t n)
{
    simd::Float8 peak = {}, v;
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        simd::load(v, x + i);
        simd::absInPlace(v);
        peak = v > peak ? v : peak;
    }
    float result = simd::horizontalMax(peak);
    for (; i < n; ++i)
        result = std::max(result, std::fabs(x[i]));
    return result;
}

} // namespace

struct TruePeakMeter::PhaseGroup {
    int pairs = 0;  // 0 to 2: the kernel keeps every accumulator in a register
    bool middle = false;
    std::vector<float> table;
};

TruePeakMeter::TruePeakMeter(int sampleRate, int channels) : channels_(channels), avx512_(simd::meterKernelsUseAvx512())
{
    if (sampleRate <= 0 || channels <= 0)
        throw std::invalid_argument("cannot measure a true peak at " + std::to_string(sampleRate) + " Hz with "
                                    + std::to_string(channels) + " channels");
    factor_ = std::max(1, (192000 + sampleRate - 1) / sampleRate);
    if (factor_ == 1)
        return;

    // Phases 1 .. factor-1 as mirrored pairs (p, factor - p), two pairs per group, plus
    // factor/2 alone when the factor is even (with the one pair at 48 kHz).
    const int pairs = (factor_ - 1) / 2;
    const bool middle = factor_ % 2 == 0;
    const size_t lanes = avx512_ ? 1 : kLanes;  // copies of each coefficient the kernel loads
    double gain = 0.0;  // the largest sum of absolute taps of any phase
    for (int first = 1; first <= pairs || (middle && (groups_.empty() || !groups_.back().middle)); first += 2) {
        PhaseGroup group;
        group.pairs = std::clamp(pairs - first + 1, 0, 2);
        group.middle = middle && group.pairs < 2 && first + group.pairs > pairs;
        std::vector<std::vector<double>> taps;
        for (int p = first; p < first + group.pairs; ++p)
            taps.push_back(phaseTaps(p, factor_));
        const std::vector<double> half = group.middle ? phaseTaps(factor_ / 2, factor_) : std::vector<double>{};
        for (const auto& t : taps)
            gain = std::max(gain, absoluteSum(t));
        if (group.middle)
            gain = std::max(gain, absoluteSum(half));
        for (size_t k = 0; k < static_cast<size_t>(kHalf); ++k) {
            const size_t mirror = static_cast<size_t>(kTaps) - 1 - k;
            for (const auto& t : taps) {
                appendBroadcast(group.table, lanes, (t[k] + t[mirror]) / 2.0);
                appendBroadcast(group.table, lanes, (t[k] - t[mirror]) / 2.0);
            }
            if (group.middle)
                appendBroadcast(group.table, lanes, half[k]);  // symmetric: half[k] == half[mirror]
        }
        groups_.push_back(std::move(group));
    }

    // The float arithmetic of an output can exceed the exact bound by a few roundings: 1e-4 covers
    // them with a wide margin.
    skipGain_ = gain * 1.0001;

    // kTaps - 1 zeros before the first sample: the interpolator starts from silence, so the
    // ringing before a loud first sample counts too.
    stride_ = kMaxHeld + kChunkFrames;
    planar_.assign(stride_ * static_cast<size_t>(channels), 0.0f);
    held_ = kTaps - 1;
}

TruePeakMeter::~TruePeakMeter() = default;

float TruePeakMeter::interpolatedPeak(const float* samples, size_t outputs, float skipAtOrBelow, float& samplePeak) const
{
    float peak = 0.0f;
    for (const PhaseGroup& group : groups_) {
#if defined(CUESMITH_SIMD_AVX512)
        const BlockPeaks p =
            avx512_ ? phasesPeakAvx512(samples, outputs, group.table.data(), group.pairs, group.middle, skipAtOrBelow)
                    : phasesPeak(samples, outputs, group.table.data(), group.pairs, group.middle, skipAtOrBelow);
#else
        const BlockPeaks p = phasesPeak(samples, outputs, group.table.data(), group.pairs, group.middle, skipAtOrBelow);
#endif
        peak = std::max(peak, p.interpolated);
        samplePeak = std::max(samplePeak, p.sample);
    }
    return peak;
}

// worker thread (allocates nothing)
void TruePeakMeter::add(const float* interleaved, size_t frames)
{
    const auto channels = static_cast<size_t>(channels_);
    if (factor_ == 1) {
        samplePeak_ = std::max(samplePeak_, static_cast<double>(absolutePeak(interleaved, frames * channels)));
        return;
    }
    simd::FlushDenormals flush;
    while (frames > 0) {
        const size_t n = std::min(frames, kChunkFrames);
        for (size_t c = 0; c < channels; ++c)
            deinterleave(interleaved + c, channels, n, planar_.data() + c * stride_ + held_);
        interpolate(n);
        interleaved += n * channels;
        frames -= n;
    }
}

// Interpolates every whole kernel iteration the held and new samples allow, then keeps the
// samples the next outputs still need at the start of each channel.
void TruePeakMeter::interpolate(size_t newFrames)
{
    const size_t available = held_ + newFrames;
    const size_t outputs = (available - (kTaps - 1)) / kBlock * kBlock;
    // Below this, a kernel iteration's outputs cannot exceed the interpolated peak so far nor its
    // samples the sample peak: skipping it changes neither. Rounded down to a float.
    const double bound = std::min(truePeak_ / skipGain_, samplePeak_);
    float skipAtOrBelow = static_cast<float>(bound);
    if (skipAtOrBelow > bound)
        skipAtOrBelow = std::nextafter(skipAtOrBelow, 0.0f);
    float peak = 0.0f, samplePeak = 0.0f;
    for (size_t c = 0; c < static_cast<size_t>(channels_); ++c) {
        float* channel = planar_.data() + c * stride_;
        peak = std::max(peak, interpolatedPeak(channel, outputs, skipAtOrBelow, samplePeak));
        std::copy(channel + outputs, channel + available, channel);
    }
    held_ = available - outputs;
    truePeak_ = std::max(truePeak_, static_cast<double>(peak));
    samplePeak_ = std::max(samplePeak_, static_cast<double>(samplePeak));
}

// The held samples from kHalf - 1 on have not passed through the kernel's phase 0 yet.
double TruePeakMeter::samplePeak() const
{
    if (factor_ == 1)
        return samplePeak_;
    float peak = 0.0f;
    for (size_t c = 0; c < static_cast<size_t>(channels_); ++c) {
        const float* channel = planar_.data() + c * stride_;
        for (size_t i = kHalf - 1; i < held_; ++i)
            peak = std::max(peak, std::fabs(channel[i]));
    }
    return std::max(samplePeak_, static_cast<double>(peak));
}

double TruePeakMeter::peak() const
{
    if (factor_ == 1)
        return samplePeak_;
    // The outputs around the last samples wait for samples that have not come yet: computed here
    // as if silence followed, without changing the state.
    constexpr size_t kTailOutputs = (kMaxHeld + kBlock - 1) / kBlock * kBlock;
    float tail[kTailOutputs + kTaps - 1];
    const size_t outputs = (held_ + kBlock - 1) / kBlock * kBlock;
    float peak = 0.0f, samplePeak = 0.0f;
    simd::FlushDenormals flush;
    for (size_t c = 0; c < static_cast<size_t>(channels_); ++c) {
        const float* channel = planar_.data() + c * stride_;
        std::fill(std::copy(channel, channel + held_, tail), std::end(tail), 0.0f);
        peak = std::max(peak, interpolatedPeak(tail, outputs, -1.0f, samplePeak));
    }
    return std::max({truePeak_, samplePeak_, static_cast<double>(peak), static_cast<double>(samplePeak)});
}

} // namespace cuesmith
