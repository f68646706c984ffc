#include "app/TimelineModel.h"

#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <gtest/gtest.h>
#include <map>

namespace cuesmith {
namespace {

TEST(TimelineViewport, MapsSamplesToPixelsAndBack)
{
    const TimelineViewport v(1000, 10.0);
    EXPECT_DOUBLE_EQ(v.sampleToX(1000), 0.0);
    EXPECT_DOUBLE_EQ(v.sampleToX(2000), 100.0);
    EXPECT_EQ(v.xToSample(100.0), 2000);
    EXPECT_EQ(v.xToSample(-10.0), 900);
}

TEST(TimelineViewport, ZoomKeepsTheSampleUnderThePointer)
{
    const TimelineViewport v(172972800, 480.0);
    const int64_t under = v.xToSample(300.0);
    const TimelineViewport in = v.zoomedAround(300.0, 0.5);
    EXPECT_DOUBLE_EQ(in.samplesPerPixel(), 240.0);
    EXPECT_NEAR(static_cast<double>(in.xToSample(300.0)), static_cast<double>(under), 1.0);
    const TimelineViewport out = v.zoomedAround(300.0, 4.0);
    EXPECT_NEAR(static_cast<double>(out.xToSample(300.0)), static_cast<double>(under), 4.0);
}

TEST(TimelineViewport, ZoomIsClampedBetweenOneSampleAndAnHourAPixel)
{
    TimelineViewport v(0, 2.0);
    for (int i = 0; i < 50; ++i)
        v = v.zoomedAround(0.0, 0.5);
    EXPECT_DOUBLE_EQ(v.samplesPerPixel(), TimelineViewport::kMinSamplesPerPixel);
    for (int i = 0; i < 100; ++i)
        v = v.zoomedAround(0.0, 2.0);
    EXPECT_DOUBLE_EQ(v.samplesPerPixel(), TimelineViewport::kMaxSamplesPerPixel);
}

TEST(TimelineViewport, FittingShowsTheWholeRange)
{
    const auto v = TimelineViewport::fitting(48000, 48000 * 61, 1200.0);
    EXPECT_EQ(v.firstSample(), 48000);
    EXPECT_NEAR(v.sampleToX(48000 * 61), 1200.0, 1e-9);
}

Session demoLikeSession()
{
    Session s;
    s.frameRate = kFps23_976;
    CutVersion cut;
    cut.name = "v1";
    for (int i = 0; i < 3; ++i) {
        EdlEvent e;
        e.number = "00" + std::to_string(i + 1);
        e.reel = "R" + std::to_string(i);
        e.channels = "V";
        e.recordInFrame = 86400 + i * 100;
        e.recordOutFrame = 86400 + (i + 1) * 100;
        if (i != 1)
            e.clipName = "CLIP" + std::to_string(i) + ".MOV";
        cut.edl.events.push_back(e);
    }
    EdlEvent audio;
    audio.channels = "A";
    audio.recordInFrame = 86400;
    audio.recordOutFrame = 86500;
    cut.edl.events.push_back(audio);
    cut.edl.markers.push_back({"01:00:02:00", 86448, "RED", "DOOR SLAM"});
    s = addCutVersion(s, cut);
    auto cue = [&](const char* number, int64_t startFrame, int64_t lengthFrames) {
        Cue c;
        c.number = number;
        c.startSample = framesToSamples(startFrame, s.frameRate, s.sampleRate);
        c.lengthSamples = framesToSamples(lengthFrames, s.frameRate, s.sampleRate);
        c.stems = {{"STR", "/x.wav", ChannelLayout::Stereo}};
        return c;
    };
    s = addCue(s, cue("1M01", 86400, 150));
    s = addCue(s, cue("1M02", 86500, 100));  // overlaps 1M01
    s = addCue(s, cue("1M03", 86560, 20));   // starts after 1M01 ends: back on row 0
    return s;
}

TEST(TimelineContent, OneBlockPerVideoEventLabelledByClipNameOrReel)
{
    const TimelineContent c = buildTimelineContent(demoLikeSession());
    std::vector<TimelineBlock> picture;
    for (const auto& b : c.blocks)
        if (b.lane == TimelineLane::Picture)
            picture.push_back(b);
    ASSERT_EQ(picture.size(), 3u);
    EXPECT_EQ(picture[0].label, "CLIP0.MOV");
    EXPECT_EQ(picture[1].label, "R1");
    EXPECT_EQ(picture[0].startSample, 172972800);
    EXPECT_EQ(picture[0].endSample, 172972800 + 100 * 2002);
    ASSERT_EQ(c.markers.size(), 1u);
    EXPECT_EQ(c.markers[0].sample, 86448 * int64_t{2002});
    EXPECT_EQ(c.markers[0].label, "DOOR SLAM");
}

TEST(TimelineContent, OverlappingCuesStackOnRows)
{
    const TimelineContent c = buildTimelineContent(demoLikeSession());
    std::map<std::string, int> rows;
    for (const auto& b : c.blocks)
        if (b.lane == TimelineLane::Music)
            rows[b.label] = b.row;
    EXPECT_EQ(rows.at("1M01"), 0);
    EXPECT_EQ(rows.at("1M02"), 1);
    EXPECT_EQ(rows.at("1M03"), 0);
    EXPECT_EQ(c.musicRows, 2);
}

TEST(TimelineContent, EachSegmentOfAnEditedCueIsABlockOnTheCuesRow)
{
    Session s = demoLikeSession();
    Cue edited = s.cues[0];
    edited.segments = {{0, 1000, edited.startSample, 0, 0}, {5000, 2000, edited.startSample + 1000, 0, 0}};
    s.cues[0] = edited;
    const TimelineContent c = buildTimelineContent(s);
    int segments = 0;
    for (const auto& b : c.blocks)
        if (b.lane == TimelineLane::Music && b.label == "1M01") {
            ++segments;
            EXPECT_EQ(b.row, 0);
        }
    EXPECT_EQ(segments, 2);
}

TEST(TimelineContent, FadesAndAttentionReachTheBlocksAndHitTestingFindsThem)
{
    Session s = demoLikeSession();
    Cue edited = s.cues[0];
    edited.segments = {{0, 1000, edited.startSample, 100, 50}, {5000, 2000, edited.startSample + 950, 50, 0}};
    edited.attention = {"splice at 01:00:00:10 is off the bar line"};
    s.cues[0] = edited;
    const TimelineContent c = buildTimelineContent(s);
    const TimelineBlock* first = musicBlockAt(c, 0, edited.startSample + 10);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->cueNumber, "1M01");
    EXPECT_EQ(first->fadeInEnd, edited.startSample + 100);
    EXPECT_EQ(first->fadeOutStart, edited.startSample + 950);
    EXPECT_TRUE(first->needsAttention);
    // In the crossfade both blocks overlap; the later (incoming) one is on top.
    EXPECT_EQ(musicBlockAt(c, 0, edited.startSample + 960)->startSample, edited.startSample + 950);
    EXPECT_EQ(musicBlockAt(c, 1, edited.startSample + 10), nullptr);
    EXPECT_EQ(musicBlockAt(c, 0, edited.startSample - 1), nullptr);
}

TEST(RulerTicks, LabelsAreRoundTimecodesFarEnoughApart)
{
    const Session s = demoLikeSession();
    // 60 s across 1200 px: labels every 5 s at 90 px minimum spacing.
    const auto v = TimelineViewport::fitting(s.pictureStartSample(), s.pictureStartSample() + 48048 * 60, 1200.0);
    const auto ticks = rulerTicks(v, 1200.0, s);
    std::vector<RulerTick> major;
    for (const auto& t : ticks)
        if (t.major)
            major.push_back(t);
    ASSERT_GE(major.size(), 2u);
    EXPECT_EQ(major[0].label, "01:00:00:00");
    EXPECT_EQ(major[1].label, "01:00:05:00");
    for (size_t i = 1; i < major.size(); ++i)
        EXPECT_GE(v.sampleToX(major[i].sample) - v.sampleToX(major[i - 1].sample), 90.0);
}

TEST(RulerTicks, ZoomedInTicksFallOnFrames)
{
    const Session s = demoLikeSession();
    const TimelineViewport v(s.pictureStartSample(), 100.0);  // 20 px per frame
    const auto ticks = rulerTicks(v, 1000.0, s);
    ASSERT_FALSE(ticks.empty());
    for (const auto& t : ticks)
        EXPECT_EQ(framesToSamples(samplesToFrames(t.sample, s.frameRate, s.sampleRate), s.frameRate, s.sampleRate),
                  t.sample);
}

} // namespace
} // namespace cuesmith

