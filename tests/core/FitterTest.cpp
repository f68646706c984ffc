#include "core/Fitter.h"

#include "FeatureRecut.h"

#include "core/Conform.h"
#include "core/SessionEdits.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kCueStart = 173068896;  // 01:00:02:00 at 23.976 / 48 kHz

Session sessionWithCue(int64_t length = 960000)
{
    Session s;
    s.frameRate = kFps23_976;
    Cue cue;
    cue.number = "1M01";
    cue.startSample = kCueStart;
    cue.lengthSamples = length;
    Stem stem;
    stem.name = "STR";
    stem.path = "/x.wav";
    cue.stems = {stem};
    cue.tempo = tempoMapFromBpm(96.0, 4, 4, 0, length, 48000);  // a bar is 120 000 samples
    return addCue(s, cue);
}

// Where a cue-relative sample plays on the timeline after an edit.
int64_t playsAt(const Cue& cue, int64_t source)
{
    for (auto it = cue.segments.rbegin(); it != cue.segments.rend(); ++it)
        if (source >= it->sourceStart && source < it->sourceStart + it->length)
            return it->timelineStart + (source - it->sourceStart);
    return cue.startSample + source;
}

TEST(Fitter, TheEndingIsTheLastBarLineWithoutAMarker)
{
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", kCueStart + 840000, {});
    EXPECT_EQ(plan.endingSample, 840000);
    EXPECT_EQ(plan.endingFrom, "last bar line");
    EXPECT_EQ(plan.frameSamples, 2002);
    EXPECT_EQ(plan.proposals.front().kind, FitKind::AlreadyLands);
}

TEST(Fitter, AnEndingMarkerWins)
{
    Session s = sessionWithCue();
    s.cues[0].markers = {{"ending", 900000}};
    EXPECT_EQ(proposeFits(s, "1M01", kCueStart + 900000, {}).endingSample, 900000);
}

TEST(Fitter, ASmallDifferencePrefersAStretchWithNoEdits)
{
    const int64_t hit = kCueStart + 840000 + 25200;  // 3 % later
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, {});
    ASSERT_FALSE(plan.proposals.empty());
    EXPECT_EQ(plan.proposals.front().kind, FitKind::Stretch);
    EXPECT_EQ(plan.proposals.front().edits, 0);
    EXPECT_NEAR(plan.proposals.front().stretchRatio, 1.03, 1e-9);
}

TEST(Fitter, TwoBarsTooLongCutsOnBarLinesAndLandsToTheSample)
{
    const int64_t hit = kCueStart + 840000 - 240000;
    FitOptions options;
    options.allowStretch = false;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, options);
    const FitProposal& best = plan.proposals.front();
    EXPECT_EQ(best.kind, FitKind::Cut);
    EXPECT_EQ(best.edits, 1);
    EXPECT_EQ(best.toSample - best.fromSample, 240000);
    EXPECT_EQ(best.fromSample % 120000, 0);  // on a bar line

    const Session fitted = applyFitEdit(sessionWithCue(), "1M01", best, 1440);
    const Cue& cue = *fitted.findCue("1M01");
    ASSERT_EQ(cue.segments.size(), 2u);
    EXPECT_EQ(playsAt(cue, plan.endingSample), hit);
    EXPECT_EQ(cue.segments[0].fadeOut, 1440);
    EXPECT_EQ(cue.segments[1].fadeIn, 1440);
    // The crossfade is centred on the bar line: the outgoing bar line plays where the incoming one does.
    EXPECT_EQ(cue.segments[1].timelineStart + 720, cue.startSample + best.fromSample);
}

TEST(Fitter, TooShortRepeatsWholeBars)
{
    const int64_t hit = kCueStart + 840000 + 240000;
    FitOptions options;
    options.allowStretch = false;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, options);
    const FitProposal& best = plan.proposals.front();
    EXPECT_EQ(best.kind, FitKind::Repeat);
    EXPECT_EQ(best.edits, 1);
    EXPECT_EQ((best.toSample - best.fromSample) * best.repeats, 240000);
    const Session fitted = applyFitEdit(sessionWithCue(), "1M01", best, 1440);
    EXPECT_EQ(playsAt(*fitted.findCue("1M01"), plan.endingSample), hit);
}

