// Re-conforming cues to a new cut: each mapping rule on small hand-built cuts, the demo scene's
// v1 -> v2 re-cut with its real cues (resources/demo/README.md), and a generated feature reel.

#include "core/Conform.h"

#include "FeatureRecut.h"

#include "core/SessionEdits.h"
#include "core/TempoMap.h"
#include "core/Timecode.h"
#include "formats/EdlReader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#ifndef CUESMITH_SOURCE_DIR
#error "CUESMITH_SOURCE_DIR must name the repository root (the folder holding resources/demo)"
#endif

namespace cuesmith {
namespace {

constexpr int64_t kHour = 86400;  // 01:00:00:00 at 23.976 (24 labels a second)
constexpr int64_t kFrame = 2002;  // samples per frame at 23.976 and 48 kHz

using Shot = testing::FeatureShot;

Edl cutOf(const std::vector<Shot>& shots, FrameRate rate = kFps23_976, int64_t start = kHour)
{
    return testing::backToBackCut(shots, rate, start);
}

CutVersion version(const std::string& name, Edl edl)
{
    CutVersion cut;
    cut.name = name;
    cut.edl = std::move(edl);
    return cut;
}

int64_t sampleOf(int64_t frame, FrameRate rate = kFps23_976) { return framesToSamples(frame, rate, 48000); }

Cue cueAt(const std::string& number, int64_t startSample, int64_t lengthSamples)
{
    Cue cue;
    cue.number = number;
    cue.stems = {Stem{"STR", "/stems/" + number + "_STR.wav", ChannelLayout::Stereo}};
    cue.writtenStartSample = startSample;
    cue.startSample = startSample;
    cue.lengthSamples = lengthSamples;
    cue.fileSampleRate = 48000;
    return cue;
}

Session sessionWith(const Edl& cut, const std::vector<Cue>& cues, FrameRate rate = kFps23_976)
{
    Session s;
    s.projectName = "test";
    s.frameRate = rate;
    s.sampleRate = 48000;
    s = addCutVersion(s, version("v1", cut));
    for (const auto& c : cues)
        s = addCue(s, c);
    return s;
}

const CueConformReport& reportOf(const ConformResult& r, const std::string& cue)
{
    for (const auto& c : r.cues)
        if (c.cue == cue)
            return c;
    throw std::runtime_error("no report for " + cue);
}

const std::vector<Shot> kThree{{"A001", 1000, 100}, {"B002", 5000, 100}, {"C003", 9000, 100}};
const std::vector<Shot> kFour{{"A001", 1000, 100}, {"B002", 5000, 80}, {"C003", 9000, 60}, {"D004", 20000, 120}};

// B002 loses its last 48 frames; C003 closes up behind it.
std::vector<Shot> trimmedB() { return {{"A001", 1000, 100}, {"B002", 5000, 52}, {"C003", 9000, 100}}; }

TEST(Conform, MusicOverMovedPictureMovesSampleExactAndStaysOneSegment)
{
    std::vector<Shot> next = kFour;
    next.insert(next.begin() + 1, Shot{"X999", 300, 45});
    // Starts inside B002 and runs over C003 into D004: all three moved 45 frames.
    const Session before = sessionWith(cutOf(kFour), {cueAt("1M01", sampleOf(kHour + 110) + 17, 150 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));

    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_EQ(report.status, CueConformStatus::Moved);
    ASSERT_EQ(report.moves.size(), 1u);
    EXPECT_EQ(report.moves[0].shiftFrames, 45);
    EXPECT_EQ(report.moves[0].shiftSamples, 45 * kFrame);
    EXPECT_TRUE(report.splices.empty());
    EXPECT_TRUE(report.gaps.empty());
    const Cue& cue = r.session.cues.at(0);
    EXPECT_EQ(cue.startSample, sampleOf(kHour + 110) + 17 + 45 * 2002);
    EXPECT_TRUE(cue.segments.empty());  // still plays whole
    EXPECT_EQ(cue.lengthSamples, 150 * kFrame);
}

TEST(Conform, TheOldCutVersionAndTheInputSessionAreKept)
{
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", sampleOf(kHour + 10), 50 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())));
    ASSERT_EQ(r.session.cuts.size(), 2u);
    EXPECT_EQ(r.session.currentCut, 1);
    EXPECT_EQ(r.session.cuts[0], before.cuts[0]);  // shared, not copied or changed
    EXPECT_EQ(r.session.currentCutVersion()->name, "v2");
    ASSERT_EQ(before.cuts.size(), 1u);
    EXPECT_EQ(before.currentCut, 0);
    EXPECT_EQ(before.cues.at(0).startSample, sampleOf(kHour + 10));
    EXPECT_EQ(r.session.buses.size(), 1u);
}

TEST(Conform, ACueSpanningATrimmedShotGetsExactlyOneSpliceWithTheCrossfade)
{
    // Old frames 120..260: 32 frames of B002 kept, 48 cut, then 60 frames of C003 that moved -48.
    const int64_t start = sampleOf(kHour + 120);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 140 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())));

    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_EQ(report.status, CueConformStatus::Edited);
    ASSERT_EQ(report.splices.size(), 1u);
    const ConformSplice& splice = report.splices[0];
    EXPECT_EQ(splice.timelineSample, sampleOf(kHour + 152));
    EXPECT_EQ(splice.timecode, "01:00:06:08");
    EXPECT_EQ(splice.outgoingSourceSample, 32 * kFrame);
    EXPECT_EQ(splice.incomingSourceSample, 80 * kFrame);
    EXPECT_EQ(splice.crossfadeSamples, 10 * kFrame);  // 10 frames = 20 020 samples
    EXPECT_EQ(splice.removedSamples, 48 * kFrame);
    EXPECT_FALSE(splice.reorder);
    EXPECT_FALSE(splice.onBarLines.has_value());  // no tempo map given
    EXPECT_EQ(report.removedSamples, 48 * kFrame);
    EXPECT_TRUE(report.gaps.empty());

