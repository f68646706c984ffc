// Hand edits to the speech win over detection, also over a re-detection with other settings: the
// detector's edges move (a longer hangover, an onset a frame earlier), and nothing of a region the
// hand removed may come back at its edges. These tests used to live in GainEnvelopeTest.cpp, where
// a re-detected removed region left 100-sample slivers at both ends of the removed range; each
// sliver is a duck of its own, so the rule now drops them (see SpeechEdits.h).
#include "core/SpeechEdits.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kRate = 48000;
const int64_t kRemnant = speechRemnantSamples(kRate);

int64_t at(double seconds)
{
    return static_cast<int64_t>(seconds * static_cast<double>(kRate) + 0.5);
}

bool anySpeechIn(const std::vector<SpeechRegion>& speech, int64_t start, int64_t end)
{
    for (const auto& r : speech)
        if (r.start < end && start < r.end)
            return true;
    return false;
}

TEST(SpeechEdits, TheRemnantLengthIsHalfASecond)
{
    EXPECT_EQ(kRemnant, 24000);
    EXPECT_EQ(speechRemnantSamples(44100), 22050);
}

TEST(SpeechEdits, HandEditsWinOverDetection)
{
    // A line with a cough in it, and a false alarm.
    const std::vector<SpeechRegion> detected{{at(1.0), at(4.0), 0.8f}, {at(10.0), at(11.0), 0.7f}};
    const std::vector<SpeechEdit> edits{{SpeechEdit::Kind::Remove, at(10.0), at(11.0)},
                                        {SpeechEdit::Kind::Add, at(20.0), at(21.0)},
                                        {SpeechEdit::Kind::Remove, at(2.5), at(2.6)}};
    const auto speech = effectiveSpeech(detected, edits, kRemnant);
    ASSERT_EQ(speech.size(), 3u);
    // The line either side of the cough is speech in its own right (1.5 s, 1.4 s): it stays.
    EXPECT_EQ(speech[0], (SpeechRegion{at(1.0), at(2.5), 0.8f}));
    EXPECT_EQ(speech[1], (SpeechRegion{at(2.6), at(4.0), 0.8f}));
    EXPECT_EQ(speech[2], (SpeechRegion{at(20.0), at(21.0), 1.0f}));
}

TEST(SpeechEdits, ARemovedRegionDoesNotComeBackAsSliversWhenRedetectedWithAWiderHangover)
{
    const std::vector<SpeechEdit> edits{{SpeechEdit::Kind::Remove, at(10.0), at(11.0)}};
    // The detector now starts it a few frames early (25 ms) and runs on 0.3 s longer. Before the
    // rule, the removal left both ends as regions of their own: two ducks where the hand removed one.
    const std::vector<SpeechRegion> again{{at(1.0), at(4.0), 0.9f}, {at(9.975), at(11.3), 0.9f}};
    const auto speech = effectiveSpeech(again, edits, kRemnant);
    ASSERT_EQ(speech.size(), 1u);
    EXPECT_EQ(speech[0], (SpeechRegion{at(1.0), at(4.0), 0.9f}));
    // With no remnant length (the old rule) the slivers are what is left.
    EXPECT_EQ(effectiveSpeech(again, edits, 0).size(), 3u);
    // A piece just shorter than the remnant length goes; one as long stays (speech in its own right).
    EXPECT_FALSE(anySpeechIn(effectiveSpeech({{at(10.0), at(11.0) + kRemnant - 1, 0.9f}}, edits, kRemnant), 0, at(30.0)));
    EXPECT_EQ(effectiveSpeech({{at(10.0), at(11.0) + kRemnant, 0.9f}}, edits, kRemnant),
              (std::vector<SpeechRegion>{{at(11.0), at(11.0) + kRemnant, 0.9f}}));
    // A short region that merely abuts the removed range is its edge too.
    EXPECT_TRUE(effectiveSpeech({{at(11.0), at(11.2), 0.9f}}, edits, kRemnant).empty());
}

TEST(SpeechEdits, ALineThatReDetectionJoinsToARemovedRegionKeepsItsSpeech)
{
    // A wider minimum pause bridges a real line (6-9.8 s) to the false alarm the hand removed.
    const std::vector<SpeechEdit> edits{{SpeechEdit::Kind::Remove, at(10.0), at(11.0)}};
    const auto speech = effectiveSpeech({{at(6.0), at(11.4), 0.8f}}, edits, kRemnant);
    ASSERT_EQ(speech.size(), 1u);
    EXPECT_EQ(speech[0], (SpeechRegion{at(6.0), at(10.0), 0.8f}));  // the line stays; the 0.4 s tail goes
}

