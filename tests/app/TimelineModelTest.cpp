#include "app/PlacementChoices.h"
#include "app/TimelineModel.h"

#include "core/Placement.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <gtest/gtest.h>
#include <cmath>
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

// Sync and fit choices: what the window lists, and that each resolves through core/Placement to
// the sample it names.
namespace cuesmith {
namespace {

Session sessionWithTwoMarkersOfOneName()
{
    Session s = demoLikeSession();
    auto cut = std::make_shared<CutVersion>(*s.cuts.front());
    cut->edl.markers.push_back({"01:00:05:00", 86520, "GREEN", "door slam"});  // same name, other case
    cut->edl.markers.push_back({"01:00:00:12", 86412, "BLUE", "FIRST LOOK"});
    s.cuts.front() = cut;
    return s;
}

TEST(PlacementChoices, CuePointsAreTheStartTheMarkersInTimeOrderAndTheEnd)
{
    Session s = demoLikeSession();
    Cue& cue = s.cues[0];
    cue.tempo = tempoMapFromBpm(120.0, 4, 4, 0, cue.lengthSamples, s.sampleRate);
    cue.markers = {{"button", 264264}, {"12", 96000}, {"outside", cue.lengthSamples + 1}};
    const auto choices = cuePointChoices(cue, s);
    ASSERT_EQ(choices.size(), 4u);  // the marker outside the cue is left out
    EXPECT_EQ(choices[0].kind, PlacementChoice::Kind::CueStart);
    EXPECT_EQ(choices[1].kind, PlacementChoice::Kind::CueMarker);
    EXPECT_EQ(choices[1].sample, 96000);
    EXPECT_NE(choices[1].label.find("bar 2.1"), std::string::npos) << choices[1].label;
    EXPECT_EQ(choices[2].sample, 264264);
    EXPECT_EQ(choices[2].label.find("bar"), std::string::npos) << "264264 is not on a beat: " << choices[2].label;
    EXPECT_EQ(choices[3].kind, PlacementChoice::Kind::CueEnd);
    // A marker named "12" would read as bar 12 by name; its spec still finds the marker.
    for (const auto& c : choices)
        EXPECT_EQ(resolveCuePoint(cue, c.spec), c.sample) << c.label;
}

TEST(PlacementChoices, PicturePointsAreMarkersThenEditPointsAndResolveToTheirSamples)
{
    const Session s = sessionWithTwoMarkersOfOneName();
    const auto choices = picturePointChoices(s, s.pictureStartSample(), 100);
    ASSERT_EQ(choices.size(), 6u);  // three markers, three picture events (the audio event is no edit)
    for (size_t i = 0; i < 3; ++i)
        EXPECT_EQ(choices[i].kind, PlacementChoice::Kind::PictureMarker);
    EXPECT_EQ(choices[0].sample, 86412 * int64_t{2002});  // time order, not list order
    EXPECT_EQ(choices[1].sample, 86448 * int64_t{2002});
    EXPECT_EQ(choices[2].sample, 86520 * int64_t{2002});  // its name matches DOOR SLAM's, its spec does not
    EXPECT_EQ(choices[3].kind, PlacementChoice::Kind::EditPoint);
    EXPECT_EQ(choices[3].spec, "cut:1");
    EXPECT_EQ(choices[4].spec, "cut:2");
    EXPECT_EQ(choices[4].sample, 86500 * int64_t{2002});
    EXPECT_NE(choices[4].label.find("R1"), std::string::npos) << choices[4].label;
    for (const auto& c : choices)
        EXPECT_EQ(resolvePicturePoint(s, c.spec), c.sample) << c.label;
    EXPECT_TRUE(picturePointChoices(Session{}, 0, 10).empty());
}

TEST(PlacementChoices, LongListsKeepTheNearestInTimeOrder)
{
    const Session s = sessionWithTwoMarkersOfOneName();
    const auto near = picturePointChoices(s, 86590 * int64_t{2002}, 2);
    ASSERT_EQ(near.size(), 4u);
    EXPECT_EQ(near[0].sample, 86448 * int64_t{2002});
    EXPECT_EQ(near[1].sample, 86520 * int64_t{2002});
    EXPECT_EQ(near[2].spec, "cut:2");
    EXPECT_EQ(near[3].spec, "cut:3");
    EXPECT_EQ(nearestChoice(near, 86505 * int64_t{2002}), 2u);
    EXPECT_EQ(nearestChoice({}, 5), 0u);
}

TEST(PlacementChoices, FitTargetsLieAfterTheCuesStart)
{
    const Session s = sessionWithTwoMarkersOfOneName();
    const Cue& cue = *s.findCue("1M02");  // frames 86500 to 86600
    const auto targets = fitTargetChoices(s, cue, 10);
    ASSERT_EQ(targets.size(), 2u);
    EXPECT_EQ(targets[0].sample, 86520 * int64_t{2002});
    EXPECT_EQ(targets[1].spec, "cut:3");
    for (const auto& t : targets)
        EXPECT_GT(t.sample, cue.startSample);
    EXPECT_EQ(fitTargetChoices(s, cue, 1).size(), 2u);  // one per group
}

TEST(PlacementChoices, SyncPutsATypedBarOrAMarkerExactlyOnThePicturePoint)
{
    Session s = demoLikeSession();
    s.cues[1].tempo = tempoMapFromBpm(120.0, 4, 4, 0, s.cues[1].lengthSamples, s.sampleRate);
    s.cues[1].markers = {{"button", 150150}};
    // Bar 2.1 (96000 samples in) on edit 3.
    Session synced = syncCueToPicture(s, "1M02", "2.1", "cut:3");
    EXPECT_EQ(synced.findCue("1M02")->startSample, 86600 * int64_t{2002} - 96000);
    // The button, chosen from the list, on DOOR SLAM.
    const auto cuePoints = cuePointChoices(*s.findCue("1M02"), s);
    const auto picture = picturePointChoices(s, 0, 10);
    synced = syncCueToPicture(s, "1M02", cuePoints[1].spec, picture[0].spec);
    EXPECT_EQ(synced.findCue("1M02")->startSample, 86448 * int64_t{2002} - 150150);
    EXPECT_EQ(s.findCue("1M02")->startSample, 86500 * int64_t{2002});  // the original is untouched
    // A bar in a cue without a tempo map, or a picture point the cut lacks: a one-line reason.
    EXPECT_THROW(syncCueToPicture(s, "1M01", "2.1", "cut:1"), PlacementError);
    EXPECT_THROW(syncCueToPicture(s, "1M02", "2.1", "cut:9"), PlacementError);
    EXPECT_THROW(syncCueToPicture(s, "9M99", "s:0", "cut:1"), PlacementError);
}

} // namespace
} // namespace cuesmith