    const Cue& cue = r.session.cues.at(0);
    ASSERT_EQ(cue.segments.size(), 2u);
    const CueSegment& out = cue.segments[0];
    const CueSegment& in = cue.segments[1];
    EXPECT_EQ(out, (CueSegment{0, 32 * kFrame + 10010, start, 0, 20020}));
    EXPECT_EQ(in, (CueSegment{80 * kFrame - 10010, 60 * kFrame + 10010, sampleOf(kHour + 152) - 10010, 20020, 0}));
    // One boundary: the incoming starts the crossfade length before the outgoing ends.
    EXPECT_EQ(out.timelineEnd() - in.timelineStart, 20020);
    EXPECT_EQ(cue.startSample, start);
}

TEST(Conform, ANewSpliceTakesTheChosenShapeAndKeptEndsKeepTheirs)
{
    const int64_t start = sampleOf(kHour + 120);
    Cue cue = cueAt("1M01", start, 140 * kFrame);
    // The cue already fades out at its end, S-curve: that end is kept by the conform.
    cue.segments = {CueSegment{0, 140 * kFrame, start, 0, 4800, FadeShape::EqualPower, FadeShape::SCurve}};
    const Session before = sessionWith(cutOf(kThree), {cue});
    ConformOptions options;
    options.crossfadeShape = FadeShape::Linear;
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())), options);
    const Cue& after = r.session.cues.at(0);
    ASSERT_EQ(after.segments.size(), 2u);
    EXPECT_EQ(after.segments[0].fadeOutShape, FadeShape::Linear);  // the new splice
    EXPECT_EQ(after.segments[1].fadeInShape, FadeShape::Linear);
    EXPECT_EQ(after.segments[1].fadeOut, 4800);  // the cue's own end
    EXPECT_EQ(after.segments[1].fadeOutShape, FadeShape::SCurve);
}

TEST(Conform, AProjectNamedAfterTheOldListTakesTheNewListsTitle)
{
    Edl v1 = cutOf(kThree), v2 = cutOf(trimmedB());
    v1.title = "THE LAST FERRY SC 12 V1";
    v2.title = "THE LAST FERRY SC 12 V2";
    Session before = sessionWith(v1, {cueAt("1M01", sampleOf(kHour + 10), 50 * kFrame)});
    before.projectName = v1.title;
    EXPECT_EQ(conformSession(before, version("v2", v2)).session.projectName, "THE LAST FERRY SC 12 V2");
    before.projectName = "The Last Ferry";  // a name the editor gave: kept
    EXPECT_EQ(conformSession(before, version("v2", v2)).session.projectName, "The Last Ferry");
}

TEST(Conform, TheCrossfadeIsClampedToTheMusicEachSideHas)
{
    // Only 2 frames (4 004 samples) of the outgoing piece are left before the splice.
    const int64_t start = sampleOf(kHour + 150);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 100 * kFrame)});
    ConformOptions options;
    options.crossfadeFrames = 10;
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())), options);
    const CueConformReport& report = reportOf(r, "1M01");
    ASSERT_EQ(report.splices.size(), 1u);
    EXPECT_EQ(report.splices[0].crossfadeSamples, 2 * kFrame + 10010);
    const Cue& cue = r.session.cues.at(0);
    ASSERT_EQ(cue.segments.size(), 2u);
    EXPECT_EQ(cue.segments[0], (CueSegment{0, 2 * kFrame + 10010, start, 0, 2 * kFrame + 10010}));
    EXPECT_EQ(cue.segments[1].timelineStart, sampleOf(kHour + 152) - 2 * kFrame);
    EXPECT_EQ(cue.segments[1].fadeIn, 2 * kFrame + 10010);

    // And to the music the cue has: here the outgoing segment plays the cue's last samples and
    // the incoming one starts 1 000 samples into it, so the crossfade can only be 1 000 long.
    Cue edited = cueAt("1M02", sampleOf(kHour + 120), 92 * kFrame + 1000);
    edited.segments = {CueSegment{60 * kFrame + 1000, 32 * kFrame, sampleOf(kHour + 120), 0, 0},
                       CueSegment{1000, 60 * kFrame, sampleOf(kHour + 200), 0, 0}};
    const ConformResult r2 = conformSession(sessionWith(cutOf(kThree), {edited}), version("v2", cutOf(trimmedB())));
    const CueConformReport& report2 = reportOf(r2, "1M02");
    ASSERT_EQ(report2.splices.size(), 1u);
    EXPECT_EQ(report2.splices[0].crossfadeSamples, 1000);
    const auto& segs = r2.session.cues.at(0).segments;
    ASSERT_EQ(segs.size(), 2u);
    EXPECT_EQ(segs[0], (CueSegment{60 * kFrame + 1000, 32 * kFrame, sampleOf(kHour + 120), 0, 1000}));
    EXPECT_EQ(segs[1], (CueSegment{0, 60 * kFrame + 1000, sampleOf(kHour + 152) - 1000, 1000, 0}));
}

