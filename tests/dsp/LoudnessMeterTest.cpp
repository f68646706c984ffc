// LoudnessMeter against libebur128, the implementation it replaced, on deterministic signals.
// Integrated loudness within 0.01 LU and sample peak exactly. Loudness range: libebur128 takes a
// 3 s short-term block every second (EBU Tech 3342 as of 2011), the meter every 100 ms (Tech 3342
// since 2016: at least 10 Hz). So the range is compared with Tech 3342's windows and gates applied
// here to libebur128's K-weighted energy of every 100 ms (within 0.05 LU), and with libebur128's
// own range on material where the two rates agree (steps between long steady levels).
#include "dsp/LoudnessMeter.h"

#include "dsp/KWeightedEnergy.h"

#include "../engine/AllocationCounter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ebur128.h>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace cuesmith {
namespace {

double fromDecibels(double db) { return std::pow(10.0, db / 20.0); }

// A small, fast, seeded noise source: xorshift64*, four uniforms summed (roughly Gaussian, unit
// variance). Tests generate hundreds of millions of samples.
class Noise {
public:
    explicit Noise(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
    double next()
    {
        double sum = 0.0;
        for (int i = 0; i < 4; ++i) {
            state_ ^= state_ >> 12;
            state_ ^= state_ << 25;
            state_ ^= state_ >> 27;
            sum += static_cast<double>((state_ * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53 - 0.5;
        }
        return sum * std::sqrt(3.0);
    }

private:
    uint64_t state_;
};

// The sample of channel c at frame f.
using Signal = std::function<double(int64_t f, int c)>;

// libebur128 with the channel map the old meter used (7.1's rear surrounds as M+-110, which
// libebur128 weights like the side ones).
std::vector<int> ebur128Map(int channels)
{
    switch (channels) {
    case 1: return {EBUR128_LEFT};
    case 2: return {EBUR128_LEFT, EBUR128_RIGHT};
    case 6:
        return {EBUR128_LEFT, EBUR128_RIGHT, EBUR128_CENTER, EBUR128_UNUSED, EBUR128_LEFT_SURROUND,
                EBUR128_RIGHT_SURROUND};
    case 8:
        return {EBUR128_LEFT,  EBUR128_RIGHT, EBUR128_CENTER,        EBUR128_UNUSED,
                EBUR128_Mp090, EBUR128_Mm090, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    default: return std::vector<int>(static_cast<size_t>(channels), EBUR128_CENTER);
    }
}

struct Reading {
    std::optional<double> integrated;
    double rangeEverySecond = 0.0;  // libebur128's own loudness range
    double rangeEvery100Ms = 0.0;   // Tech 3342 (2016) over libebur128's 100 ms energies
    double samplePeak = 0.0;        // linear
    LoudnessReport meter;
};

// Tech 3342's windows, gates and percentiles over the K-weighted mean squares of consecutive
// 100 ms (short-term loudness every 100 ms).
double rangeOf(const std::vector<double>& tenths)
{
    std::vector<double> energies;
    const double gate = std::pow(10.0, (-70.0 + 0.691) / 10.0);
    for (size_t start = 0; start + 30 <= tenths.size(); ++start) {
        double sum = 0.0;
        for (size_t i = start; i < start + 30; ++i)
            sum += tenths[i];
        if (sum / 30.0 >= gate)
            energies.push_back(sum / 30.0);
    }
    if (energies.empty())
        return 0.0;
    double mean = 0.0;
    for (double e : energies)
        mean += e;
    mean /= static_cast<double>(energies.size());
    std::erase_if(energies, [&](double e) { return e < mean * 0.01; });
    std::sort(energies.begin(), energies.end());
    const auto at = [&](double p) {
        return energies[static_cast<size_t>(static_cast<double>(energies.size() - 1) * p + 0.5)];
    };
    return 10.0 * std::log10(at(0.95) / at(0.10));
}

// Feeds the same frames, 100 ms at a time, to libebur128 and to a LoudnessMeter.
Reading measure(int rate, int channels, int64_t frames, const Signal& signal)
{
    ebur128_state* st = ebur128_init(static_cast<unsigned>(channels), static_cast<unsigned long>(rate),
                                     EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_S | EBUR128_MODE_SAMPLE_PEAK);
    const auto map = ebur128Map(channels);
    for (size_t c = 0; c < map.size(); ++c)
        ebur128_set_channel(st, static_cast<unsigned>(c), map[c]);
    LoudnessMeter meter;
    meter.prepare(rate, channels);

    const int64_t chunk = rate / 10;  // libebur128's 100 ms at the rates used here
    std::vector<float> block(static_cast<size_t>(chunk * channels));
    std::vector<double> tenths;
    for (int64_t done = 0; done < frames;) {
        const int64_t n = std::min(chunk, frames - done);
        for (int64_t i = 0; i < n; ++i)
            for (int c = 0; c < channels; ++c)
                block[static_cast<size_t>(i * channels + c)] = static_cast<float>(signal(done + i, c));
        ebur128_add_frames_float(st, block.data(), static_cast<size_t>(n));
        meter.addFrames(block.data(), static_cast<size_t>(n));
        done += n;
        if (n == chunk) {
            double l = 0.0;  // of the 100 ms just added
            ebur128_loudness_window(st, 100, &l);
            tenths.push_back(std::isfinite(l) ? std::pow(10.0, (l + 0.691) / 10.0) : 0.0);
        }
    }

    Reading r;
    double integrated = 0.0;
    ebur128_loudness_global(st, &integrated);
    if (std::isfinite(integrated))
        r.integrated = integrated;
    ebur128_loudness_range(st, &r.rangeEverySecond);
    r.rangeEvery100Ms = rangeOf(tenths);
    for (unsigned c = 0; c < static_cast<unsigned>(channels); ++c) {
        double peak = 0.0;
        ebur128_sample_peak(st, c, &peak);
        r.samplePeak = std::max(r.samplePeak, peak);
    }
    ebur128_destroy(&st);
    r.meter = meter.report();
    return r;
}

void expectAgreement(const Reading& r)
{
    ASSERT_TRUE(r.integrated.has_value());
    ASSERT_TRUE(r.meter.integratedLufs.has_value());
    EXPECT_NEAR(*r.meter.integratedLufs, *r.integrated, 0.01);
    EXPECT_NEAR(r.meter.loudnessRangeLu, r.rangeEvery100Ms, 0.05);
    ASSERT_TRUE(r.meter.samplePeakDbfs.has_value());
    EXPECT_EQ(*r.meter.samplePeakDbfs, 20.0 * std::log10(r.samplePeak));
}

// A different sine per channel (frequency and level), with noise under it and a slow swell.
Signal music(int rate, double levelDb, uint64_t seed)
{
    auto noise = std::make_shared<Noise>(seed);
    std::vector<double> gains;
    for (int c = 0; c < 16; ++c)
        gains.push_back(fromDecibels(levelDb - 1.5 * c));
    return [=](int64_t f, int c) {
        const double t = static_cast<double>(f) / rate;
        const double swell = 0.25 + 0.75 * std::fabs(std::sin(M_PI * t / 7.0));
        const double tone = std::sin(2.0 * M_PI * (110.0 * (c + 1) + 17.0 * c * c) * t);
        return gains[static_cast<size_t>(c)] * swell * (0.7 * tone + 0.3 * noise->next());
    };
}

// Noise whose level moves every 40 s between -12 and -45 dBFS (the LFE 6 dB lower).
Signal reel(int rate, uint64_t seed)
{
    auto noise = std::make_shared<Noise>(seed);
    std::vector<double> gains;
    for (int step = 0; step < 34; ++step)
        gains.push_back(fromDecibels(-12.0 - step));
    const double lfe = fromDecibels(-6.0);
    return [=](int64_t f, int c) {
        const auto section = static_cast<size_t>(f / (40 * static_cast<int64_t>(rate)));
        return gains[(section * 7) % 34] * (c == 3 ? lfe : 1.0) * noise->next();
    };
}

TEST(LoudnessMeter, MonoStereoFiveOneAndSevenOneReadWhatLibebur128Reads)
{
    for (int channels : {1, 2, 6, 8}) {
        SCOPED_TRACE(channels);
        expectAgreement(measure(48000, channels, 30 * 48000, music(48000, -18.0, static_cast<uint64_t>(channels))));
    }
}

TEST(LoudnessMeter, SinesReadWhatLibebur128ReadsAtEveryLevel)
{
    for (double level : {-3.0, -23.0, -45.0, -65.0}) {
        SCOPED_TRACE(level);
        const Reading r = measure(48000, 2, 20 * 48000, [=](int64_t f, int c) {
            return fromDecibels(level) * std::sin(2.0 * M_PI * (c == 0 ? 997.0 : 60.0) * static_cast<double>(f) / 48000);
        });
        expectAgreement(r);
        EXPECT_NEAR(r.meter.loudnessRangeLu, 0.0, 0.01);
    }
}

TEST(LoudnessMeter, TonesInNoiseReadWhatLibebur128ReadsAt44k48kAnd96k)
{
    for (int rate : {44100, 48000, 96000}) {
        SCOPED_TRACE(rate);
        expectAgreement(measure(rate, 6, 20 * static_cast<int64_t>(rate), music(rate, -20.0, 3)));
    }
}

// EBU Tech 3341 case 4 with digital silence around it, and a quiet passage under the relative
// gate: -inf, -72, -36, -23, -36, -72, -inf dBFS.
TEST(LoudnessMeter, GatesDropSilenceAndQuietPassagesAsLibebur128Does)
{
    const int rate = 48000;
    const Reading r = measure(rate, 2, 110 * rate, [&](int64_t f, int) {
        const int64_t s = f / rate;
        if (s < 5 || s >= 105)
            return 0.0;
        const double level = s < 15 ? -72.0 : s < 25 ? -36.0 : s < 85 ? -23.0 : s < 95 ? -36.0 : -72.0;
        return fromDecibels(level) * std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(f) / rate);
    });
    expectAgreement(r);
    EXPECT_NEAR(*r.meter.integratedLufs, -23.0, 0.05);
}

// EBU Tech 3342's test cases: two or more steady levels, long enough that a short-term block
// every second and one every 100 ms find the same percentiles.
TEST(LoudnessMeter, LoudnessRangeOfTech3342StepsMatchesLibebur128)
{
    const int rate = 48000;
    const struct {
        std::vector<double> levels;  // dBFS, 20 s each
        double range;
    } cases[] = {{{-20, -30}, 10}, {{-20, -15}, 5}, {{-40, -20}, 20}, {{-50, -35, -20, -35, -50}, 15}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.range);
        const Reading r = measure(rate, 2, static_cast<int64_t>(c.levels.size()) * 20 * rate, [&](int64_t f, int) {
            const double level = c.levels[static_cast<size_t>(f / (20 * rate))];
            return fromDecibels(level) * std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(f) / rate);
        });
        EXPECT_NEAR(r.meter.loudnessRangeLu, r.rangeEverySecond, 0.05);
        EXPECT_NEAR(r.meter.loudnessRangeLu, r.rangeEvery100Ms, 0.05);
        EXPECT_NEAR(r.meter.loudnessRangeLu, c.range, 0.1);
    }
}

// Twenty minutes of 5.1 with levels moving between -45 and -12 dBFS every 40 s: twelve
// thousand 100 ms sums, the last added to an integral of the first.
TEST(LoudnessMeter, TwentyMinutesOfFiveOneStayWithinAHundredthOfALu)
{
    const int rate = 48000;
    const Reading r = measure(rate, 6, 20 * 60 * static_cast<int64_t>(rate), reel(rate, 20));
    expectAgreement(r);
    EXPECT_GT(r.meter.loudnessRangeLu, 10.0);
    EXPECT_EQ(r.meter.frames, 20 * 60 * static_cast<int64_t>(rate));
}

TEST(LoudnessMeter, AnySplitIntoBlocksMeasuresTheSame)
{
    const int rate = 44100, channels = 6;
    const int64_t frames = 12 * rate;
    const Signal signal = music(rate, -16.0, 9);
    std::vector<float> samples(static_cast<size_t>(frames * channels));
    for (int64_t f = 0; f < frames; ++f)
        for (int c = 0; c < channels; ++c)
            samples[static_cast<size_t>(f * channels + c)] = static_cast<float>(signal(f, c));

    LoudnessMeter whole;
    whole.prepare(rate, channels);
    whole.addFrames(samples.data(), static_cast<size_t>(frames));
    const LoudnessReport expected = whole.report();

    for (const std::vector<size_t>& sizes : {std::vector<size_t>{1, 7, 4409, 4410, 4411}, {8192}, {3, 65536, 2}}) {
        LoudnessMeter split;
        split.prepare(rate, channels);
        for (size_t done = 0, i = 0; done < static_cast<size_t>(frames); ++i) {
            const size_t n = std::min(sizes[i % sizes.size()], static_cast<size_t>(frames) - done);
            split.addFrames(samples.data() + done * channels, n);
            done += n;
        }
        const LoudnessReport r = split.report();
        EXPECT_EQ(r.integratedLufs, expected.integratedLufs);
        EXPECT_EQ(r.loudnessRangeLu, expected.loudnessRangeLu);
        EXPECT_EQ(r.truePeakDbtp, expected.truePeakDbtp);
        EXPECT_EQ(r.samplePeakDbfs, expected.samplePeakDbfs);
        EXPECT_EQ(r.frames, expected.frames);
    }
}

TEST(LoudnessMeter, AddingFramesAllocatesOnlyToGrowTheListOf100MsSums)
{
    LoudnessMeter meter;
    meter.prepare(48000, 6);
    std::vector<float> block(6 * 8192);
    Noise noise(4);
    for (float& v : block)
        v = static_cast<float>(0.1 * noise.next());
    testing::CountAllocations count;
    for (int i = 0; i < 352; ++i)  // a minute
        meter.addFrames(block.data(), 8192);
    EXPECT_LE(count.count(), 11u);  // doublings of a vector up to 600 entries
}

TEST(LoudnessMeter, FiveOneLeavesOutTheLfeAndWeightsTheSurroundsBy141)
{
    EXPECT_EQ(loudnessChannelWeights(6), (std::vector<double>{1, 1, 1, 0, 1.41, 1.41}));
    EXPECT_EQ(loudnessChannelWeights(8), (std::vector<double>{1, 1, 1, 0, 1.41, 1.41, 1.41, 1.41}));
    EXPECT_EQ(loudnessChannelWeights(4), (std::vector<double>{1, 1, 1.41, 1.41}));
    EXPECT_EQ(loudnessChannelWeights(5), (std::vector<double>{1, 1, 1, 1.41, 1.41}));
    EXPECT_EQ(loudnessChannelWeights(12), std::vector<double>(12, 1.0));

    // A tone in the LFE alone has no loudness but a peak.
    LoudnessMeter meter;
    meter.prepare(48000, 6);
    std::vector<float> block(6 * 48000, 0.0f);
    for (size_t f = 0; f < 48000; ++f)
        block[f * 6 + 3] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * 50.0 * static_cast<double>(f) / 48000));
    meter.addFrames(block.data(), 48000);
    EXPECT_FALSE(meter.report().integratedLufs);
    ASSERT_TRUE(meter.report().samplePeakDbfs);
    EXPECT_NEAR(*meter.report().samplePeakDbfs, 20.0 * std::log10(0.5), 1e-4);
}

