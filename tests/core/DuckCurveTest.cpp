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