TEST(Conform, MusicOverRemovedPictureAtTheHeadIsCutOutWithoutASplice)
{
    // Starts in B002's removed tail (old frame 180) and runs into C003.
    const int64_t start = sampleOf(kHour + 180);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 80 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())));
    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_EQ(report.status, CueConformStatus::Edited);
    EXPECT_TRUE(report.splices.empty());
    EXPECT_EQ(report.removedSamples, 20 * kFrame);
    const Cue& cue = r.session.cues.at(0);
    ASSERT_EQ(cue.segments.size(), 1u);
    EXPECT_EQ(cue.segments[0], (CueSegment{20 * kFrame, 60 * kFrame, sampleOf(kHour + 152), 0, 0}));
    EXPECT_EQ(cue.startSample, start - 48 * kFrame);  // its sync reference moved with C003
}

TEST(Conform, ACueWhosePictureWasAllRemovedLeavesTheNewSessionAndIsReported)
{
    std::vector<Shot> next = kThree;
    next.erase(next.begin() + 1);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", sampleOf(kHour + 110), 50 * kFrame),
                                                       cueAt("1M02", sampleOf(kHour + 10), 50 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));
    EXPECT_EQ(reportOf(r, "1M01").status, CueConformStatus::Removed);
    EXPECT_EQ(reportOf(r, "1M01").removedSamples, 50 * kFrame);
    EXPECT_FALSE(reportOf(r, "1M01").notes.empty());
    ASSERT_EQ(r.session.cues.size(), 1u);
    EXPECT_EQ(r.session.cues[0].number, "1M02");
    EXPECT_EQ(reportOf(r, "1M02").status, CueConformStatus::Unchanged);
    EXPECT_EQ(before.cues.size(), 2u);
}

TEST(Conform, InsertedPictureInsideACueLeavesAReportedGapAndNoStretch)
{
    std::vector<Shot> next = kThree;
    next.insert(next.begin() + 1, Shot{"X999", 300, 45});
    const int64_t start = sampleOf(kHour + 70);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 60 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));
    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_EQ(report.status, CueConformStatus::Edited);
    EXPECT_TRUE(report.splices.empty());
    ASSERT_EQ(report.gaps.size(), 1u);
    EXPECT_EQ(report.gaps[0].timelineStart, sampleOf(kHour + 100));
    EXPECT_EQ(report.gaps[0].length, 45 * kFrame);
    EXPECT_EQ(report.gaps[0].insertedPictureSamples, 45 * kFrame);
    EXPECT_EQ(report.gaps[0].resumeSourceSample, 30 * kFrame);
    EXPECT_EQ(report.removedSamples, 0);
    const Cue& cue = r.session.cues.at(0);
    ASSERT_EQ(cue.segments.size(), 2u);
    EXPECT_EQ(cue.segments[0], (CueSegment{0, 30 * kFrame, start, 0, 0}));
    EXPECT_EQ(cue.segments[1], (CueSegment{30 * kFrame, 30 * kFrame, sampleOf(kHour + 145), 0, 0}));
    EXPECT_EQ(cue.attention, std::vector<std::string>{"gap of 90090 samples at 01:00:04:04 over new picture"});
}

