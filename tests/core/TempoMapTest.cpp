#include "core/TempoMap.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(TempoMap, SteadyTempoPutsBeatsOnExactSamples)
{
    // 120 bpm at 48 kHz: a beat every 24 000 samples, a 4/4 bar every 96 000.
    const TempoMap m = tempoMapFromBpm(120.0, 4, 4, 0, 480000, 48000);
    ASSERT_EQ(m.beats.size(), 20u);
    EXPECT_EQ(m.beats[1], 24000);
    EXPECT_EQ(m.beats[19], 456000);
    EXPECT_EQ(barLines(m), (std::vector<int64_t>{0, 96000, 192000, 288000, 384000}));
}

TEST(TempoMap, AnUnevenTempoDoesNotDriftOverManyBars)
{
    // 84 bpm = 34 285.714... samples a beat: rounding each beat must not add up.
    const TempoMap m = tempoMapFromBpm(84.0, 4, 4, 0, 48000 * 900, 48000);
    ASSERT_GT(m.beats.size(), 1000u);
    const int64_t beat1000 = m.beats.at(1000);
    EXPECT_EQ(beat1000, 34285714);  // 1000 * 34285.714..., rounded once
}

TEST(TempoMap, BarBeatRoundTrips)
{
    const TempoMap m = tempoMapFromBpm(96.0, 3, 4, 6000, 48000 * 30, 48000);
    EXPECT_EQ(sampleOfBarBeat(m, {1, 1}), 6000);
    EXPECT_EQ(sampleOfBarBeat(m, {2, 1}), 6000 + 3 * 30000);
    EXPECT_EQ(sampleOfBarBeat(m, {2, 3}), 6000 + 5 * 30000);
    EXPECT_FALSE(sampleOfBarBeat(m, {2, 4}).has_value());
    EXPECT_EQ(barBeatAt(m, 6000 + 5 * 30000 + 10), (BarBeat{2, 3}));
    EXPECT_EQ(barBeatAt(m, 6000), (BarBeat{1, 1}));
}

TEST(TempoMap, AnOffsetDownbeatLeavesAPickupBeforeBarOne)
{
    // Downbeat 1.5 beats in at 120 bpm: one pickup beat at 12 000.
    const TempoMap m = tempoMapFromBpm(120.0, 4, 4, 36000, 200000, 48000);
    EXPECT_EQ(m.firstDownbeat, 1);
    EXPECT_EQ(m.beats[0], 12000);
    EXPECT_EQ(sampleOfBarBeat(m, {1, 1}), 36000);
    EXPECT_EQ(barBeatAt(m, 12000), (BarBeat{0, 4}));
    EXPECT_EQ(barLines(m).front(), 36000);
}

TEST(TempoMap, TempoListChangesSpeedAtItsBeat)
{
    // 4 beats at 120 (24 000 each), then 60 bpm (48 000 each).
    const TempoMap m = tempoMapFromSections({{0.0, 120.0}, {4.0, 60.0}}, 4, 4, 0, 300000, 48000);
    EXPECT_EQ(m.beats[4], 96000);
    EXPECT_EQ(m.beats[5], 144000);
    EXPECT_EQ(m.beats[6], 192000);
}

TEST(TempoMap, ATempoListIsReadAsBarEqualsBpm)
{
    const auto list = parseTempoList("1=96, 17=120,33=88.5", 4);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[1].startBeat, 64.0);  // bar 17's downbeat in 4/4
    EXPECT_EQ((*list)[1].bpm, 120.0);
    EXPECT_EQ((*list)[2].startBeat, 128.0);
    EXPECT_EQ((*list)[2].bpm, 88.5);
    EXPECT_EQ((*parseTempoList("1=60,3=120", 3))[1].startBeat, 6.0);  // 3/4
    // Bar 3 of 3/4 at 60 bpm starts after 6 one-second beats; its beats then come every half second.
    const TempoMap m = tempoMapFromSections(*parseTempoList("1=60,3=120", 3), 3, 4, 0, 48000 * 10, 48000);
    EXPECT_EQ(m.beats[6], 6 * 48000);
    EXPECT_EQ(m.beats[7], 6 * 48000 + 24000);
    for (const char* bad : {"", "96", "1=", "=96", "0=96", "1=96,x=120", "1=-5", "1=96;17=120", "1=nan"})
        EXPECT_FALSE(parseTempoList(bad, 4)) << bad;
    EXPECT_THROW(tempoMapFromSections(*parseTempoList("2=96", 4), 4, 4, 0, 1000, 48000), std::invalid_argument);
    EXPECT_THROW(tempoMapFromSections(*parseTempoList("1=96,9=120,5=100", 4), 4, 4, 0, 1000, 48000),
                 std::invalid_argument);
}

TEST(TempoMap, NearestBarLineAndAverageTempo)
{
    const TempoMap m = tempoMapFromBpm(120.0, 4, 4, 0, 480000, 48000);
    EXPECT_EQ(nearestBarLine(m, 140000), 96000);
    EXPECT_EQ(nearestBarLine(m, 150000), 192000);
    EXPECT_EQ(nearestBarLine(m, -5), 0);
    EXPECT_NEAR(*averageBpm(m, 48000), 120.0, 1e-9);
}

TEST(TempoMap, RefusesNonsense)
{
    EXPECT_THROW(tempoMapFromBpm(0.0, 4, 4, 0, 1000, 48000), std::invalid_argument);
    EXPECT_THROW(tempoMapFromBpm(1000.0, 4, 4, 0, 1000, 48000), std::invalid_argument);
    EXPECT_THROW(tempoMapFromBpm(120.0, 0, 4, 0, 1000, 48000), std::invalid_argument);
    EXPECT_THROW(tempoMapFromBpm(120.0, 4, 3, 0, 1000, 48000), std::invalid_argument);
    EXPECT_THROW(tempoMapFromSections({{1.0, 120.0}}, 4, 4, 0, 1000, 48000), std::invalid_argument);
    EXPECT_EQ(parseMeter("6/8"), std::make_pair(6, 8));
    EXPECT_FALSE(parseMeter("4").has_value());
    EXPECT_FALSE(parseMeter("4/3").has_value());
    EXPECT_EQ(parseBarBeat("12.3"), (BarBeat{12, 3}));
    EXPECT_EQ(parseBarBeat("7"), (BarBeat{7, 1}));
    EXPECT_FALSE(parseBarBeat("x.1").has_value());
}

} // namespace
} // namespace cuesmith
