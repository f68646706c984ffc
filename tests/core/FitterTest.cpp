#include "core/Fitter.h"

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
    cue.stems = {{"STR", "/x.wav", ChannelLayout::Stereo}};
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
    try {
        proposeFits(s, "1M01", kCueStart + 480000, {});
        FAIL();
    } catch (const FitError& e) {
        EXPECT_NE(std::string(e.what()).find("no tempo map"), std::string::npos) << e.what();
    }
    EXPECT_THROW(proposeFits(sessionWithCue(), "1M01", kCueStart - 10, {}), FitError);
    EXPECT_THROW(proposeFits(sessionWithCue(), "9M99", kCueStart, {}), FitError);
}

} // namespace
} // namespace cuesmith