TEST(LoudnessMeter, MoreThanEightChannelsAreAllCounted)
{
    // Ten channels of the same tone read 10 dB above one of them.
    const auto tone = [](int64_t f, int) { return 0.1 * std::sin(2.0 * M_PI * 997.0 * static_cast<double>(f) / 48000); };
    const Reading ten = measure(48000, 10, 5 * 48000, tone);
    const Reading one = measure(48000, 1, 5 * 48000, tone);
    ASSERT_TRUE(ten.meter.integratedLufs && one.meter.integratedLufs);
    EXPECT_NEAR(*ten.meter.integratedLufs - *one.meter.integratedLufs, 10.0, 1e-6);
    expectAgreement(ten);
}

TEST(LoudnessMeter, SilenceAndLessThan400MsHaveNoIntegratedLoudness)
{
    LoudnessMeter meter;
    EXPECT_EQ(meter.report().frames, 0);
    EXPECT_THROW(meter.addFrames(nullptr, 0), std::logic_error);
    meter.prepare(48000, 2);
    std::vector<float> silence(2 * 48000, 0.0f);
    meter.addFrames(silence.data(), 48000);
    LoudnessReport r = meter.report();
    EXPECT_FALSE(r.integratedLufs);
    EXPECT_FALSE(r.truePeakDbtp);
    EXPECT_FALSE(r.samplePeakDbfs);
    EXPECT_EQ(r.loudnessRangeLu, 0.0);

    meter.prepare(48000, 1);
    std::vector<float> tone(19199);  // one frame short of 400 ms
    for (size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * 997.0 * static_cast<double>(i) / 48000));
    meter.addFrames(tone.data(), tone.size());
    EXPECT_FALSE(meter.report().integratedLufs);
    meter.addFrames(tone.data(), 1);
    EXPECT_TRUE(meter.report().integratedLufs);
}

