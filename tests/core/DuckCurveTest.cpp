#include "core/DuckCurve.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kRate = 48000;
int64_t ms(double m) { return static_cast<int64_t>(std::llround(m * 48.0)); }

TEST(DuckCurve, IsAlreadyDownWhenTheLineStartsAndBackUpAfterTheRelease)
{
    DuckSettings s;
    s.depthDb = -6.0;
    const GainEnvelope curve = duckCurve({{ms(5000), ms(7000), 0.9f}}, s, kRate);
    EXPECT_DOUBLE_EQ(curve.at(ms(5000)), -6.0);
    EXPECT_DOUBLE_EQ(curve.at(ms(6999)), -6.0);
    EXPECT_DOUBLE_EQ(curve.at(0), 0.0);
    EXPECT_DOUBLE_EQ(curve.at(ms(20000)), 0.0);
    // -6 dB at 10 dB/s needs 600 ms: longer than the 200 ms lead, so the ramp starts 600 ms early.
    EXPECT_DOUBLE_EQ(curve.at(ms(4400)), 0.0);
    EXPECT_NEAR(curve.at(ms(4700)), -3.0, 1e-9);
    // The release is 1 s (slower than the ceiling requires).
    EXPECT_NEAR(curve.at(ms(7500)), -3.0, 1e-9);
    EXPECT_DOUBLE_EQ(curve.at(ms(8000)), 0.0);
}

TEST(DuckCurve, NeverMovesFasterThanTheSlopeCeiling)
{
    for (double depth : {-2.0, -6.0, -12.0, -30.0})
        for (double ceiling : {3.0, 10.0, 40.0}) {
            DuckSettings s;
            s.depthDb = depth;
            s.leadMs = 50;
            s.releaseMs = 50;
            s.maxSlopeDbPerSecond = ceiling;
            // Lines with every kind of pause between them, so ramps overlap.
            std::vector<SpeechRegion> lines;
            int64_t t = ms(1000);
            for (double pause : {100.0, 800.0, 1200.0, 300.0, 2500.0, 900.0}) {
                lines.push_back({t, t + ms(1500), 1.0f});
                t += ms(1500 + pause);
            }
            const GainEnvelope curve = duckCurve(lines, s, kRate);
            EXPECT_LE(curve.steepestSlope(kRate), ceiling * 1.001) << depth << " dB at " << ceiling << " dB/s";
        }
}

TEST(DuckCurve, PausesShorterThanTheHoldMakeOneDuckPerPhrase)
{
    DuckSettings s;  // hold 700 ms
    const std::vector<SpeechRegion> words{{ms(1000), ms(1400), 1.0f}, {ms(1900), ms(2500), 1.0f},
                                          {ms(2800), ms(3300), 1.0f}, {ms(6000), ms(7000), 1.0f}};
    EXPECT_EQ(speechPhrases(words, ms(700)).size(), 2u);
    const GainEnvelope curve = duckCurve(words, s, kRate);
    // Down through the short pauses, no release between the words.
    for (int64_t t = ms(1000); t < ms(3300); t += ms(10))
        ASSERT_DOUBLE_EQ(curve.at(t), s.depthDb) << t;
    // Back up fully between the two phrases (3.3 s + 1 s release < 6 s - ramp).
    EXPECT_DOUBLE_EQ(curve.at(ms(4700)), 0.0);
}

TEST(DuckCurve, DisabledOrWithoutSpeechItIsUnity)
{
    DuckSettings off;
    off.enabled = false;
    EXPECT_TRUE(duckCurve({{0, 48000, 1.0f}}, off, kRate).isUnity());
    EXPECT_TRUE(duckCurve({}, DuckSettings{}, kRate).isUnity());
}

