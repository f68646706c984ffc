// The meters' AVX-512 kernels against the fma / default clones they stand in for: every result
// the same to the bit (the same arithmetic on every output, only more outputs side by side), on
// sines, noise, a click after silence, lengths that are no multiple of any block, 1 to 16
// channels and 44.1, 48 and 96 kHz, fed whole and in uneven calls. On a CPU without AVX-512 (or
// with CUESMITH_NO_AVX512=1) both sides run the same kernels and the comparisons are skipped.
#include "dsp/KWeightedEnergy.h"
#include "dsp/LoudnessMeter.h"
#include "dsp/SimdLanes.h"
#include "dsp/TruePeakMeter.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace cuesmith {
namespace {

struct Signal {
    std::string name;
    int rate = 48000;
    int channels = 1;
    std::vector<float> samples;  // interleaved

    size_t frames() const { return samples.size() / static_cast<size_t>(channels); }
};

Signal sine(int rate, int channels, size_t frames, double frequency, double level)
{
    Signal s{"sine " + std::to_string(frequency) + " Hz at " + std::to_string(level), rate, channels, {}};
    s.samples.resize(frames * static_cast<size_t>(channels));
    for (size_t f = 0; f < frames; ++f)
        for (size_t c = 0; c < static_cast<size_t>(channels); ++c) {
            const double phase = 2.0 * M_PI * frequency * static_cast<double>(f) / rate + M_PI / 4;
            s.samples[f * static_cast<size_t>(channels) + c] =
                static_cast<float>(level * std::sin(phase + 0.3 * static_cast<double>(c)));
        }
    return s;
}

// White noise; `swell` moves its level over 10 dB twice a second (the true-peak kernels skip
// what cannot beat the peak so far, so a moving level exercises both skipping and not).
Signal noise(int rate, int channels, size_t frames, double level, unsigned seed, bool swell)
{
    Signal s{"noise at " + std::to_string(level) + (swell ? ", swelling" : ""), rate, channels, {}};
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    s.samples.resize(frames * static_cast<size_t>(channels));
    for (size_t f = 0; f < frames; ++f) {
        const double gain = swell ? 0.3 + 0.7 * std::fabs(std::sin(M_PI * static_cast<double>(f) / rate)) : 1.0;
        for (size_t c = 0; c < static_cast<size_t>(channels); ++c)
            s.samples[f * static_cast<size_t>(channels) + c] = static_cast<float>(level * gain * uniform(random));
    }
    return s;
}

Signal clickAfterSilence(int rate, int channels, size_t frames, size_t at)
{
    Signal s{"click at frame " + std::to_string(at) + " after silence", rate, channels, {}};
    s.samples.assign(frames * static_cast<size_t>(channels), 0.0f);
    for (size_t c = 0; c < static_cast<size_t>(channels) && at + c < frames; ++c)
        s.samples[(at + c) * static_cast<size_t>(channels) + c] = c % 2 ? -0.9f : 0.9f;
    return s;
}

// Everything the meters report about a signal, including the true peak asked for midway (the
// tail then computed as if silence followed).
struct Readings {
    std::vector<double> truePeaks, samplePeaks;
    std::vector<double> energies;
    double integrated = 0.0, range = 0.0, reportedTruePeak = 0.0;
};

// Fed whole, or in calls of sizes that are no multiple of any block when `uneven`.
Readings measure(const Signal& s, bool uneven)
{
    Readings r;
    TruePeakMeter truePeak(s.rate, s.channels);
    KWeightedEnergy energy;
    energy.prepare(s.rate, loudnessChannelWeights(s.channels));
    LoudnessMeter meter;
    meter.prepare(s.rate, s.channels);
    std::mt19937 random(7);
    const size_t sizes[] = {1, 3, 15, 16, 17, 31, 33, 100, 1023, 1025, 4096};
    size_t done = 0;
    while (done < s.frames()) {
        const size_t n = uneven ? std::min(s.frames() - done, sizes[random() % std::size(sizes)]) : s.frames();
        const float* block = s.samples.data() + done * static_cast<size_t>(s.channels);
        truePeak.add(block, n);
        energy.add(block, n);
        meter.addFrames(block, n);
        done += n;
        r.truePeaks.push_back(truePeak.peak());
        r.samplePeaks.push_back(truePeak.samplePeak());
    }
    r.energies = energy.energies();
    const LoudnessReport report = meter.report();
    r.integrated = report.integratedLufs.value_or(-1000.0);
    r.range = report.loudnessRangeLu;
    r.reportedTruePeak = report.truePeakDbtp.value_or(-1000.0);
    return r;
}

// Meters set up inside `f` run the fallback kernels.
template <typename F>
auto onFallback(F&& f)
{
    simd::forceMeterKernelFallback(true);
    auto result = f();
    simd::forceMeterKernelFallback(false);
    return result;
}

// == on doubles, NaN equal to NaN.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void expectSameReadings(const Signal& s)
{
    for (bool uneven : {false, true}) {
        SCOPED_TRACE(s.name + ", " + std::to_string(s.channels) + " channels at " + std::to_string(s.rate) + " Hz, "
                     + std::to_string(s.frames()) + " frames" + (uneven ? ", uneven calls" : ""));
        ASSERT_TRUE(simd::meterKernelsUseAvx512());
        const Readings wide = measure(s, uneven);
        const Readings fallback = onFallback([&] { return measure(s, uneven); });
        ASSERT_EQ(wide.truePeaks.size(), fallback.truePeaks.size());
        for (size_t i = 0; i < wide.truePeaks.size(); ++i) {
            EXPECT_TRUE(same(wide.truePeaks[i], fallback.truePeaks[i])) << "call " << i;
            EXPECT_TRUE(same(wide.samplePeaks[i], fallback.samplePeaks[i])) << "call " << i;
        }
        ASSERT_EQ(wide.energies.size(), fallback.energies.size());
        for (size_t i = 0; i < wide.energies.size(); ++i)
            EXPECT_TRUE(same(wide.energies[i], fallback.energies[i])) << "sub-block " << i;
        EXPECT_TRUE(same(wide.integrated, fallback.integrated));
        EXPECT_TRUE(same(wide.range, fallback.range));
        EXPECT_TRUE(same(wide.reportedTruePeak, fallback.reportedTruePeak));
    }
}

class MeterSimdPath : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!simd::avx512Supported())
            GTEST_SKIP() << "no AVX-512 kernels here (no AVX-512, or CUESMITH_NO_AVX512=1): nothing to compare";
    }
    void TearDown() override { simd::forceMeterKernelFallback(false); }
};