TEST(Conform, MusicUnderAReorderedShotFollowsItsPicture)
{
    // B002 moves to the end: A001 C003 D004 B002.
    const std::vector<Shot> next{kFour[0], kFour[2], kFour[3], kFour[1]};
    const int64_t start = sampleOf(kHour + 80);  // 20 frames of A001, all of B002, 20 of C003
    const Session before = sessionWith(cutOf(kFour), {cueAt("1M01", start, 120 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));
    const CueConformReport& report = reportOf(r, "1M01");
    ASSERT_EQ(report.moves.size(), 3u);
    EXPECT_EQ(report.moves[1].shiftFrames, 180);
    EXPECT_TRUE(report.moves[1].reordered);
    EXPECT_EQ(report.moves[2].shiftFrames, -80);

    // A001's end now cuts to C003's start: one splice, caused by the reorder, nothing removed.
    ASSERT_EQ(report.splices.size(), 1u);
    EXPECT_EQ(report.splices[0].timelineSample, sampleOf(kHour + 100));
    EXPECT_TRUE(report.splices[0].reorder);
    EXPECT_EQ(report.splices[0].removedSamples, 0);
    EXPECT_EQ(report.splices[0].outgoingSourceSample, 20 * kFrame);
    EXPECT_EQ(report.splices[0].incomingSourceSample, 100 * kFrame);
    EXPECT_EQ(report.removedSamples, 0);
    // Then silence over the rest of C003 and D004, and B002's music with B002.
    ASSERT_EQ(report.gaps.size(), 1u);
    EXPECT_EQ(report.gaps[0].timelineStart, sampleOf(kHour + 120));
    EXPECT_EQ(report.gaps[0].insertedPictureSamples, 0);
    const Cue& cue = r.session.cues.at(0);
    ASSERT_EQ(cue.segments.size(), 3u);
    EXPECT_EQ(cue.segments[2], (CueSegment{20 * kFrame, 80 * kFrame, sampleOf(kHour + 280), 0, 0}));
}

TEST(Conform, SplicesAreJudgedAgainstBarLinesWhenACueHasThem)
{
    const int64_t start = sampleOf(kHour + 120);
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 140 * kFrame)});
    const CutVersion next = version("v2", cutOf(trimmedB()));

    ConformOptions everySecond;  // a bar every 24 frames: the splice lands off them
    everySecond.barLines = [](const Cue&) {
        std::vector<int64_t> bars;
        for (int64_t b = 0; b < 140 * kFrame; b += 24 * kFrame)
            bars.push_back(b);
        return bars;
    };
    const ConformResult off = conformSession(before, next, everySecond);
    const ConformSplice& s = reportOf(off, "1M01").splices.at(0);
    ASSERT_TRUE(s.onBarLines.has_value());
    EXPECT_FALSE(*s.onBarLines);
    EXPECT_TRUE(s.needsMusicalFix);
    ASSERT_TRUE(s.outgoing && s.incoming);
    EXPECT_EQ(s.outgoing->barBefore, 24 * kFrame);
    EXPECT_EQ(s.outgoing->barAfter, 48 * kFrame);
    EXPECT_EQ(s.incoming->barBefore, 72 * kFrame);
    EXPECT_EQ(s.incoming->barAfter, 96 * kFrame);
    EXPECT_EQ(reportOf(off, "1M01").splicesNeedingMusicalFix(), 1u);
    // The cue itself carries what needs looking at.
    EXPECT_EQ(off.session.cues.at(0).attention,
              std::vector<std::string>{"splice at 01:00:06:08 is off the bar line (cue sample 64064 into 160160)"});

    ConformOptions onTheBar;
    onTheBar.barLines = [](const Cue&) { return std::vector<int64_t>{0, 32 * kFrame - 100, 80 * kFrame}; };
    const ConformResult on = conformSession(before, next, onTheBar);
    const ConformSplice& t = reportOf(on, "1M01").splices.at(0);
    EXPECT_EQ(t.onBarLines, true);  // 100 samples early is inside the 10 ms tolerance
    EXPECT_FALSE(t.needsMusicalFix);

    // Without a provider the cue's own tempo map speaks: 120 bpm 4/4 is a bar every 96 000 samples.
    Cue withTempo = before.cues.at(0);
    withTempo.tempo = tempoMapFromBpm(120, 4, 4, 0, withTempo.lengthSamples, 48000);
    const ConformResult mapped = conformSession(sessionWith(cutOf(kThree), {withTempo}), next);
    const CueConformReport& m = reportOf(mapped, "1M01");
    EXPECT_TRUE(m.barLinesKnown);
    ASSERT_TRUE(m.splices.at(0).outgoing.has_value());
    EXPECT_EQ(m.splices[0].outgoing->barBefore, 0);
    EXPECT_EQ(m.splices[0].outgoing->barAfter, 96000);
    EXPECT_EQ(m.splices[0].incoming->barBefore, 96000);
    EXPECT_EQ(m.splices[0].incoming->barAfter, 192000);
    EXPECT_TRUE(m.splices[0].needsMusicalFix);

    const ConformResult unknown = conformSession(before, next);
    const CueConformReport& u = reportOf(unknown, "1M01");
    EXPECT_FALSE(u.barLinesKnown);
    EXPECT_FALSE(u.splices.at(0).needsMusicalFix);
    ASSERT_FALSE(u.notes.empty());
    EXPECT_NE(u.notes[0].find("cannot judge"), std::string::npos);
    EXPECT_EQ(unknown.session.cues.at(0).attention,
              std::vector<std::string>{"1 splice made without bar lines: check by ear"});
}

TEST(Conform, MusicOffTheEndsOfThePictureFollowsTheEndShotsAndIsFlagged)
{
    std::vector<Shot> next = kThree;
    next.insert(next.begin(), Shot{"X999", 300, 45});
    const int64_t start = sampleOf(kHour - 50);  // 50 frames before the first frame of picture
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", start, 100 * kFrame)});
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));
    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_EQ(report.status, CueConformStatus::Moved);
    EXPECT_EQ(r.session.cues.at(0).startSample, start + 45 * kFrame);
    EXPECT_TRUE(report.outsidePicture());
    EXPECT_EQ(report.samplesBeforePicture, 5 * kFrame);
    EXPECT_EQ(report.samplesAfterPicture, 0);
}

TEST(Conform, AtNtscRatesRunsThatButtInFramesButtInSamples)
{
    // 29.97: a frame is 1 601.6 samples. A one-frame shot goes in at the head and B002 loses its
    // last frame, so B002 moves +1 and C003 stays: their music must meet exactly at C003's cut.
    const int64_t start = 108000;  // 01:00:00:00 non-drop
    const std::vector<Shot> next{{"X999", 300, 1}, {"A001", 1000, 100}, {"B002", 5000, 99}, {"C003", 9000, 100}};
    const Session before = sessionWith(cutOf(kThree, kFps29_97, start),
                                       {cueAt("1M01", sampleOf(start + 150, kFps29_97), 100 * 1602)}, kFps29_97);
    const ConformResult r = conformSession(before, version("v2", cutOf(next, kFps29_97, start)));
    const CueConformReport& report = reportOf(r, "1M01");
    EXPECT_TRUE(report.gaps.empty());
    ASSERT_EQ(report.splices.size(), 1u);
    EXPECT_EQ(report.splices[0].timelineSample, sampleOf(start + 200, kFps29_97));
    const auto& segs = r.session.cues.at(0).segments;
    ASSERT_EQ(segs.size(), 2u);
    EXPECT_EQ(segs[0].timelineEnd() - segs[1].timelineStart, segs[0].fadeOut);
    EXPECT_EQ(segs[0].fadeOut, segs[1].fadeIn);
    EXPECT_EQ(segs[0].timelineStart, sampleOf(start + 150, kFps29_97) + 1602);  // B002 moved one frame
    EXPECT_EQ(segs[0].fadeOut, 16016);  // 10 frames at 29.97 is exactly 16 016 samples
    EXPECT_EQ(segs[0].timelineEnd(), report.splices[0].timelineSample + 8008);
    EXPECT_EQ(segs[1].timelineStart, report.splices[0].timelineSample - 8008);
}

