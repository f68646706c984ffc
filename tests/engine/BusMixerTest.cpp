#include "engine/BusMixer.h"

#include "AllocationCounter.h"
#include "MemoryStemSource.h"
#include "core/SessionEdits.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>
#include <random>

namespace cuesmith {
namespace {

using testing::CountAllocations;
using testing::MemoryStemSource;

constexpr int64_t kStart = 172972800;  // 01:00:00:00 at 23.976 / 48 kHz

Cue cueOf(const std::string& number, int64_t start, int64_t length, std::vector<std::string> stems,
          ChannelLayout layout = ChannelLayout::Stereo)
{
    Cue c;
    c.number = number;
    c.startSample = start;
    c.writtenStartSample = start;
    c.lengthSamples = length;
    c.fileSampleRate = 48000;
    for (const auto& s : stems)
        c.stems.push_back(Stem{s, "/mem/" + number + "_" + s + ".wav", layout});
    return c;
}

std::vector<float> noise(int channels, int64_t frames, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-0.25f, 0.25f);
    std::vector<float> v(static_cast<size_t>(channels * frames));
    for (auto& x : v)
        x = d(rng);
    return v;
}

struct Rig {
    RenderPlan plan;
    std::vector<std::unique_ptr<MemoryStemSource>> sources;
    BusMixer mixer;

    Rig(const Session& s, ChannelLayout out, std::vector<std::vector<float>> stemAudio, int block = 512)
    {
        plan = compileRenderPlan(s, out);
        std::vector<StemSource*> pointers;
        for (size_t i = 0; i < plan.stems.size(); ++i) {
            sources.push_back(std::make_unique<MemoryStemSource>(channelCount(plan.stems[i].layout), stemAudio[i]));
            pointers.push_back(sources.back().get());
        }
        mixer.prepare(plan, pointers, block);
    }
};

TEST(BusMixer, AnImpulseLandsOnTheExactTimelineSample)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart + 1001, 4800, {"STR"}));
    std::vector<float> impulse(2 * 4800, 0.0f);
    impulse[2 * 100] = 1.0f;      // L at frame 100
    impulse[2 * 100 + 1] = 0.5f;  // R
    Rig rig(s, ChannelLayout::Stereo, {impulse}, 256);
    const int64_t expected = kStart + 1001 + 100;
    for (int64_t t = kStart; t < kStart + 4096; t += 256) {
        rig.mixer.process(t, 256);
        for (int i = 0; i < 256; ++i) {
            const float l = rig.mixer.busOutput(0)[i * 2];
            if (t + i == expected) {
                EXPECT_EQ(l, 1.0f);
                EXPECT_EQ(rig.mixer.busOutput(0)[i * 2 + 1], 0.5f);
                EXPECT_EQ(rig.mixer.mixOutput()[i * 2], 1.0f);
            } else {
                ASSERT_EQ(l, 0.0f) << "at " << (t + i - kStart);
            }
        }
    }
}

TEST(BusMixer, StemsSumExactlyToTheMix)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart, 20000, {"STR", "BRS", "PRC"}));
    s = addCue(s, cueOf("1M02", kStart + 7000, 20000, {"STR", "ELX"}));
    Rig rig(s, ChannelLayout::Stereo,
            {noise(2, 20000, 1), noise(2, 20000, 2), noise(2, 20000, 3), noise(2, 20000, 4), noise(2, 20000, 5)});
    ASSERT_EQ(rig.mixer.busCount(), 4);
    for (int64_t t = kStart; t < kStart + 27000; t += 512) {
        rig.mixer.process(t, 512);
        for (int i = 0; i < 512 * 2; ++i) {
            float sum = 0.0f;
            for (int b = 0; b < 4; ++b)
                sum += rig.mixer.busOutput(b)[i];
            ASSERT_EQ(sum, rig.mixer.mixOutput()[i]);
        }
    }
}

// The counter the real-time tests rely on sees every way of allocating on the calling thread:
// plain and aligned new, and (outside sanitizer builds, which own malloc) C's malloc family.
TEST(AllocationCounter, CountsNewAlignedNewAndCAllocations)
{
    struct alignas(64) Wide {
        float lanes[16];
    };
    void* volatile sink = nullptr;  // keeps the compiler from eliding a new/delete pair
    size_t counted = 0, expected = 2;
    {
        testing::CountAllocations count;
        sink = new int(1);
        delete static_cast<int*>(sink);
        sink = new Wide();
        delete static_cast<Wide*>(sink);
#if !defined(__SANITIZE_ADDRESS__)
        sink = std::malloc(24);
        std::free(sink);
        void* aligned = nullptr;
        if (posix_memalign(&aligned, 64, 256) == 0)
            std::free(aligned);
        expected = 4;
#endif
        counted = count.count();
    }
    EXPECT_EQ(counted, expected);
}