TEST(SpeechEdits, SpeechTheHandAddedIsNeverARemnant)
{
    // A short word added by hand next to a range removed later stays.
    const std::vector<SpeechEdit> edits{{SpeechEdit::Kind::Add, at(5.0), at(5.3)},
                                        {SpeechEdit::Kind::Remove, at(5.3), at(6.0)}};
    const auto speech = effectiveSpeech({{at(5.2), at(6.2), 0.6f}}, edits, kRemnant);
    ASSERT_EQ(speech.size(), 1u);
    EXPECT_EQ(speech[0].start, at(5.0));
    EXPECT_EQ(speech[0].end, at(5.3));
    // However short, what is left of it after a later removal is still the hand's; removed whole,
    // it is gone like any other speech.
    const std::vector<SpeechEdit> trimmed{{SpeechEdit::Kind::Add, at(5.0), at(5.3)},
                                          {SpeechEdit::Kind::Remove, at(5.0), at(5.25)}};
    EXPECT_EQ(effectiveSpeech({}, trimmed, kRemnant), (std::vector<SpeechRegion>{{at(5.25), at(5.3), 1.0f}}));
    const std::vector<SpeechEdit> gone{{SpeechEdit::Kind::Add, at(5.0), at(5.3)},
                                       {SpeechEdit::Kind::Remove, at(4.0), at(6.0)}};
    EXPECT_TRUE(effectiveSpeech({{at(5.2), at(6.2), 0.6f}}, gone, kRemnant).empty());
}

TEST(SpeechEdits, ANudgeMovesOneEdge)
{
    const std::vector<SpeechRegion> regions{{at(1.0), at(3.0), 0.8f}};
    const auto edits = nudgeEdits(regions, at(1.5), true, -4800);
    const auto moved = effectiveSpeech(regions, edits, kRemnant);
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].start, at(0.9));
    EXPECT_EQ(moved[0].end, at(3.0));
    EXPECT_TRUE(nudgeEdits(regions, at(5.0), true, 10).empty());
    EXPECT_TRUE(effectiveSpeech(regions, nudgeEdits(regions, at(1.5), false, -at(5.0)), kRemnant).empty());
}

TEST(SpeechEdits, ANudgedEdgeStaysWhereTheHandPutItThroughReDetection)
{
    const std::vector<SpeechRegion> first{{at(10.0), at(12.0), 0.8f}};
    // The end nudged 0.3 s earlier (a door slam after the line), or 0.3 s later (a word's tail);
    // the start 0.2 s later (a breath before it).
    const struct {
        bool startEdge;
        int64_t delta;
        SpeechRegion expected;
    } nudges[] = {{false, -at(0.3), {at(10.0), at(11.7), 1.0f}},
                  {false, at(0.3), {at(10.0), at(12.3), 1.0f}},
                  {true, at(0.2), {at(10.2), at(12.0), 1.0f}}};
    // Re-detections: the same, a wider hangover, an earlier onset and both.
    const std::vector<std::vector<SpeechRegion>> redetections{
        {{at(10.0), at(12.0), 0.8f}},
        {{at(10.0), at(12.4), 0.8f}},
        {{at(9.97), at(12.0), 0.8f}},
        {{at(9.97), at(12.45), 0.8f}, {at(20.0), at(22.0), 0.9f}}};
    for (const auto& n : nudges) {
        const auto edits = nudgeEdits(first, at(11.0), n.startEdge, n.delta);
        ASSERT_EQ(effectiveSpeech(first, edits, kRemnant), (std::vector<SpeechRegion>{n.expected}));
        for (const auto& again : redetections) {
            const auto speech = effectiveSpeech(again, edits, kRemnant);
            ASSERT_FALSE(speech.empty());
            EXPECT_EQ(speech[0], n.expected) << "nudged by " << n.delta << ", re-detected to " << again[0].end;
            EXPECT_FALSE(anySpeechIn(speech, n.expected.end, at(19.0))) << "a sliver after the nudged end";
        }
    }
}

} // namespace
} // namespace cuesmith