TEST_F(MeterSimdPath, ForcingTheFallbackSwitchesNewMetersOnly)
{
    EXPECT_TRUE(simd::meterKernelsUseAvx512());
    simd::forceMeterKernelFallback(true);
    EXPECT_FALSE(simd::meterKernelsUseAvx512());
    simd::forceMeterKernelFallback(false);
    EXPECT_TRUE(simd::meterKernelsUseAvx512());
}

TEST_F(MeterSimdPath, SinesReadTheSameToTheBit)
{
    for (int rate : {44100, 48000, 96000})
        for (int channels : {1, 2, 6, 8})
            for (double frequency : {997.0, 11025.0, 19000.0, rate / 4.0})
                for (double level : {1.0, 0.01})
                    expectSameReadings(sine(rate, channels, static_cast<size_t>(rate) / 2 + 777, frequency, level));
}

TEST_F(MeterSimdPath, NoiseReadsTheSameToTheBit)
{
    unsigned seed = 1;
    for (int rate : {44100, 48000, 96000})
        for (int channels : {1, 2, 6, 8}) {
            expectSameReadings(noise(rate, channels, static_cast<size_t>(rate) + 13, 0.5, seed++, true));
            expectSameReadings(noise(rate, channels, static_cast<size_t>(rate) / 3 + 5, 1.0, seed++, false));
        }
}

TEST_F(MeterSimdPath, AClickAfterSilenceReadsTheSameToTheBit)
{
    for (int rate : {44100, 48000, 96000})
        for (int channels : {1, 2, 6, 8})
            for (size_t frames : {1u, 5u, 17u, 33u, 4801u}) {
                expectSameReadings(clickAfterSilence(rate, channels, frames, frames - 1));
                expectSameReadings(clickAfterSilence(rate, channels, frames, frames / 2));
            }
}

TEST_F(MeterSimdPath, OtherRatesAndChannelCountsReadTheSameToTheBit)
{
    unsigned seed = 100;
    for (int rate : {8000, 22050, 32000, 192000})
        expectSameReadings(noise(rate, 2, static_cast<size_t>(rate) / 2 + 99, 0.7, seed++, true));
    for (int channels : {3, 4, 5, 7, 10, 16})
        expectSameReadings(noise(48000, channels, 24000 + 5, 0.7, seed++, true));
}

TEST_F(MeterSimdPath, NonFiniteAndDenormalSamplesReadTheSameToTheBit)
{
    Signal s = noise(48000, 6, 20000, 0.5, 1000, false);
    s.samples[6 * 5000 + 2] = std::numeric_limits<float>::quiet_NaN();
    s.name += ", one NaN";
    expectSameReadings(s);
    s.samples[6 * 9000 + 4] = std::numeric_limits<float>::infinity();
    s.name += ", one infinity";
    expectSameReadings(s);
    expectSameReadings(noise(48000, 2, 30000, 1e-40, 1001, false));
}

} // namespace
} // namespace cuesmith
