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
#include <string>
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

// Where the EQ sits: the delivery's layout (the frames), the layout of what the bus carries, and
// which of the channels it leaves alone by default it is asked to cut.
struct Placement {
    ChannelLayout output = ChannelLayout::Stereo, bus = ChannelLayout::Stereo;
    bool surrounds = false, lfe = false;
    DialogueEqSettings settings() const
    {
        DialogueEqSettings s;
        s.includeSurrounds = surrounds;
        s.includeLfe = lfe;
        return s;
    }
    std::string name() const
    {
        return channelLayoutName(bus) + " bus in " + channelLayoutName(output) + (surrounds ? " +surrounds" : "")
               + (lfe ? " +LFE" : "");
    }
};

// Each layout's bus in its own delivery.
Placement own(ChannelLayout layout, bool surrounds = false, bool lfe = false)
{
    return {layout, layout, surrounds, lfe};
}

// The reference: one channel at a time, sample by sample.
std::vector<float> referenceFilter(std::vector<float> x, int channels, const Placement& where, const GainEnvelope& depth)
{
    const int64_t frames = static_cast<int64_t>(x.size()) / channels;
    for (int c = 0; c < channels; ++c) {
        const double weight = DialogueBandEq::channelWeight(where.output, where.bus, c, where.settings());
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

std::vector<float> filtered(std::vector<float> x, int channels, const Placement& where, const GainEnvelope& depth,
                            int block)
{
    DialogueBandEq eq;
    eq.prepare(kRate, where.output, where.bus, where.settings(), depth);
    const int frames = static_cast<int>(x.size()) / channels;
    for (int t = 0; t < frames; t += block)
        eq.process(t, x.data() + t * channels, std::min(block, frames - t));
    return x;
}

TEST(DialogueBandEq, EveryLayoutFiltersAsTheOneChannelAtATimeReference)
{
    const int frames = 24000;
    using enum ChannelLayout;
    for (const Placement& where :
         {own(Mono), own(Stereo), own(Surround51), own(Surround51, true), own(Surround51, false, true),
          own(Surround51, true, true), own(Surround71), own(Surround71, true), own(Surround71, true, true),
          Placement{Surround51, Stereo}, Placement{Surround51, Mono}, Placement{Surround71, Stereo},
          Placement{Stereo, Surround51}}) {
        const ChannelLayout layout = where.output;
        const int channels = channelCount(layout);
        const auto input = noise(channels, frames);
        const auto expected = referenceFilter(input, channels, where, movingDepth());
        const auto actual = filtered(input, channels, where, movingDepth(), 1000);
        for (int c = 0; c < channels; ++c) {
            const bool untouched = DialogueBandEq::channelWeight(layout, where.bus, c, where.settings()) == 0.0f;
            double largest = 0.0;
            for (int t = 0; t < frames; ++t) {
                const auto i = static_cast<size_t>(t * channels + c);
                if (untouched) {
                    ASSERT_EQ(actual[i], input[i]) << where.name() << " channel " << c << " frame " << t;
                }
                largest = std::max(largest, static_cast<double>(std::fabs(actual[i] - expected[i])));
            }
            // Multiply-adds round once where the reference rounds twice: a few float steps apart.
            EXPECT_LT(largest, 2e-6) << where.name() << " channel " << c;
        }
    }
}

TEST(DialogueBandEq, AnyBlockSizeGivesTheSameSamples)
{
    const auto input = noise(6, 24000);
    const auto whole = filtered(input, 6, own(ChannelLayout::Surround51), movingDepth(), 24000);
    for (int block : {1, 31, 512, 4097})
        EXPECT_EQ(filtered(input, 6, own(ChannelLayout::Surround51), movingDepth(), block), whole) << block;
}

// The level of a steady sine in channel `channel` after the EQ at a steady -6 dB cut, in dB.
double sineChangeDb(double frequency, const Placement& where, int channel)
{
    const int channels = channelCount(where.output), frames = 48000;
    std::vector<float> x(static_cast<size_t>(channels * frames), 0.0f);
    for (int t = 0; t < frames; ++t)
        x[static_cast<size_t>(t * channels + channel)] =
            static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * frequency * t / kRate));
    const auto y = filtered(x, channels, where, GainEnvelope({{0, -6.0}}), 512);
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
    using enum ChannelLayout;
    // A 5.1 bus: the centre takes the full depth, left and right 60 % of it (in dB).
    EXPECT_NEAR(sineChangeDb(700.0, own(Surround51), 2), -6.0, 1.0);
    EXPECT_NEAR(sineChangeDb(700.0, own(Surround51), 0), -3.6, 0.8);
    EXPECT_NEAR(sineChangeDb(700.0, own(Stereo), 1), -6.0, 1.0);
    // A stereo bus placed in the front pair of a 5.1 delivery has no centre: its pair takes it all,
    // exactly as in a stereo delivery.
    EXPECT_NEAR(sineChangeDb(700.0, Placement{Surround51, Stereo}, 0), -6.0, 1.0);
    EXPECT_NEAR(sineChangeDb(700.0, Placement{Surround51, Stereo}, 1), sineChangeDb(700.0, own(Stereo), 1), 1e-4);
    EXPECT_NEAR(sineChangeDb(700.0, Placement{Surround71, Stereo}, 0), -6.0, 1.0);
    // Outside the band, little changes; the LFE and (unless asked) the surrounds nothing at all.
    EXPECT_GT(sineChangeDb(60.0, own(Surround51), 2), -1.0);
    EXPECT_GT(sineChangeDb(10000.0, own(Surround51), 2), -1.0);
    EXPECT_EQ(sineChangeDb(700.0, own(Surround51), 3), 0.0);
    EXPECT_EQ(sineChangeDb(700.0, own(Surround71), 6), 0.0);
    EXPECT_EQ(sineChangeDb(700.0, Placement{Surround51, Stereo}, 4), 0.0);
    // Asked, they are cut like the sides.
    EXPECT_NEAR(sineChangeDb(700.0, own(Surround51, true), 4), -3.6, 0.8);
    EXPECT_NEAR(sineChangeDb(700.0, own(Surround51, false, true), 3), -3.6, 0.8);
    EXPECT_EQ(sineChangeDb(700.0, own(Surround51, false, true), 4), 0.0);
}