TEST(Fitter, EveryNewSpliceTakesTheChosenShapeOnBothSides)
{
    const int64_t hit = kCueStart + 840000 + 480000;  // two bars short: one or more repeats
    FitOptions options;
    options.allowStretch = false;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, options);
    ASSERT_EQ(plan.proposals.front().kind, FitKind::Repeat);
    const Session fitted = applyFitEdit(sessionWithCue(), "1M01", plan.proposals.front(), 1440, FadeShape::SCurve);
    const auto& segments = fitted.findCue("1M01")->segments;
    ASSERT_GE(segments.size(), 2u);
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
        EXPECT_EQ(segments[i].fadeOutShape, FadeShape::SCurve) << i;
        EXPECT_EQ(segments[i + 1].fadeInShape, FadeShape::SCurve) << i + 1;
    }
    EXPECT_EQ(segments.back().fadeOut, 0);  // the cue's own end, untouched
}

TEST(Fitter, AnUnevenGapCombinesABarEditWithASmallStretch)
{
    // 2.1 bars too long: no whole-bar cut lands, a 2-bar cut plus a 2 % squeeze does.
    const int64_t hit = kCueStart + 840000 - 252000;
    FitOptions options;
    options.stretchLimit = 0.05;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, options);
    bool combined = false;
    for (const auto& p : plan.proposals)
        if (p.kind == FitKind::CutAndStretch) {
            combined = true;
            EXPECT_LE(std::abs(p.stretchRatio - 1.0), 0.05);
            EXPECT_EQ(static_cast<int64_t>(std::llround((840000 - (p.toSample - p.fromSample)) * p.stretchRatio)), 588000);
        }
    EXPECT_TRUE(combined);
}

TEST(Fitter, NothingLandsWithoutTempoOrBeyondTheStretchLimit)
{
    Session s = sessionWithCue();
    s.cues[0].tempo.reset();
    FitOptions noTrim;
    noTrim.allowTrim = false;
    try {
        proposeFits(s, "1M01", kCueStart + 480000, noTrim);
        FAIL();
    } catch (const FitError& e) {
        EXPECT_NE(std::string(e.what()).find("no tempo map"), std::string::npos) << e.what();
    }
    // Without bar lines, a trim is still possible (it needs none).
    EXPECT_EQ(proposeFits(s, "1M01", kCueStart + 480000, {}).proposals.front().kind, FitKind::Trim);
    EXPECT_THROW(proposeFits(sessionWithCue(), "1M01", kCueStart - 10, {}), FitError);
    EXPECT_THROW(proposeFits(sessionWithCue(), "9M99", kCueStart, {}), FitError);
}

TEST(Fitter, ATrimStopsTheCueOnTheHitWithATwoSecondTailFade)
{
    // 140 000 samples too long: no whole-bar cut lands, so without a stretch only the trim does.
    const int64_t hit = kCueStart + 700000;
    FitOptions options;
    options.allowStretch = false;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", hit, options);
    ASSERT_EQ(plan.proposals.size(), 1u);
    const FitProposal& trim = plan.proposals.front();
    EXPECT_EQ(trim.kind, FitKind::Trim);
    EXPECT_EQ(fitKindName(trim.kind), "trim");
    EXPECT_EQ(trim.edits, 1);
    EXPECT_EQ(trim.fadeSamples, 96000);  // the default: 2 s at 48 kHz
    EXPECT_EQ(trim.toSample, 700000);
    EXPECT_EQ(trim.fromSample, 700000 - 96000);

    const Session fitted = applyFitEdit(sessionWithCue(), "1M01", trim, 1440);
    const Cue& cue = *fitted.findCue("1M01");
    ASSERT_EQ(cue.segments.size(), 1u);
    EXPECT_EQ(cue.segments[0], (CueSegment{0, 700000, kCueStart, 0, 96000}));
    EXPECT_EQ(cue.segments[0].timelineEnd(), hit);  // to the sample, well within a frame
}

TEST(Fitter, TheTailFadeLengthIsAnOptionAndShortensToWhatThereIs)
{
    FitOptions options;
    options.allowStretch = options.allowCut = options.allowRepeat = false;
    options.tailFadeSamples = 48000;
    EXPECT_EQ(proposeFits(sessionWithCue(), "1M01", kCueStart + 500000, options).proposals.front().fadeSamples, 48000);
    // A hit 30 000 samples into the cue leaves room for only that much fade.
    const FitProposal near = proposeFits(sessionWithCue(), "1M01", kCueStart + 30000, options).proposals.front();
    EXPECT_EQ(near.fadeSamples, 30000);
    EXPECT_EQ(applyFitEdit(sessionWithCue(), "1M01", near, 1440).findCue("1M01")->segments.at(0).fadeOut, 30000);
}