TEST(BusMixer, ASpliceWithALinearCrossfadeOfIdenticalMaterialIsSeamless)
{
    // The same constant signal on both sides of a splice: a sum-to-one crossfade must give 1.0
    // all through it, with no dip or bump.
    Cue cue = cueOf("1M01", kStart, 48000, {"STR"});
    cue.segments = {{0, 10000, kStart, 0, 960, FadeShape::EqualPower, FadeShape::Linear},
                    {20000, 10000, kStart + 10000 - 960, 960, 0, FadeShape::Linear}};
    Session s = addCue(Session{}, cue);
    RenderPlan plan = compileRenderPlan(s, ChannelLayout::Stereo);
    MemoryStemSource source(2, std::vector<float>(2 * 48000, 1.0f));
    BusMixer mixer;
    mixer.prepare(plan, {&source}, 20000);
    mixer.process(kStart, 19040);
    for (int i = 0; i < 19040; ++i)
        ASSERT_NEAR(mixer.mixOutput()[i * 2], 1.0f, 1e-6f) << "at " << i;
}

TEST(BusMixer, StereoStemsFeedTheFrontPairOfA51Bus)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart, 100, {"STR"}));
    std::vector<float> stereo(200);
    for (int i = 0; i < 100; ++i) {
        stereo[static_cast<size_t>(i * 2)] = 0.5f;
        stereo[static_cast<size_t>(i * 2 + 1)] = -0.25f;
    }
    Rig rig(s, ChannelLayout::Surround51, {stereo}, 100);
    rig.mixer.process(kStart, 100);
    EXPECT_EQ(rig.mixer.outputChannels(), 6);
    const float* out = rig.mixer.busOutput(0);
    EXPECT_EQ(out[0], 0.5f);
    EXPECT_EQ(out[1], -0.25f);
    for (int c = 2; c < 6; ++c)
        EXPECT_EQ(out[c], 0.0f);
}

TEST(BusMixer, ProcessAllocatesNothing)
{
    Cue cue = cueOf("1M01", kStart, 48000, {"STR", "BRS"});
    cue.segments = {{0, 20000, kStart, 480, 960}, {24000, 20000, kStart + 19040, 960, 480}};
    Session s = addCue(Session{}, cue);
    Rig rig(s, ChannelLayout::Surround71, {noise(2, 48000, 7), noise(2, 48000, 8)}, 512);
    size_t allocations = 0;
    {
        CountAllocations counter;
        for (int64_t t = kStart - 1000; t < kStart + 50000; t += 512)
            rig.mixer.process(t, 512);
        allocations = counter.count();
    }
    EXPECT_EQ(allocations, 0u);
}

TEST(BusMixer, TheAllocationCounterSeesAllocations)
{
    // Guards the test above: the counter must notice a real allocation.
    size_t allocations = 0;
    {
        CountAllocations counter;
        auto p = std::make_unique<std::vector<int>>(100);
        allocations = counter.count();
    }
    EXPECT_GE(allocations, 2u);
}

} // namespace
} // namespace cuesmith

namespace cuesmith {
namespace {

TEST(BusMixerDuck, TheDuckIsTheSameWhateverTheBlockSizeAndLeavesTheStemsSummingToTheMix)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart, 96000, {"STR", "BRS"}));
    s.detectedSpeech = {{kStart + 30000, kStart + 60000, 1.0f}};
    s.buses[1].automation.volume = {{kStart, -2.0, AutomationCurve::Smooth}, {kStart + 90000, -8.0, AutomationCurve::Linear}};
    size_t mismatches = 0;
    auto render = [&](int block) -> std::pair<std::vector<float>, std::vector<float>> {
        Rig rig(s, ChannelLayout::Stereo, {noise(2, 96000, 7), noise(2, 96000, 8)}, block);
        std::vector<float> mix, brass;
        for (int64_t t = kStart; t < kStart + 96000; t += block) {
            const int n = static_cast<int>(std::min<int64_t>(block, kStart + 96000 - t));
            rig.mixer.process(t, n);
            for (int i = 0; i < n * 2; ++i) {
                mismatches += rig.mixer.busOutput(0)[i] + rig.mixer.busOutput(1)[i] != rig.mixer.mixOutput()[i];
                mix.push_back(rig.mixer.mixOutput()[i]);
                brass.push_back(rig.mixer.busOutput(1)[i]);
            }
        }
        return std::make_pair(mix, brass);
    };
    const auto big = render(8192);
    const auto small = render(333);
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(big.first, small.first);

    // The brass stem during the line sits at its fader (-2 .. -8 dB) plus the duck (-6 dB).
    const auto dry = noise(2, 96000, 8);
    const int64_t at = 45000;
    const double fader = -2.0 + (-8.0 + 2.0) * (0.5 - 0.5 * std::cos(3.14159265358979 * at / 90000.0));
    const double expected = std::pow(10.0, (fader - 6.0) / 20.0);
    EXPECT_NEAR(big.second[static_cast<size_t>(at * 2)] / dry[static_cast<size_t>(at * 2)], expected, 0.01 * expected);
}