TEST(DuckCurve, AbsurdSettingsAreClampedNotObeyed)
{
    DuckSettings s;
    s.depthDb = 12.0;   // a boost is not a duck
    s.releaseMs = 0.0;  // zero release
    s.holdMs = -5.0;
    s.maxSlopeDbPerSecond = std::nan("");
    const DuckSettings c = clamped(s);
    EXPECT_EQ(c.depthDb, 0.0);
    EXPECT_EQ(c.releaseMs, 10.0);
    EXPECT_EQ(c.holdMs, 0.0);
    EXPECT_EQ(c.maxSlopeDbPerSecond, 10.0);
    s.depthDb = -400.0;
    const GainEnvelope curve = duckCurve({{ms(2000), ms(3000), 1.0f}}, s, kRate);
    EXPECT_DOUBLE_EQ(curve.at(ms(2500)), -40.0);
    for (const auto& p : curve.points())
        EXPECT_TRUE(std::isfinite(p.decibels));
}

// A phrase of one window is what phraseCurve gives, point for point, overlapping ramps and all:
// short phrases keep the dialogue cut they had before depths followed the music within phrases.
TEST(WindowedPhraseCurve, OneWindowPerPhraseIsExactlyThePhraseCurve)
{
    DuckSettings shape;
    shape.leadMs = 150.0;
    std::vector<SpeechRegion> phrases;
    std::vector<double> depths;
    std::vector<std::vector<DepthWindow>> windows;
    int64_t t = ms(1000);
    for (int i = 0; i < 40; ++i) {
        const int64_t length = ms(300.0 + (i * 737) % 3500);
        const double depth = i % 7 == 3 ? 0.0 : -0.5 - (i * 13) % 11;
        phrases.push_back({t, t + length, 1.0f});
        depths.push_back(depth);
        windows.push_back({{t, t + length, depth}});
        t += length + ms(100.0 + (i * 389) % 2500);  // some ramps overlap, some do not
    }
    for (double ceiling : {0.5, 10.0, 200.0}) {
        shape.maxSlopeDbPerSecond = ceiling;
        EXPECT_EQ(windowedPhraseCurve(windows, shape, kRate), phraseCurve(phrases, depths, shape, kRate)) << ceiling;
    }
}

TEST(WindowedPhraseCurve, FollowsEachWindowsDepthMovingNoFasterThanTheCeiling)
{
    DuckSettings shape;  // lead 200 ms, release 1 s, 10 dB/s
    // One 12 s phrase: 2 dB, then 8 dB for 4 s, then 3 dB.
    const std::vector<std::vector<DepthWindow>> phrase{
        {{ms(5000), ms(9000), -2.0}, {ms(9000), ms(13000), -8.0}, {ms(13000), ms(17000), -3.0}}};
    const GainEnvelope curve = windowedPhraseCurve(phrase, shape, kRate);
    EXPECT_LE(curve.steepestSlope(kRate), 10.0 * 1.001);
    // The deeper window's depth is there as it starts and until it ends; the ramps between are in
    // the shallower windows, at the ceiling (6 dB in 0.6 s, 5 dB in 0.5 s).
    EXPECT_DOUBLE_EQ(curve.at(ms(9000)), -8.0);
    EXPECT_DOUBLE_EQ(curve.at(ms(12999)), -8.0);
    EXPECT_NEAR(curve.at(ms(8700)), -5.0, 1e-9);
    EXPECT_NEAR(curve.at(ms(8400)), -2.0, 1e-9);
    EXPECT_NEAR(curve.at(ms(13250)), -5.5, 1e-9);
    EXPECT_NEAR(curve.at(ms(13500)), -3.0, 1e-9);
    for (int64_t at = ms(5000); at < ms(8400); at += ms(10))
        ASSERT_NEAR(curve.at(at), -2.0, 1e-9) << at;
    for (int64_t at = ms(13500); at < ms(17000); at += ms(10))
        ASSERT_NEAR(curve.at(at), -3.0, 1e-9) << at;
    // Lead and release at the phrase's ends, as a duck's (2 dB: the 200 ms lead; 3 dB: the 1 s release).
    EXPECT_DOUBLE_EQ(curve.at(ms(4800)), 0.0);
    EXPECT_NEAR(curve.at(ms(4900)), -1.0, 1e-9);
    EXPECT_NEAR(curve.at(ms(17500)), -1.5, 1e-9);
    EXPECT_DOUBLE_EQ(curve.at(ms(18000)), 0.0);
    EXPECT_DOUBLE_EQ(curve.at(0), 0.0);
    EXPECT_DOUBLE_EQ(curve.at(ms(60000)), 0.0);
}