TEST(Fitter, ATrimIsRefusedWhenTheCueEndsBeforeTheHit)
{
    FitOptions trimOnly;
    trimOnly.allowStretch = trimOnly.allowCut = trimOnly.allowRepeat = false;
    try {
        proposeFits(sessionWithCue(), "1M01", kCueStart + 1000000, trimOnly);  // the cue is 960 000 long
        FAIL() << "a trim past the cue's end was proposed";
    } catch (const FitError& e) {
        EXPECT_NE(std::string(e.what()).find("a trim needs the cue to play past the hit"), std::string::npos) << e.what();
    }
    // Nor is a trim offered where the ending already lands, or lands before the hit.
    for (const int64_t hit : {kCueStart + 840000, kCueStart + 860000})
        for (const auto& p : proposeFits(sessionWithCue(), "1M01", hit, {}).proposals)
            EXPECT_NE(p.kind, FitKind::Trim) << hit;
}

TEST(Fitter, AtEqualEditsACutToTheEndingRanksBeforeATailFade)
{
    FitOptions options;
    options.allowStretch = false;
    const FitPlan plan = proposeFits(sessionWithCue(), "1M01", kCueStart + 840000 - 240000, options);
    ASSERT_GE(plan.proposals.size(), 2u);
    EXPECT_EQ(plan.proposals.front().kind, FitKind::Cut);
    EXPECT_EQ(plan.proposals.back().kind, FitKind::Trim);
    EXPECT_EQ(plan.proposals.back().edits, plan.proposals.front().edits);
}

TEST(Fitter, TheCuesOwnStretchLimitBoundsTheStretch)
{
    Session s = sessionWithCue();
    s.cues[0].stretchLimit = 0.02;
    const int64_t hit = kCueStart + 840000 + 25200;  // 3 % later
    EXPECT_THROW(proposeFits(s, "1M01", hit, {}), FitError);  // nothing but a 3 % stretch lands it
    FitOptions wider;
    wider.stretchLimit = 0.04;  // an explicit limit overrides the cue's
    EXPECT_EQ(proposeFits(s, "1M01", hit, wider).proposals.front().kind, FitKind::Stretch);
    s.cues[0].stretchLimit = 0.05;
    EXPECT_EQ(proposeFits(s, "1M01", hit, {}).proposals.front().kind, FitKind::Stretch);
}

// A cue conformed across a trimmed shot: 32 frames of shot B kept, 48 cut out, then shot C
// (moved 48 frames earlier), joined by a 10-frame crossfade. At 120 bpm a bar is 96 000 samples;
// the ending is the last bar line, 288 000 samples into the cue, in the second segment.
constexpr int64_t kFrame = 2002;

Session conformedSession()
{
    using Shot = testing::FeatureShot;
    const int64_t hour = 86400;
    auto cut = [](const std::string& name, const std::vector<Shot>& shots) {
        CutVersion v;
        v.name = name;
        v.edl = testing::backToBackCut(shots, kFps23_976, 86400);
        return v;
    };
    Session s;
    s.frameRate = kFps23_976;
    s = addCutVersion(s, cut("v1", {{"A001", 1000, 100}, {"B002", 5000, 100}, {"C003", 9000, 100}}));
    Cue cue;
    cue.number = "1M01";
    cue.startSample = framesToSamples(hour + 120, kFps23_976, 48000);
    cue.lengthSamples = 170 * kFrame;
    cue.fileSampleRate = 48000;
    Stem stem;
    stem.name = "STR";
    stem.path = "/x.wav";
    cue.stems = {stem};
    cue.tempo = tempoMapFromBpm(120.0, 4, 4, 0, cue.lengthSamples, 48000);
    s = addCue(s, cue);
    return conformSession(s, cut("v2", {{"A001", 1000, 100}, {"B002", 5000, 52}, {"C003", 9000, 100}})).session;
}

// Where the conformed cue's ending (cue sample 288 000) plays.
int64_t conformedEnding(const Cue& cue) { return playsAt(cue, 288000); }