TEST(LoudnessMeter, RefusesNoChannelsAndRatesBelow4k)
{
    LoudnessMeter meter;
    EXPECT_THROW(meter.prepare(48000, 0), std::invalid_argument);
    EXPECT_THROW(meter.prepare(3999, 2), std::invalid_argument);
    EXPECT_NO_THROW(meter.prepare(4000, 2));
}

// BS.1770-4 prints the filters' coefficients at 48 kHz; derived from the analog prototypes (as
// libebur128 does) they agree to the digits printed.
TEST(LoudnessMeter, KWeightingAt48kIsTheOnePrintedInBs1770)
{
    const auto [shelf, highPass] = kWeightingFilters(48000);
    EXPECT_NEAR(shelf.b0, 1.53512485958697, 1e-9);
    EXPECT_NEAR(shelf.b1, -2.69169618940638, 1e-9);
    EXPECT_NEAR(shelf.b2, 1.19839281085285, 1e-9);
    EXPECT_NEAR(shelf.a1, -1.69065929318241, 1e-9);
    EXPECT_NEAR(shelf.a2, 0.73248077421585, 1e-9);
    EXPECT_EQ(highPass.b0, 1.0);
    EXPECT_EQ(highPass.b1, -2.0);
    EXPECT_EQ(highPass.b2, 1.0);
    EXPECT_NEAR(highPass.a1, -1.99004745483398, 1e-9);
    EXPECT_NEAR(highPass.a2, 0.99007225036621, 1e-9);
}

// Long reels are measured by the same sums; run with --gtest_also_run_disabled_tests (about a
// minute): two hours of 5.1, level moving every 40 s.
TEST(LoudnessMeter, DISABLED_TwoHoursOfFiveOneStayWithinAHundredthOfALu)
{
    const int rate = 48000;
    const Reading r = measure(rate, 6, 2 * 3600 * static_cast<int64_t>(rate), reel(rate, 120));
    expectAgreement(r);
    std::printf("two hours: I %.5f vs libebur128 %.5f LUFS, LRA %.4f vs %.4f LU\n", *r.meter.integratedLufs,
                *r.integrated, r.meter.loudnessRangeLu, r.rangeEvery100Ms);
}

} // namespace
} // namespace cuesmith
