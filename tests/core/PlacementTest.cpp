#include "core/Placement.h"

#include "core/SessionEdits.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

Session sceneWithCue()
{
    Session s;
    s.frameRate = kFps23_976;
    CutVersion cut;
    cut.name = "v1";
    for (int i = 0; i < 3; ++i) {
        EdlEvent e;
        e.channels = "V";
        e.recordInFrame = 86400 + i * 240;
        e.recordOutFrame = 86400 + (i + 1) * 240;
        cut.edl.events.push_back(e);
    }
    cut.edl.markers.push_back({"01:00:55:00", 86400 + 55 * 24, "BLUE", "FERRY HORN"});
    s = addCutVersion(s, cut);
    Cue cue;
    cue.number = "1M03";
    cue.startSample = 175066892;
    cue.lengthSamples = 685715;
    cue.stems = {{"STR", "/x.wav", ChannelLayout::Stereo}};
    cue.tempo = tempoMapFromBpm(84.0, 4, 4, 0, cue.lengthSamples, 48000);
    cue.markers = {{"Horn hit", 548572}};
    return addCue(s, cue);
}

TEST(Placement, ResolvesCuePointsByBarBeatSampleMarkerAndEnd)
{
    const Session s = sceneWithCue();
    const Cue& cue = *s.findCue("1M03");
    EXPECT_EQ(resolveCuePoint(cue, "5.1"), *sampleOfBarBeat(*cue.tempo, {5, 1}));
    EXPECT_EQ(resolveCuePoint(cue, "s:1000"), 1000);
    EXPECT_EQ(resolveCuePoint(cue, "horn HIT"), 548572);
    EXPECT_EQ(resolveCuePoint(cue, "end"), 685715);
    EXPECT_THROW(resolveCuePoint(cue, "s:9999999"), PlacementError);
    EXPECT_THROW(resolveCuePoint(cue, "40.1"), PlacementError);
    EXPECT_THROW(resolveCuePoint(cue, "nowhere"), PlacementError);
}

TEST(Placement, ResolvesPicturePointsByTimecodeMarkerAndEditPoint)
{
    const Session s = sceneWithCue();
    EXPECT_EQ(resolvePicturePoint(s, "01:00:00:00"), 172972800);
    EXPECT_EQ(resolvePicturePoint(s, "ferry horn"), (86400 + 55 * 24) * int64_t{2002});
    EXPECT_EQ(resolvePicturePoint(s, "cut:2"), (86400 + 240) * int64_t{2002});
    EXPECT_THROW(resolvePicturePoint(s, "cut:9"), PlacementError);
    EXPECT_THROW(resolvePicturePoint(s, "01:00:00:24"), PlacementError);
    EXPECT_THROW(resolvePicturePoint(s, "NO SUCH HIT"), PlacementError);
}

TEST(Placement, SyncPutsTheCuePointExactlyOnTheHit)
{
    const Session s = sceneWithCue();
    const int64_t hit = resolvePicturePoint(s, "FERRY HORN");
    const Session synced = syncCue(s, "1M03", 548572, hit);
    EXPECT_EQ(synced.findCue("1M03")->startSample + 548572, hit);
    EXPECT_EQ(s.findCue("1M03")->startSample, 175066892);  // the original is untouched
}

TEST(Placement, SpotMovesEverySegment)
{
    Session s = sceneWithCue();
    Cue cue = *s.findCue("1M03");
    s.cues[0].segments = {{0, 1000, cue.startSample, 0, 0}, {2000, 1000, cue.startSample + 1000, 0, 0}};
    const Session moved = spotCue(s, "1M03", cue.startSample + 48000);
    EXPECT_EQ(moved.cues[0].segments[0].timelineStart, cue.startSample + 48000);
    EXPECT_EQ(moved.cues[0].segments[1].timelineStart, cue.startSample + 49000);
    // Syncing a point in the second segment uses where that segment plays.
    const Session synced = syncCue(s, "1M03", 2500, 180000000);
    EXPECT_EQ(synced.cues[0].segments[1].timelineStart + 500, 180000000);
    EXPECT_THROW(spotCue(s, "9M99", 0), PlacementError);
}

} // namespace
} // namespace cuesmith
