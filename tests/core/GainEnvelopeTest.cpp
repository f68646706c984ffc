#include "core/BusAutomation.h"
#include "core/GainEnvelope.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(GainEnvelope, HoldsOutsideItsPointsAndIsStraightBetween)
{
    const GainEnvelope e({{100, -6.0}, {200, 0.0}});
    EXPECT_EQ(e.at(0), -6.0);
    EXPECT_EQ(e.at(150), -3.0);
    EXPECT_EQ(e.at(1000), 0.0);
    EXPECT_EQ(GainEnvelope().at(5), 0.0);
}

TEST(GainEnvelope, SumAndMinimumAreExactAtEverySample)
{
    const GainEnvelope a({{0, 0.0}, {1000, -10.0}});
    const GainEnvelope b({{0, -8.0}, {1000, 0.0}});
    const GainEnvelope sum = a + b;
    const GainEnvelope low = GainEnvelope::minimum(a, b);
    for (int64_t t = 0; t <= 1000; t += 7) {
        EXPECT_NEAR(sum.at(t), a.at(t) + b.at(t), 1e-9);
        EXPECT_NEAR(low.at(t), std::min(a.at(t), b.at(t)), 0.02) << t;  // the crossing lands on a sample
    }
}

TEST(GainEnvelope, SimplifyingKeepsTheShapeWithinTheTolerance)
{
    std::vector<GainPoint> dense;
    for (int64_t t = 0; t <= 48000; t += 480)
        dense.push_back({t, -6.0 * (0.5 - 0.5 * std::cos(3.14159265 * static_cast<double>(t) / 48000.0))});
    const GainEnvelope e(dense);
    const GainEnvelope s = e.simplified(0.1);
    EXPECT_LT(s.points().size(), dense.size() / 4);
    for (int64_t t = 0; t <= 48000; t += 100)
        EXPECT_NEAR(s.at(t), e.at(t), 0.1001) << t;
}

TEST(BusAutomation, CurvesFollowTheirShapeAndMutesReachSilence)
{
    BusAutomation a;
    a.volume = {{0, 0.0, AutomationCurve::Smooth}, {48000, -12.0, AutomationCurve::Linear}};
    a.mute = {{96000, true}, {144000, false}};
    const GainEnvelope e = compileAutomation(a, 48000);
    EXPECT_NEAR(e.at(24000), -6.0, 0.05);  // halfway through an S-curve: half the change
    EXPECT_GT(e.at(12000), -12.0 * 0.25);  // eases out: a quarter of the way, under a quarter of the change
    EXPECT_LT(e.at(12000), -1.0);
    EXPECT_LE(e.at(96000 + 480), kSilenceDecibels);  // closed after 10 ms
    EXPECT_NEAR(e.at(144000 + 480), -12.0, 1e-9);    // open again, at the fader's level
}

TEST(BusAutomationEdits, OnePointPerTimeInOrderAndRemovalSaysWhetherThereWasOne)
{
    BusAutomation a;
    setVolumePoint(a, {48000, -3.0, AutomationCurve::Smooth});
    setVolumePoint(a, {0, 0.0});
    setVolumePoint(a, {96000, -9.0});
    setVolumePoint(a, {48000, -6.0, AutomationCurve::Fast});  // replaces, not added beside
    ASSERT_EQ(a.volume.size(), 3u);
    EXPECT_EQ(a.volume[0].sample, 0);
    EXPECT_EQ(a.volume[1], (VolumePoint{48000, -6.0, AutomationCurve::Fast}));
    EXPECT_EQ(a.volume[2].sample, 96000);
    setMutePoint(a, {1000, true});
    setMutePoint(a, {1000, false});
    ASSERT_EQ(a.mute.size(), 1u);
    EXPECT_FALSE(a.mute[0].muted);
    EXPECT_TRUE(removeVolumePoint(a, 48000));
    EXPECT_FALSE(removeVolumePoint(a, 48000));
    EXPECT_EQ(a.volume.size(), 2u);
    EXPECT_TRUE(removeMutePoint(a, 1000));
    EXPECT_TRUE(a.mute.empty());
}

} // namespace
} // namespace cuesmith