// The STR bus of a one-cue session rendered into `out` with a steady -6 dB dialogue-band cut: its
// front pair, as (L, R) frames.
std::vector<float> frontPairWithBandCut(ChannelLayout stemLayout, ChannelLayout out, const std::vector<float>& audio)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart, 48000, {"STR"}, stemLayout));
    RenderPlan plan = compileRenderPlan(s, out);
    plan.buses[0].eqDepth = GainEnvelope({{kStart, -6.0}});
    std::vector<std::unique_ptr<MemoryStemSource>> sources;
    sources.push_back(std::make_unique<MemoryStemSource>(channelCount(stemLayout), audio));
    BusMixer mixer;
    mixer.prepare(plan, {sources[0].get()}, 4800);
    std::vector<float> pair;
    const int channels = mixer.outputChannels();
    for (int64_t t = kStart; t < kStart + 48000; t += 4800) {
        mixer.process(t, 4800);
        for (int f = 0; f < 4800; ++f)
            for (int c = 0; c < 2; ++c)
                pair.push_back(mixer.busOutput(0)[f * channels + c]);
    }
    return pair;
}

double energy(const std::vector<float>& x)
{
    double e = 0.0;
    for (float v : x)
        e += static_cast<double>(v) * v;
    return e;
}

TEST(BusMixerDialogueEq, AStereoBusInA51DeliveryTakesTheSameBandCutAsInStereo)
{
    // The delivery's layout does not thin the cut of a bus that has no centre of its own. Tones in
    // the band (700 Hz left, 1 kHz right) show the depth plainly.
    std::vector<float> stereo(2 * 48000);
    for (size_t f = 0; f < 48000; ++f) {
        stereo[2 * f] = static_cast<float>(0.25 * std::sin(2.0 * 3.14159265358979 * 700.0 * static_cast<double>(f) / 48000.0));
        stereo[2 * f + 1] = static_cast<float>(0.25 * std::sin(2.0 * 3.14159265358979 * 1000.0 * static_cast<double>(f) / 48000.0));
    }
    const auto inStereo = frontPairWithBandCut(ChannelLayout::Stereo, ChannelLayout::Stereo, stereo);
    for (ChannelLayout out : {ChannelLayout::Surround51, ChannelLayout::Surround71}) {
        const auto inSurround = frontPairWithBandCut(ChannelLayout::Stereo, out, stereo);
        ASSERT_EQ(inSurround.size(), inStereo.size());
        double largest = 0.0;
        for (size_t i = 0; i < inStereo.size(); ++i)
            largest = std::max(largest, static_cast<double>(std::fabs(inSurround[i] - inStereo[i])));
        EXPECT_LT(largest, 1e-6) << channelLayoutName(out);
    }
    // A 5.1 bus keeps the centre-most weighting: its sides are cut less than the stereo bus's.
    std::vector<float> surround(6 * 48000, 0.0f);
    for (size_t f = 0; f < 48000; ++f) {
        surround[f * 6] = stereo[f * 2];
        surround[f * 6 + 1] = stereo[f * 2 + 1];
    }
    const auto sides = frontPairWithBandCut(ChannelLayout::Surround51, ChannelLayout::Surround51, surround);
    // In dB: the stereo bus about -6 on its tones, the 5.1 bus's sides about 60 % of that.
    const double full = 10.0 * std::log10(energy(inStereo) / energy(stereo));
    const double sixty = 10.0 * std::log10(energy(sides) / energy(stereo));
    EXPECT_NEAR(full, -6.0, 1.0);
    EXPECT_NEAR(sixty, 0.6 * full, 0.5);
}

TEST(BusMixerDuck, ProcessAllocatesNothingWhileDucking)
{
    Session s = addCue(Session{}, cueOf("1M01", kStart, 96000, {"STR", "BRS"}));
    s.detectedSpeech = {{kStart + 30000, kStart + 60000, 1.0f}};
    s.buses[0].automation.mute = {{kStart + 10000, true}, {kStart + 20000, false}};
    Rig rig(s, ChannelLayout::Stereo, {noise(2, 96000, 7), noise(2, 96000, 8)}, 512);
    testing::CountAllocations count;
    for (int64_t t = kStart; t < kStart + 96000; t += 512)
        rig.mixer.process(t, 512);
    EXPECT_EQ(count.count(), 0u);
}

} // namespace
} // namespace cuesmith
