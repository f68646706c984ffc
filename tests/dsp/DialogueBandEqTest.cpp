// The dialogue-band EQ filters all channels of a frame side by side in vector lanes. Checked here
// against the plainest form of the same filter (each channel on its own, two RBJ low shelves in
// direct form, the depth read on the same 32-sample grid), on every layout, and for what it does
// to the sound: the band cut as deep as asked, the rest of the spectrum and the channels it must
// not touch left alone.
#include "dsp/DialogueBandEq.h"
#include "dsp/EnvelopeGain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace cuesmith {
namespace {

constexpr double kRate = 48000.0;

struct Shelf {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0, x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    void set(double frequency, double gainDb)
    {
        const double a = std::pow(10.0, gainDb / 40.0), w0 = 2.0 * std::numbers::pi * frequency / kRate;
        const double cosw = std::cos(w0), k = 2.0 * std::sqrt(a) * std::sin(w0) / 2.0 * std::sqrt(2.0);
        const double a0 = (a + 1) + (a - 1) * cosw + k;
        b0 = a * ((a + 1) - (a - 1) * cosw + k) / a0;
        b1 = 2 * a * ((a - 1) - (a + 1) * cosw) / a0;
        b2 = a * ((a + 1) - (a - 1) * cosw - k) / a0;
        a1 = -2 * ((a - 1) + (a + 1) * cosw) / a0;
        a2 = ((a + 1) + (a - 1) * cosw - k) / a0;
    }
    double run(double x)
    {
        const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1, x1 = x, y2 = y1, y1 = y;
        return y;
    }
};

// The reference: one channel at a time, sample by sample.
std::vector<float> referenceFilter(std::vector<float> x, int channels, ChannelLayout layout, bool surrounds,
                                   const GainEnvelope& depth)
{
    const int64_t frames = static_cast<int64_t>(x.size()) / channels;
    for (int c = 0; c < channels; ++c) {
        const double weight = DialogueBandEq::channelWeight(layout, c, surrounds);
        Shelf cut, restore;
        for (int64_t t = 0; t < frames; ++t) {
            const double d = std::min(0.0, depth.at(envelopeGridFloor(t))) * weight;
            float& sample = x[static_cast<size_t>(t * channels + c)];
            if (d == 0.0) {  // passes untouched, the history that of an identity filter
                cut.run(0.0);
                restore.run(0.0);
                cut.x1 = cut.y1 = restore.x1 = restore.y1 = sample;
                cut.x2 = restore.x2 = t > 0 ? x[static_cast<size_t>((t - 1) * channels + c)] : 0.0;
                cut.y2 = restore.y2 = cut.x2;
                continue;
            }
            cut.set(2000.0, d);
            restore.set(250.0, -d);
            sample = static_cast<float>(restore.run(cut.run(sample)));
        }
    }
    return x;
}

std::vector<float> noise(int channels, int frames)
{
    std::mt19937 random(3);
    std::normal_distribution<float> n(0.0f, 0.2f);
    std::vector<float> x(static_cast<size_t>(channels * frames));
    for (float& v : x)
        v = n(random);
    return x;
}

// A cut that starts, holds at -9 dB, moves and ends within the signal.
GainEnvelope movingDepth()
{
    return GainEnvelope({{0, 0.0}, {3000, 0.0}, {7000, -9.0}, {12000, -9.0}, {15000, -4.0}, {19000, 0.0}});
}

std::vector<float> filtered(std::vector<float> x, int channels, ChannelLayout layout, bool surrounds,
                            const GainEnvelope& depth, int block)
{
    DialogueBandEq eq;
    DialogueEqSettings settings;
    settings.includeSurrounds = surrounds;
    eq.prepare(kRate, layout, settings, depth);
    const int frames = static_cast<int>(x.size()) / channels;
    for (int t = 0; t < frames; t += block)
        eq.process(t, x.data() + t * channels, std::min(block, frames - t));
    return x;
}

TEST(DialogueBandEq, EveryLayoutFiltersAsTheOneChannelAtATimeReference)
{
    const int frames = 24000;
    for (const auto& [layout, surrounds] : {std::pair{ChannelLayout::Mono, false}, std::pair{ChannelLayout::Stereo, false},
                                            std::pair{ChannelLayout::Surround51, false},
                                            std::pair{ChannelLayout::Surround51, true},
                                            std::pair{ChannelLayout::Surround71, false},
                                            std::pair{ChannelLayout::Surround71, true}}) {
        const int channels = channelCount(layout);
        const auto input = noise(channels, frames);
        const auto expected = referenceFilter(input, channels, layout, surrounds, movingDepth());
        const auto actual = filtered(input, channels, layout, surrounds, movingDepth(), 1000);
        for (int c = 0; c < channels; ++c) {
            const bool untouched = DialogueBandEq::channelWeight(layout, c, surrounds) == 0.0f;
            double largest = 0.0;
            for (int t = 0; t < frames; ++t) {
                const auto i = static_cast<size_t>(t * channels + c);
                if (untouched) {
                    ASSERT_EQ(actual[i], input[i]) << channelLayoutName(layout) << " channel " << c << " frame " << t;
                }
                largest = std::max(largest, static_cast<double>(std::fabs(actual[i] - expected[i])));
            }
            // Multiply-adds round once where the reference rounds twice: a few float steps apart.
            EXPECT_LT(largest, 2e-6) << channelLayoutName(layout) << " channel " << c;
        }
    }
}

TEST(DialogueBandEq, AnyBlockSizeGivesTheSameSamples)
{
    const auto input = noise(6, 24000);
    const auto whole = filtered(input, 6, ChannelLayout::Surround51, false, movingDepth(), 24000);
    for (int block : {1, 31, 512, 4097})
        EXPECT_EQ(filtered(input, 6, ChannelLayout::Surround51, false, movingDepth(), block), whole) << block;
}

// The level of a steady sine in channel `channel` after the EQ at a steady -6 dB cut, in dB.
double sineChangeDb(double frequency, ChannelLayout layout, int channel)
{
    const int channels = channelCount(layout), frames = 48000;
    std::vector<float> x(static_cast<size_t>(channels * frames), 0.0f);
    for (int t = 0; t < frames; ++t)
        x[static_cast<size_t>(t * channels + channel)] =
            static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * frequency * t / kRate));
    const auto y = filtered(x, channels, layout, false, GainEnvelope({{0, -6.0}}), 512);
    double in = 0.0, out = 0.0;
    for (int t = frames / 2; t < frames; ++t) {  // after the filters settle
        const auto i = static_cast<size_t>(t * channels + channel);
        in += static_cast<double>(x[i]) * x[i];
        out += static_cast<double>(y[i]) * y[i];
    }
    return 10.0 * std::log10(out / in);
}

TEST(DialogueBandEq, CutsTheBandAsDeepAsAskedAndLeavesTheRest)
{
    // The centre takes the full depth, left and right 60 % of it (in dB).
    EXPECT_NEAR(sineChangeDb(700.0, ChannelLayout::Surround51, 2), -6.0, 1.0);
    EXPECT_NEAR(sineChangeDb(700.0, ChannelLayout::Surround51, 0), -3.6, 0.8);
    EXPECT_NEAR(sineChangeDb(700.0, ChannelLayout::Stereo, 1), -6.0, 1.0);
    // Outside the band, little changes; the LFE and (unless asked) the surrounds nothing at all.
    EXPECT_GT(sineChangeDb(60.0, ChannelLayout::Surround51, 2), -1.0);
    EXPECT_GT(sineChangeDb(10000.0, ChannelLayout::Surround51, 2), -1.0);
    EXPECT_EQ(sineChangeDb(700.0, ChannelLayout::Surround51, 3), 0.0);
    EXPECT_EQ(sineChangeDb(700.0, ChannelLayout::Surround71, 6), 0.0);
}

} // namespace
} // namespace cuesmith