TEST(Fitter, AConformedCueIsFittedAtItsEndAndKeepsItsEarlierSegments)
{
    const Session conformed = conformedSession();
    const Cue& before = *conformed.findCue("1M01");
    ASSERT_EQ(before.segments.size(), 2u);
    const int64_t ending = conformedEnding(before);

    // One bar short of a later hit: repeat a bar.
    FitPlan plan = proposeFits(conformed, "1M01", ending + 96000, {});
    EXPECT_EQ(plan.endingSample, 288000);
    EXPECT_TRUE(plan.endingPlayed);
    const FitProposal repeat = plan.proposals.front();
    EXPECT_EQ(repeat.kind, FitKind::Repeat);
    EXPECT_EQ(repeat.fromSample, 192000);
    EXPECT_EQ(repeat.toSample, 288000);
    Cue after = *applyFitEdit(conformed, "1M01", repeat, 1440).findCue("1M01");
    ASSERT_EQ(after.segments.size(), 3u);
    EXPECT_EQ(after.segments[0], before.segments[0]);  // the part before the edit is untouched
    EXPECT_EQ(after.segments[1].sourceStart, before.segments[1].sourceStart);
    EXPECT_EQ(after.segments[1].fadeIn, before.segments[1].fadeIn);  // the conform's crossfade stays
    EXPECT_EQ(playsAt(after, 288000), ending + 96000);
    EXPECT_EQ(after.segments.back().timelineEnd(), before.segments.back().timelineEnd() + 96000);

    // One bar past an earlier hit: cut a bar to the ending.
    plan = proposeFits(conformed, "1M01", ending - 96000, {});
    const FitProposal cut = plan.proposals.front();
    EXPECT_EQ(cut.kind, FitKind::Cut);
    after = *applyFitEdit(conformed, "1M01", cut, 1440).findCue("1M01");
    EXPECT_EQ(after.segments[0], before.segments[0]);
    EXPECT_EQ(playsAt(after, 288000), ending - 96000);

    // Between bar lines: stop on the hit with a tail fade.
    FitOptions fade;
    fade.tailFadeSamples = 48000;
    plan = proposeFits(conformed, "1M01", ending - 50000, fade);
    ASSERT_EQ(plan.proposals.size(), 1u);
    EXPECT_EQ(plan.proposals.front().kind, FitKind::Trim);
    after = *applyFitEdit(conformed, "1M01", plan.proposals.front(), 1440).findCue("1M01");
    ASSERT_EQ(after.segments.size(), 2u);
    EXPECT_EQ(after.segments[0], before.segments[0]);
    EXPECT_EQ(after.segments[1].timelineEnd(), ending - 50000);
    EXPECT_EQ(after.segments[1].fadeOut, 48000);
    EXPECT_EQ(after.segments[1].fadeIn, before.segments[1].fadeIn);
}

TEST(Fitter, AConformedCueIsNotStretchedAndSaysWhy)
{
    const Session conformed = conformedSession();
    const int64_t hit = conformedEnding(*conformed.findCue("1M01")) + 5000;  // 2 % late: a stretch would do
    FitOptions stretchOnly;
    stretchOnly.allowCut = stretchOnly.allowRepeat = stretchOnly.allowTrim = false;
    try {
        proposeFits(conformed, "1M01", hit, stretchOnly);
        FAIL() << "an edited cue was offered a stretch";
    } catch (const FitError& e) {
        EXPECT_NE(std::string(e.what()).find("a stretch applies to its whole stem files"), std::string::npos) << e.what();
    }
}

TEST(Fitter, AConformedCueWhoseEndingWasCutOutCanOnlyBeTrimmed)
{
    Session conformed = conformedSession();
    conformed.cues[0].markers = {{"ending", 100000}};  // inside the 48 frames the conform removed
    const Cue& cue = conformed.cues[0];
    const int64_t hit = cue.segments[1].timelineStart + 100000;
    const FitPlan plan = proposeFits(conformed, "1M01", hit, {});
    EXPECT_FALSE(plan.endingPlayed);
    ASSERT_EQ(plan.proposals.size(), 1u);
    EXPECT_EQ(plan.proposals.front().kind, FitKind::Trim);
    EXPECT_FALSE(plan.notes.empty());
}

} // namespace
} // namespace cuesmith