TEST(Conform, ACutSharingNoMaterialIsRefused)
{
    const Session before = sessionWith(cutOf(kThree), {});
    EXPECT_THROW(conformSession(before, version("v2", cutOf({{"Z001", 1, 100}}))), SessionEditError);
    EXPECT_THROW(conformSession(Session{}, version("v2", cutOf(kThree))), SessionEditError);
    EXPECT_THROW(conformSession(before, version("v2", cutOf(kThree, kFps25))), SessionEditError);
}

// --- what was heard at a splice ----------------------------------------------------------------

TEST(Conform, ASpliceHeardInsideASustainedNoteNeedsAMusicalFixEvenOnBarLines)
{
    const Session before = sessionWith(cutOf(kThree), {cueAt("1M01", sampleOf(kHour + 120), 140 * kFrame)});
    ConformOptions onTheBar;
    onTheBar.barLines = [](const Cue&) { return std::vector<int64_t>{0, 32 * kFrame, 80 * kFrame, 120 * kFrame}; };
    ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())), onTheBar);
    ConformSplice& splice = r.cues.at(0).splices.at(0);
    EXPECT_FALSE(splice.needsMusicalFix);
    EXPECT_FALSE(splice.insideSustainedNote.has_value());  // nothing heard yet

    // What media/SpliceListening would find: a note held across the incoming side only.
    SpliceSound held;
    held.sourceSample = splice.incomingSourceSample;
    held.sustained = true;
    SpliceSound clear;
    clear.sourceSample = splice.outgoingSourceSample;
    splice.outgoingSound = clear;
    splice.incomingSound = held;
    applySpliceSounds(r);
    const ConformSplice& judged = r.cues.at(0).splices.at(0);
    EXPECT_EQ(judged.insideSustainedNote, true);
    EXPECT_TRUE(judged.needsMusicalFix);
    EXPECT_EQ(judged.fixReasons, std::vector<SpliceFixReason>{SpliceFixReason::InsideSustainedNote});
    ASSERT_TRUE(judged.outgoing.has_value());  // the nearest bar lines are still offered
    EXPECT_EQ(judged.incoming->barBefore, 80 * kFrame);
    EXPECT_EQ(r.cues.at(0).splicesInsideSustainedNotes(), 1u);
    EXPECT_EQ(r.session.cues.at(0).attention,
              std::vector<std::string>{"splice at 01:00:06:08 cuts into a sustained note (cue sample 64064 into 160160)"});

    // Off the bar line as well: both reasons, one attention line.
    ConformOptions everySecond;
    everySecond.barLines = [](const Cue&) { return std::vector<int64_t>{0, 24 * kFrame, 48 * kFrame, 72 * kFrame}; };
    ConformResult both = conformSession(before, version("v2", cutOf(trimmedB())), everySecond);
    both.cues.at(0).splices.at(0).outgoingSound = held;
    applySpliceSounds(both);
    EXPECT_EQ(both.cues.at(0).splices.at(0).fixReasons,
              (std::vector<SpliceFixReason>{SpliceFixReason::OffBarLine, SpliceFixReason::InsideSustainedNote}));
    EXPECT_EQ(both.session.cues.at(0).attention,
              std::vector<std::string>{"splice at 01:00:06:08 is off the bar line and cuts into a sustained note "
                                       "(cue sample 64064 into 160160)"});

    // Heard clear on both sides: judged, and nothing to fix.
    ConformResult fine = conformSession(before, version("v2", cutOf(trimmedB())), onTheBar);
    fine.cues.at(0).splices.at(0).outgoingSound = clear;
    fine.cues.at(0).splices.at(0).incomingSound = clear;
    applySpliceSounds(fine);
    EXPECT_EQ(fine.cues.at(0).splices.at(0).insideSustainedNote, false);
    EXPECT_FALSE(fine.cues.at(0).splices.at(0).needsMusicalFix);
    EXPECT_TRUE(fine.session.cues.at(0).attention.empty());
}

// --- dialogue speech follows its picture --------------------------------------------------------

TEST(Conform, SpeechOverAShotThatMovesLaterMovesByExactlyItsFramesOfSamples)
{
    std::vector<Shot> next = kFour;
    next.insert(next.begin() + 1, Shot{"X999", 300, 45});  // B002, C003 and D004 move 45 frames later
    Session before = sessionWith(cutOf(kFour), {});
    const SpeechRegion inA{sampleOf(kHour + 10) + 5, sampleOf(kHour + 30), 0.7f};
    const SpeechRegion inB{sampleOf(kHour + 110) + 17, sampleOf(kHour + 150) + 3, 0.8f};
    before.detectedSpeech = {inA, inB};
    before.speechEdits = {{SpeechEdit::Kind::Add, sampleOf(kHour + 200), sampleOf(kHour + 210)},
                          {SpeechEdit::Kind::Remove, sampleOf(kHour + 20), sampleOf(kHour + 25)}};
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));

    const int64_t n = 45 * kFrame;
    ASSERT_EQ(r.session.detectedSpeech.size(), 2u);
    EXPECT_EQ(r.session.detectedSpeech[0], inA);  // its picture did not move
    EXPECT_EQ(r.session.detectedSpeech[1], (SpeechRegion{inB.start + n, inB.end + n, 0.8f}));
    ASSERT_EQ(r.session.speechEdits.size(), 2u);
    EXPECT_EQ(r.session.speechEdits[0], (SpeechEdit{SpeechEdit::Kind::Add, sampleOf(kHour + 200) + n, sampleOf(kHour + 210) + n}));
    EXPECT_EQ(r.session.speechEdits[1], before.speechEdits[1]);
    // Nothing is invented over the inserted shot, and what the mix ducks under moved with it.
    for (const auto& region : r.session.speech())
        EXPECT_TRUE(region.end <= sampleOf(kHour + 100) || region.start >= sampleOf(kHour + 145));
    EXPECT_EQ(r.speech.regionsMoved, 1u);
    EXPECT_EQ(r.speech.regionsRemoved, 0u);
    EXPECT_EQ(r.speech.removedSamples, 0);
    EXPECT_EQ(before.detectedSpeech[1], inB);  // the input session is untouched
}