TEST(DialogueBandEq, ChannelWeightsFollowWhatTheBusCarries)
{
    using enum ChannelLayout;
    auto weights = [](const Placement& where) {
        std::vector<float> w;
        for (int c = 0; c < channelCount(where.output); ++c)
            w.push_back(DialogueBandEq::channelWeight(where.output, where.bus, c, where.settings()));
        return w;
    };
    using W = std::vector<float>;
    // No centre in the delivery: the whole cut everywhere.
    EXPECT_EQ(weights(own(Mono)), (W{1.0f}));
    EXPECT_EQ(weights(own(Stereo)), (W{1.0f, 1.0f}));
    EXPECT_EQ(weights(Placement{Stereo, Surround51}), (W{1.0f, 1.0f}));
    // A bus with a centre: centre most, L R at 60 %, LFE and surrounds only when asked.
    EXPECT_EQ(weights(own(Surround51)), (W{0.6f, 0.6f, 1.0f, 0.0f, 0.0f, 0.0f}));
    EXPECT_EQ(weights(own(Surround51, true)), (W{0.6f, 0.6f, 1.0f, 0.0f, 0.6f, 0.6f}));
    EXPECT_EQ(weights(own(Surround51, false, true)), (W{0.6f, 0.6f, 1.0f, 0.6f, 0.0f, 0.0f}));
    EXPECT_EQ(weights(own(Surround71, true, true)), (W{0.6f, 0.6f, 1.0f, 0.6f, 0.6f, 0.6f, 0.6f, 0.6f}));
    EXPECT_EQ(weights(own(Surround71)), (W{0.6f, 0.6f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f}));
    // A stereo or mono bus in a 5.1/7.1 delivery: the front it fills takes the whole cut.
    EXPECT_EQ(weights(Placement{Surround51, Stereo}), (W{1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f}));
    EXPECT_EQ(weights(Placement{Surround51, Mono}), (W{1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f}));
    EXPECT_EQ(weights(Placement{Surround71, Stereo}), (W{1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f}));
}

} // namespace
} // namespace cuesmith