TEST(WindowedPhraseCurve, NeverMovesFasterThanTheCeilingWhateverTheWindows)
{
    for (double ceiling : {0.5, 3.0, 10.0, 200.0}) {
        DuckSettings shape;
        shape.leadMs = 0.0;
        shape.releaseMs = 10.0;
        shape.maxSlopeDbPerSecond = ceiling;
        std::vector<std::vector<DepthWindow>> phrases;
        int64_t t = ms(1000);
        for (int p = 0; p < 6; ++p) {
            std::vector<DepthWindow> windows;
            for (int w = 0; w < 1 + p % 4; ++w) {  // 1 to 4 windows of 2 to 2.9 s, 0.5 to 24.5 dB
                const int64_t length = ms(2000.0 + w * 300.0);
                windows.push_back({t, t + length, -((p * 7 + w * 11) % 25) - 0.5});
                t += length;
            }
            phrases.push_back(windows);
            t += ms(400.0 * p);
        }
        const GainEnvelope curve = windowedPhraseCurve(phrases, shape, kRate);
        EXPECT_LE(curve.steepestSlope(kRate), ceiling * 1.001) << ceiling << " dB/s";
        for (const auto& p : curve.points())
            EXPECT_TRUE(p.decibels <= 0.0 && p.decibels >= -24.5) << p.decibels;
    }
}

} // namespace
} // namespace cuesmith

#include "core/SessionEdits.h"

namespace cuesmith {
namespace {

// What a bus plays: its automation plus its duck (the plan's sum).
GainEnvelope playedGain(const Session& s, const StemBus& bus)
{
    return compileAutomation(bus.automation, s.sampleRate) + duckCurve(s.speech(), bus.duck, s.sampleRate);
}

TEST(PrintDucks, GivesFewOrdinaryPointsThatSoundTheSameWithinATenthOfADecibel)
{
    Cue cue;
    cue.number = "1M01";
    cue.lengthSamples = 48000 * 60;
    cue.fileSampleRate = 48000;
    cue.stems = {Stem{"STR", "/s/str.wav", ChannelLayout::Stereo}, Stem{"BRS", "/s/brs.wav", ChannelLayout::Stereo}};
    Session s = addCue(Session{}, cue);
    for (int i = 0; i < 12; ++i)
        s.detectedSpeech.push_back({ms(2000 + i * 4100.0), ms(2000 + i * 4100.0 + 1800 + (i % 3) * 500), 0.9f});
    s.buses[1].automation.volume = {{ms(1000), -1.0, AutomationCurve::Smooth}, {ms(30000), -7.0, AutomationCurve::Linear}};
    const Session printed = printDucksToAutomation(s);
    for (size_t b = 0; b < s.buses.size(); ++b) {
        EXPECT_FALSE(printed.buses[b].duck.enabled);
        const GainEnvelope before = playedGain(s, s.buses[b]);
        const GainEnvelope after = playedGain(printed, printed.buses[b]);
        for (int64_t t = 0; t < ms(60000); t += 480)
            ASSERT_NEAR(after.at(t), before.at(t), 0.1) << s.buses[b].name << " at " << t;
        // Four points per duck at most, plus the smooth fader move in straight pieces.
        EXPECT_LE(printed.buses[b].automation.volume.size(), 4u * 12u + 34u) << s.buses[b].name;
    }
    // Printing twice changes nothing more: the ducks are off now.
    EXPECT_EQ(printDucksToAutomation(printed).buses[1].automation, printed.buses[1].automation);
    EXPECT_THROW(printDucksToAutomation(s, "HRN"), SessionEditError);
}

} // namespace
} // namespace cuesmith