TEST(Conform, SpeechOverADeletedShotDisappearsAndSpeechAcrossItIsClipped)
{
    const std::vector<Shot> next{kThree[0], kThree[2]};  // B002 deleted: C003 moves 100 frames earlier
    Session before = sessionWith(cutOf(kThree), {});
    before.detectedSpeech = {{sampleOf(kHour + 90), sampleOf(kHour + 110), 0.6f},   // A001 into B002
                             {sampleOf(kHour + 120), sampleOf(kHour + 180), 0.9f},  // inside B002
                             {sampleOf(kHour + 210), sampleOf(kHour + 290), 0.5f}}; // inside C003
    before.speechEdits = {{SpeechEdit::Kind::Add, sampleOf(kHour + 130), sampleOf(kHour + 140)},     // over B002
                          {SpeechEdit::Kind::Remove, sampleOf(kHour + 240), sampleOf(kHour + 250)}}; // in C003
    const ConformResult r = conformSession(before, version("v2", cutOf(next)));

    const int64_t back = 100 * kFrame;
    EXPECT_EQ(r.session.detectedSpeech,
              (std::vector<SpeechRegion>{{sampleOf(kHour + 90), sampleOf(kHour + 100), 0.6f},
                                         {sampleOf(kHour + 210) - back, sampleOf(kHour + 290) - back, 0.5f}}));
    EXPECT_EQ(r.session.speechEdits,
              (std::vector<SpeechEdit>{{SpeechEdit::Kind::Remove, sampleOf(kHour + 240) - back, sampleOf(kHour + 250) - back}}));
    // The hand edit still cuts the same words out of the region it was made on.
    EXPECT_EQ(r.session.speech(),
              (std::vector<SpeechRegion>{{sampleOf(kHour + 90), sampleOf(kHour + 100), 0.6f},
                                         {sampleOf(kHour + 110), sampleOf(kHour + 140), 0.5f},
                                         {sampleOf(kHour + 150), sampleOf(kHour + 190), 0.5f}}));
    EXPECT_EQ(r.speech.regionsBefore, 3u);
    EXPECT_EQ(r.speech.regionsAfter, 2u);
    EXPECT_EQ(r.speech.regionsRemoved, 1u);
    EXPECT_EQ(r.speech.removedSamples, 70 * kFrame);
    EXPECT_EQ(r.speech.editsAfter, 1u);
}

TEST(Conform, SpeechRunningAcrossRemovedPictureJoinsUpAtTheSplice)
{
    Session before = sessionWith(cutOf(kThree), {});
    // From B002 over its cut tail (frames 152..200) into C003, which moves 48 frames earlier.
    before.detectedSpeech = {{sampleOf(kHour + 140), sampleOf(kHour + 210), 0.5f}};
    before.speechEdits = {{SpeechEdit::Kind::Add, sampleOf(kHour + 150), sampleOf(kHour + 215)}};
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())));
    // 140..152 stays, 200..210 lands at 152..162: the two pieces meet at the cut and are one region.
    EXPECT_EQ(r.session.detectedSpeech, (std::vector<SpeechRegion>{{sampleOf(kHour + 140), sampleOf(kHour + 162), 0.5f}}));
    EXPECT_EQ(r.speech.removedSamples, 48 * kFrame);
    EXPECT_EQ(r.session.speechEdits,
              (std::vector<SpeechEdit>{{SpeechEdit::Kind::Add, sampleOf(kHour + 150), sampleOf(kHour + 152)},
                                       {SpeechEdit::Kind::Add, sampleOf(kHour + 152), sampleOf(kHour + 167)}}));
    EXPECT_EQ(r.session.speech(), (std::vector<SpeechRegion>{{sampleOf(kHour + 140), sampleOf(kHour + 167), 1.0f}}));
}

TEST(Conform, ADialogueSourceUnderChangedPictureIsReportedAsTheOldCutsAudio)
{
    Session before = sessionWith(cutOf(kThree), {});
    DialogueSource guide;
    guide.name = "guide";
    guide.path = "/dialogue/guide_v1.wav";
    guide.startSample = sampleOf(kHour);
    guide.lengthSamples = 300 * kFrame;
    guide.fileSampleRate = 48000;
    DialogueSource early = guide;  // only under A001, which did not change
    early.name = "early";
    early.lengthSamples = 90 * kFrame;
    before.dialogue = {guide, early};
    const ConformResult r = conformSession(before, version("v2", cutOf(trimmedB())));
    EXPECT_EQ(r.speech.oldCutSources, std::vector<std::string>{"guide"});
    size_t mentions = 0;
    for (const auto& note : r.notes)
        if (note.find("guide track") != std::string::npos) {
            ++mentions;
            EXPECT_EQ(note, "dialogue source guide is cut v1's audio: replace with cut v2's guide track and detect "
                            "speech again (speech regions were mapped to the new cut, not detected in it)");
        }
    EXPECT_EQ(mentions, 1u);
    EXPECT_EQ(r.session.dialogue.size(), 2u);  // left in place: nothing here can make the new cut's audio
}

// --- the demo scene ------------------------------------------------------------------------

const std::filesystem::path kDemo = std::filesystem::path(CUESMITH_SOURCE_DIR) / "resources" / "demo";

