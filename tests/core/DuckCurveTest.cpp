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