namespace cuesmith {
namespace {

TEST(EnvelopeOutline, HoldsTheEdgeValuesAndKeepsEveryBreakpointInView)
{
    // A duck: 0 dB, down to -6 between samples 2000 and 3000, back up by 5000.
    const GainEnvelope duck({{2000, 0.0}, {3000, -6.0}, {4000, -6.0}, {5000, 0.0}, {90000, -3.0}});
    const TimelineViewport view(1000, 10.0);  // 10 samples a pixel from sample 1000
    const auto outline = envelopeOutline(duck, view, 500.0);  // samples 1000..6000
    ASSERT_EQ(outline.size(), 6u);
    EXPECT_DOUBLE_EQ(outline.front().x, 0.0);
    EXPECT_DOUBLE_EQ(outline.front().decibels, 0.0);
    EXPECT_DOUBLE_EQ(outline[2].x, 200.0);
    EXPECT_DOUBLE_EQ(outline[2].decibels, -6.0);
    EXPECT_DOUBLE_EQ(outline.back().x, 500.0);
    // At the right edge (sample 6000) the line toward -3 dB at 90000 has begun.
    EXPECT_NEAR(outline.back().decibels, -3.0 * 1000.0 / 85000.0, 1e-9);
    // An empty envelope is a flat line at 0 dB.
    const auto flat = envelopeOutline(GainEnvelope{}, view, 500.0);
    ASSERT_EQ(flat.size(), 2u);
    EXPECT_DOUBLE_EQ(flat[1].decibels, 0.0);
}

TEST(SpeechRegionAt, FindsTheRegionHalfOpen)
{
    const std::vector<SpeechRegion> regions{{100, 200, 0.9f}, {300, 400, 0.5f}};
    EXPECT_EQ(speechRegionAt(regions, 99), nullptr);
    ASSERT_NE(speechRegionAt(regions, 100), nullptr);
    EXPECT_EQ(speechRegionAt(regions, 199)->start, 100);
    EXPECT_EQ(speechRegionAt(regions, 200), nullptr);
    EXPECT_EQ(speechRegionAt(regions, 350)->confidence, 0.5f);
    EXPECT_EQ(speechRegionAt(regions, 400), nullptr);
    EXPECT_EQ(speechRegionAt({}, 5), nullptr);
}

TEST(TimelineModel, TheNearestSpeechEdgeWithinTheToleranceIsGrabbed)
{
    const std::vector<SpeechRegion> regions{{1000, 2000, 0.9f}, {2100, 3000, 0.5f}};
    EXPECT_FALSE(speechEdgeNear(regions, 1500, 40));  // the middle of a region: no edge
    EXPECT_FALSE(speechEdgeNear(regions, 900, 40));
    auto grab = speechEdgeNear(regions, 970, 40);
    ASSERT_TRUE(grab);
    EXPECT_TRUE(grab->startEdge);
    EXPECT_EQ(grab->edge, 1000);
    EXPECT_EQ(grab->inside, 1000);
    grab = speechEdgeNear(regions, 2030, 40);  // nearer the first region's end than the next start
    ASSERT_TRUE(grab);
    EXPECT_FALSE(grab->startEdge);
    EXPECT_EQ(grab->edge, 2000);
    EXPECT_EQ(grab->inside, 1999);  // nudgeEdits() finds the region from a sample inside it
    grab = speechEdgeNear(regions, 2080, 40);
    ASSERT_TRUE(grab);
    EXPECT_TRUE(grab->startEdge);
    EXPECT_EQ(grab->edge, 2100);
    EXPECT_FALSE(speechEdgeNear({}, 5, 40));
}

TEST(TimelineModel, DraggedEdgesMoveByWholeFrames)
{
    EXPECT_EQ(frameSnappedDelta(1000, 1000 + 2999, 2000), 2000);  // 1.4995 frames: one
    EXPECT_EQ(frameSnappedDelta(1000, 1000 + 3000, 2000), 4000);
    EXPECT_EQ(frameSnappedDelta(1000, 1000 + 999, 2000), 0);
    EXPECT_EQ(frameSnappedDelta(5000, 5000 - 3000, 2000), -4000);
    EXPECT_EQ(frameSnappedDelta(5000, 5000 - 2999, 2000), -2000);
    EXPECT_EQ(frameSnappedDelta(0, 100, 0), 0);
}

} // namespace
} // namespace cuesmith