int64_t tc(const char* text) { return *parseTimecodeFrames(text, kFps23_976); }

CutVersion demoCut(const char* file, const char* name)
{
    std::ifstream in(kDemo / file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    CutVersion cut;
    cut.name = name;
    cut.edlText = text.str();
    cut.edl = readEdl(cut.edlText, EdlReadOptions{kFps23_976, false});
    return cut;
}

// The three score cues of resources/demo/README.md, plus a short sting under HAND ON RAIL.
Session demoSession()
{
    Session s;
    s.projectName = "The Last Ferry - Scene 12";
    s.frameRate = kFps23_976;
    s.sampleRate = 48000;
    s = addCutVersion(s, demoCut("scene_v1.edl", "v1"));
    s = addCue(s, cueAt("1M01", 173068896, 960000));
    s = addCue(s, cueAt("1M02", 173933760, 1152000));
    s = addCue(s, cueAt("1M03", 175066892, 685715));
    s = addCue(s, cueAt("1M04", sampleOf(tc("01:00:32:12")), 96000));
    s = addCue(s, cueAt("1M05", sampleOf(tc("01:00:38:00")), 12 * 48000));
    return s;
}

TEST(Conform, DemoSceneV1ToV2)
{
    const Session before = demoSession();
    EXPECT_EQ(before.pictureStartSample(), 172972800);
    const ConformResult r = conformSession(before, demoCut("scene_v2.edl", "v2"));
    ASSERT_EQ(r.session.cuts.size(), 2u);
    ASSERT_EQ(r.session.cues.size(), 5u);

    // 1M01 spans the inserted shot: the part after it moves 60 frames, leaving a 60-frame gap
    // over the new picture at 01:00:10:18. A003C004, B002C002 and A004C002 all moved +60, so
    // everything after the gap is one segment.
    const CueConformReport& m1 = reportOf(r, "1M01");
    EXPECT_EQ(m1.status, CueConformStatus::Edited);
    EXPECT_TRUE(m1.splices.empty());
    ASSERT_EQ(m1.gaps.size(), 1u);
    EXPECT_EQ(m1.gaps[0].timecode, "01:00:10:18");
    EXPECT_EQ(m1.gaps[0].length, 120120);
    EXPECT_EQ(m1.gaps[0].insertedPictureSamples, 120120);
    const auto& s1 = r.session.cues[0].segments;
    ASSERT_EQ(s1.size(), 2u);
    EXPECT_EQ(s1[0], (CueSegment{0, sampleOf(tc("01:00:10:18")) - 173068896, 173068896, 0, 0}));
    EXPECT_EQ(s1[1].timelineStart, sampleOf(tc("01:00:13:06")));
    EXPECT_EQ(s1[1].sourceStart + s1[1].length, 960000);
    EXPECT_EQ(s1[1].timelineStart - s1[1].sourceStart, 173068896 + 60 * 2002);

    // 1M02 starts on the cut to A004C002 (+60) and runs over A005C003 (moved, +228) into
    // B003C001 (-36) and its removed tail: its music follows the picture, so two splices.
    const CueConformReport& m2 = reportOf(r, "1M02");
    EXPECT_EQ(m2.status, CueConformStatus::Edited);
    EXPECT_EQ(r.session.cues[1].startSample, 173933760 + 60 * 2002);
    ASSERT_EQ(m2.moves.size(), 3u);
    EXPECT_EQ(m2.moves[0].shiftFrames, 60);
    EXPECT_EQ(m2.moves[1].shiftFrames, 228);
    EXPECT_EQ(m2.moves[1].shiftSamples, 456456);
    EXPECT_EQ(m2.moves[2].shiftFrames, -36);
    EXPECT_EQ(m2.moves[2].shiftSamples, -72072);
    ASSERT_EQ(m2.splices.size(), 2u);
    EXPECT_EQ(m2.splices[0].timecode, "01:00:34:12");
    EXPECT_EQ(m2.splices[0].outgoingSourceSample, 288 * 2002);  // the end of A005C001
    EXPECT_EQ(m2.splices[0].incomingSourceSample, 384 * 2002);  // the start of B003C001
    EXPECT_TRUE(m2.splices[0].reorder);
    EXPECT_EQ(m2.splices[0].crossfadeSamples, 20020);
    EXPECT_EQ(m2.splices[1].timecode, "01:00:41:12");
    EXPECT_EQ(m2.splices[1].outgoingSourceSample, 552 * 2002);  // B003C001's new end
    EXPECT_EQ(m2.splices[1].incomingSourceSample, 288 * 2002);  // A005C003's start
    EXPECT_TRUE(m2.splices[1].reorder);
    EXPECT_EQ(m2.removedSamples, 1152000 - 552 * 2002);  // the music over the 48 frames cut
    EXPECT_TRUE(m2.gaps.empty());

    // 1M03 began in B003C001's removed tail: its head goes, the rest (and the downbeat on the
    // FERRY HORN) moves +12 frames = 24 024 samples with A006C002.
    const CueConformReport& m3 = reportOf(r, "1M03");
    EXPECT_EQ(m3.status, CueConformStatus::Edited);
    EXPECT_TRUE(m3.splices.empty());
    EXPECT_EQ(m3.removedSamples, 34 * 2002);
    const Cue& c3 = r.session.cues[2];
    EXPECT_EQ(c3.startSample, 175066892 + 24024);
    ASSERT_EQ(c3.segments.size(), 1u);
    EXPECT_EQ(c3.segments[0], (CueSegment{68068, 685715 - 68068, sampleOf(tc("01:00:45:12")), 0, 0}));
    const int64_t hitOffset = 548572;  // bar 5 beat 1
    EXPECT_EQ(c3.segments[0].timelineStart + (hitOffset - c3.segments[0].sourceStart), 175066892 + hitOffset + 24024);

    // A cue inside the moved shot follows it: +228 frames, sample-exact, still whole.
    const CueConformReport& m4 = reportOf(r, "1M04");
    EXPECT_EQ(m4.status, CueConformStatus::Moved);
    EXPECT_EQ(r.session.cues[3].startSample, sampleOf(tc("01:00:32:12")) + 456456);
    EXPECT_TRUE(r.session.cues[3].segments.empty());

    // Over B003C001's trimmed tail into A006C002: the tail's music goes; A005C003, which had
    // other music, now sits between, so the two remaining pieces are separated by a gap over
    // moved (not inserted) picture rather than spliced.
    const CueConformReport& m5 = reportOf(r, "1M05");
    EXPECT_TRUE(m5.splices.empty());
    ASSERT_EQ(m5.gaps.size(), 1u);
    EXPECT_EQ(m5.gaps[0].timecode, "01:00:41:12");
    EXPECT_EQ(m5.gaps[0].length, 96 * 2002);
    EXPECT_EQ(m5.gaps[0].insertedPictureSamples, 0);
    EXPECT_EQ(m5.removedSamples, 48 * 2002);
}

// --- a feature-length reel -----------------------------------------------------------------

TEST(Conform, AFeatureLengthReelConformsEveryCueConsistentlyWithTheMapping)
{
    // 2 000 shots and 300 cues of 20 s, re-cut as FeatureRecut.h describes.
    const testing::FeatureConform g = testing::makeFeatureConform(2000, 300, false, 1000);
    // Its speed is measured by bench/ConformBench.cpp, never asserted here.
    const ConformResult r = conformSession(g.session, g.next);

    ASSERT_EQ(r.cues.size(), 300u);
    size_t moved = 0, edited = 0, checkedPoints = 0;
    const auto& oldCues = g.session.cues;
    for (const auto& cue : r.session.cues) {
        const Cue* old = g.session.findCue(cue.number);
        ASSERT_NE(old, nullptr);
        const CueConformReport& report = reportOf(r, cue.number);
        moved += report.status == CueConformStatus::Moved ? 1 : 0;
        edited += report.status == CueConformStatus::Edited ? 1 : 0;
        if (report.status == CueConformStatus::Moved) {
            const int64_t oldFrame = samplesToFrames(old->startSample, kFps23_976, 48000);
            const auto mapped = r.changes.mapFrame(oldFrame);
            ASSERT_TRUE(mapped.has_value());
            EXPECT_EQ(cue.startSample - old->startSample, (*mapped - oldFrame) * kFrame) << cue.number;
        }
        // Every sample a segment plays outside its crossfades is the one that sat over the same
        // picture in the old cut.
        int64_t previousStart = INT64_MIN;
        for (const auto& seg : effectiveSegments(cue)) {
            EXPECT_GE(seg.timelineStart, previousStart);
            previousStart = seg.timelineStart;
            EXPECT_GE(seg.sourceStart, 0);
            EXPECT_LE(seg.sourceStart + seg.length, cue.lengthSamples);
            EXPECT_LE(seg.fadeIn + seg.fadeOut, seg.length);
            const int64_t t = seg.timelineStart + seg.fadeIn;
            if (t >= seg.timelineEnd() - seg.fadeOut)
                continue;
            const int64_t source = seg.sourceStart + (t - seg.timelineStart);
            const int64_t oldFrame = samplesToFrames(old->startSample + source, kFps23_976, 48000);
            EXPECT_EQ(r.changes.mapFrame(oldFrame), samplesToFrames(t, kFps23_976, 48000)) << cue.number;
            ++checkedPoints;
        }
    }
    EXPECT_GT(moved, 200u);  // 229 of 300 at the time of writing
    EXPECT_GT(edited, 50u);  // 65
    EXPECT_GT(checkedPoints, 300u);
    EXPECT_EQ(oldCues.size(), 300u);

    // Spot checks: the first cue sits inside the first (unchanged) shots; the cue over shot 96
    // (moved ten places later) has music that went with it.
    EXPECT_EQ(reportOf(r, "C0").status, CueConformStatus::Unchanged);
    EXPECT_EQ(r.session.findCue("C0")->startSample, sampleOf(kHour + 7) + 333);
    size_t reorderedMoves = 0;
    for (const auto& report : r.cues)
        for (const auto& m : report.moves)
            reorderedMoves += m.reordered ? 1 : 0;
    EXPECT_GT(reorderedMoves, 5u);

    // Every speech region's middle sits over the same picture it sat over in the old cut.
    size_t checkedSpeech = 0;
    for (const auto& region : g.session.detectedSpeech) {
        const int64_t middle = (region.start + region.end) / 2;
        const int64_t oldFrame = samplesToFrames(middle, kFps23_976, 48000);
        const auto mapped = r.changes.mapFrame(oldFrame);
        if (!mapped)
            continue;
        const int64_t moved = middle + (*mapped - oldFrame) * kFrame;
        const auto& now = r.session.detectedSpeech;
        EXPECT_TRUE(std::any_of(now.begin(), now.end(), [&](const SpeechRegion& n) { return n.start <= moved && moved < n.end; }))
            << "speech at sample " << middle;
        ++checkedSpeech;
    }
    EXPECT_GT(checkedSpeech, 900u);
    EXPECT_GE(r.session.speechEdits.size(), 95u);
    EXPECT_LT(r.speech.regionsAfter, r.speech.regionsBefore + 100);
}

} // namespace
} // namespace cuesmith