// Volume lanes: the fader taper, hit testing, snapping, and the point edits the window makes.
namespace cuesmith {
namespace {

TEST(VolumeLane, TheFaderTaperPutsZeroAnEighthDownAndSilenceAtTheBottom)
{
    EXPECT_DOUBLE_EQ(faderFraction(6.0), 0.0);
    EXPECT_DOUBLE_EQ(faderFraction(12.0), 0.0);  // louder than the lane shows: drawn at its top
    EXPECT_DOUBLE_EQ(faderFraction(0.0), 0.125);
    EXPECT_DOUBLE_EQ(faderFraction(-12.0), 0.5);
    EXPECT_DOUBLE_EQ(faderFraction(-3.0), 0.125 + 0.1875 / 2.0);  // straight in dB between marks
    EXPECT_DOUBLE_EQ(faderFraction(-120.0), 1.0);
    EXPECT_DOUBLE_EQ(faderFraction(kSilenceDecibels), 1.0);
    // Monotonic, and the inverse gives the level back.
    double previous = -1.0;
    for (double db = 6.0; db >= -120.0; db -= 0.5) {
        const double f = faderFraction(db);
        EXPECT_GT(f, previous) << db;
        previous = f;
        EXPECT_NEAR(decibelsAtFaderFraction(f), db, 1e-9);
    }
    EXPECT_DOUBLE_EQ(decibelsAtFaderFraction(-0.5), 6.0);
    EXPECT_DOUBLE_EQ(decibelsAtFaderFraction(2.0), -120.0);
}

TEST(VolumeLane, YMapsToDecibelsInsideTheLanesPadding)
{
    const VolumeLaneScale lane{100.0, 56.0};  // levels on rows 104 .. 152
    EXPECT_DOUBLE_EQ(lane.yOf(6.0), 104.0);
    EXPECT_DOUBLE_EQ(lane.yOf(0.0), 110.0);
    EXPECT_DOUBLE_EQ(lane.yOf(-120.0), 152.0);
    EXPECT_DOUBLE_EQ(lane.decibelsAt(110.0), 0.0);
    EXPECT_DOUBLE_EQ(lane.decibelsAt(128.0), -12.0);
    EXPECT_DOUBLE_EQ(lane.decibelsAt(134.0), -20.0);
    EXPECT_DOUBLE_EQ(lane.decibelsAt(90.0), 6.0);     // above the lane
    EXPECT_DOUBLE_EQ(lane.decibelsAt(500.0), -120.0);  // dragged far below it: silence
    EXPECT_DOUBLE_EQ(handSetDecibels(-6.04), -6.0);
    EXPECT_DOUBLE_EQ(handSetDecibels(-6.06), -6.1);
    EXPECT_DOUBLE_EQ(handSetDecibels(30.0), 12.0);
    EXPECT_DOUBLE_EQ(handSetDecibels(-1000.0), -120.0);
    EXPECT_DOUBLE_EQ(handSetDecibels(std::nan("")), 0.0);
}

TEST(VolumeLane, PointsSnapToTheNearestFrame)
{
    // 23.976 fps at 48 kHz: 2002 samples a frame. 29.97: frames of 1601 or 1602 samples.
    EXPECT_EQ(nearestFrameSample(2002 * 100 + 1000, kFps23_976, 48000), 2002 * 100);
    EXPECT_EQ(nearestFrameSample(2002 * 100 + 1002, kFps23_976, 48000), 2002 * 101);
    EXPECT_EQ(nearestFrameSample(2002 * 100, kFps23_976, 48000), 2002 * 100);
    for (int64_t sample : {int64_t{1}, int64_t{800}, int64_t{1601}, int64_t{172972900}, int64_t{999999}}) {
        const int64_t snapped = nearestFrameSample(sample, kFps29_97, 48000);
        const int64_t frame = samplesToFrames(snapped, kFps29_97, 48000);
        EXPECT_EQ(framesToSamples(frame, kFps29_97, 48000), snapped) << sample;
        EXPECT_LE(std::abs(snapped - sample), 801) << sample;
    }
}

TEST(VolumeLane, HitTestingFindsTheNearestPointWithinTheRadius)
{
    const std::vector<VolumePoint> points{{1000, 0.0}, {1100, -10.0}, {5000, 0.0}};
    const TimelineViewport view(0, 10.0);  // points at x 100, 110 and 500
    const VolumeLaneScale lane{0.0, 56.0};  // 0 dB at y 10, -10 dB at y 25
    EXPECT_EQ(volumePointAt(points, view, lane, 101.0, 11.0, 6.0), std::optional<size_t>(0));
    EXPECT_EQ(volumePointAt(points, view, lane, 108.0, 26.0, 6.0), std::optional<size_t>(1));
    EXPECT_EQ(volumePointAt(points, view, lane, 500.0, 40.0, 6.0), std::nullopt);  // right time, wrong level
    EXPECT_EQ(volumePointAt(points, view, lane, 300.0, 10.0, 6.0), std::nullopt);
    EXPECT_EQ(volumePointAt({}, view, lane, 100.0, 10.0, 6.0), std::nullopt);
}

TEST(VolumeLane, AddingKeepsThePointsSortedAndReplacesALevelAtTheSameSample)
{
    std::vector<VolumePoint> points{{4004, -3.0, AutomationCurve::Smooth}, {2002, 0.0}};
    points = withVolumePointAdded(points, {3003, -6.04});
    ASSERT_EQ(points.size(), 3u);
    EXPECT_EQ(points[0].sample, 2002);
    EXPECT_EQ(points[1].sample, 3003);
    EXPECT_DOUBLE_EQ(points[1].decibels, -6.0);
    points = withVolumePointAdded(points, {4004, -12.0});
    ASSERT_EQ(points.size(), 3u);
    EXPECT_DOUBLE_EQ(points[2].decibels, -12.0);
    EXPECT_EQ(points[2].curve, AutomationCurve::Smooth);  // the curve it had stays
}

TEST(VolumeLane, AMovedPointLandsOnAFrameBetweenItsNeighbours)
{
    const int64_t f = 2002;
    const std::vector<VolumePoint> points{{10 * f, 0.0}, {20 * f, -6.0}, {30 * f, 0.0}};
    auto moved = withVolumePointMoved(points, 1, 24 * f + 700, -8.26, kFps23_976, 48000);
    EXPECT_EQ(moved[1].sample, 24 * f);
    EXPECT_DOUBLE_EQ(moved[1].decibels, -8.3);
    // Dragged past the next point it stops a frame before it; past the previous, a frame after.
    moved = withVolumePointMoved(points, 1, 45 * f, std::nullopt, kFps23_976, 48000);
    EXPECT_EQ(moved[1].sample, 29 * f);
    EXPECT_DOUBLE_EQ(moved[1].decibels, -6.0);  // nullopt: the level stays exactly
    moved = withVolumePointMoved(points, 1, 0, std::nullopt, kFps23_976, 48000);
    EXPECT_EQ(moved[1].sample, 11 * f);
    // The first point cannot go before sample 0; the last has no upper neighbour.
    EXPECT_EQ(withVolumePointMoved(points, 0, -5 * f, std::nullopt, kFps23_976, 48000)[0].sample, 0);
    EXPECT_EQ(withVolumePointMoved(points, 2, 90 * f + 3, std::nullopt, kFps23_976, 48000)[2].sample, 90 * f);
    // Only the level: the time stays exactly, even off a frame (a point printed from a duck).
    const std::vector<VolumePoint> printed{{1234, -2.0}, {5555, -4.0}};
    moved = withVolumePointMoved(printed, 0, std::nullopt, -3.0, kFps23_976, 48000);
    EXPECT_EQ(moved[0].sample, 1234);
    EXPECT_DOUBLE_EQ(moved[0].decibels, -3.0);
    // Neighbours closer than a frame: no frame fits between them, so the time stays.
    const std::vector<VolumePoint> tight{{2002, 0.0}, {2500, -1.0}, {3000, 0.0}};
    EXPECT_EQ(withVolumePointMoved(tight, 1, 2900, std::nullopt, kFps23_976, 48000)[1].sample, 2500);
}

TEST(VolumeLane, DeletingAndChangingTheCurveTouchOnlyThatPoint)
{
    const std::vector<VolumePoint> points{{100, 0.0}, {200, -6.0}, {300, 0.0}};
    const auto removed = withVolumePointRemoved(points, 1);
    ASSERT_EQ(removed.size(), 2u);
    EXPECT_EQ(removed[1].sample, 300);
    EXPECT_EQ(withVolumePointRemoved(points, 7).size(), 3u);
    const auto curved = withVolumeCurve(points, 0, AutomationCurve::Fast);
    EXPECT_EQ(curved[0].curve, AutomationCurve::Fast);
    EXPECT_EQ(curved[1].curve, AutomationCurve::Linear);
    EXPECT_EQ(curved[0].sample, 100);
}

} // namespace
} // namespace cuesmith
