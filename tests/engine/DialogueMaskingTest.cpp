// The dialogue EQ's depth curve follows each bus's own duck: the phrases joined across that bus's
// hold, ramped no steeper than its slope ceiling, and within a long phrase the music window by
// window. Masking is given here as band energies per speech region, slice by slice where a test
// needs it (what measureDialogueMasking returns at hold 0), so no audio is read.
#include "engine/DialogueMasking.h"

#include "core/DuckCurve.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kRate = 48000;
constexpr int64_t kStart = 172972800;

int64_t at(double seconds)
{
    return kStart + static_cast<int64_t>(std::llround(seconds * static_cast<double>(kRate)));
}

// Music 10 dB over the dialogue in a single band: the cut needed is 25 dB, more than any limit.
PhraseMasking masked(double from, double to, double musicOverDialogueDb = 10.0)
{
    return {{at(from), at(to), 0.9f}, 0.0, {std::pow(10.0, musicOverDialogueDb / 10.0)}, {1.0}, {}};
}

// The same, slice by slice: every slice of [from, to) holds dialogue 1 and the music
// `musicOverDialogueDb(seconds)` over it, taken at the slice's middle (where windows place it), and
// the sums are theirs.
template <typename Level>
PhraseMasking sliced(double from, double to, Level musicOverDialogueDb)
{
    PhraseMasking m{{at(from), at(to), 0.9f}, 0.0, {0.0}, {0.0}, {}};
    const int64_t slice = maskingSliceSamples(kRate);
    for (int64_t t = at(from) / slice * slice; t < at(to); t += slice) {
        const double middle = static_cast<double>(t + slice / 2 - kStart) / kRate;
        const double music = std::pow(10.0, musicOverDialogueDb(middle) / 10.0);
        m.slices.push_back({t, {music}, {1.0}});
        m.musicEnergy[0] += music;
        m.dialogueEnergy[0] += 1.0;
    }
    return m;
}

// Words of one line with pauses of 1.8 s and 0.5 s, then a second line 5 s later.
std::vector<PhraseMasking> words()
{
    std::vector<PhraseMasking> m{masked(1.0, 1.5), masked(3.3, 3.8), masked(4.3, 4.8), masked(10.0, 11.0)};
    return maskingAtHold(m, 0);
}

Session sessionWithBuses()
{
    Session s;
    s.sampleRate = kRate;
    for (const auto& m : words())
        s.detectedSpeech.push_back(m.phrase);
    StemBus longHold{"LONG", ChannelLayout::Stereo, {}, {}, {}};
    longHold.duck.depthDb = -2.0;
    longHold.duck.holdMs = 2000.0;
    longHold.duck.maxSlopeDbPerSecond = 4.0;
    longHold.duck.leadMs = longHold.duck.releaseMs = 200.0;
    StemBus shortHold{"SHORT", ChannelLayout::Stereo, {}, {}, {}};
    shortHold.duck.depthDb = -2.0;
    shortHold.duck.holdMs = 700.0;
    shortHold.duck.leadMs = shortHold.duck.releaseMs = 200.0;
    s.buses = {longHold, shortHold};
    return s;
}

// Moves of the depth down from flat, sampled every 10 ms over the reel: one per cut.
int cutsIn(const GainEnvelope& depth)
{
    int cuts = 0;
    double previous = 0.0;
    for (int64_t t = at(0.0); t < at(16.0); t += kRate / 100) {
        const double d = depth.at(t);
        cuts += previous == 0.0 && d < 0.0;
        previous = d;
    }
    return cuts;
}

TEST(DialogueMasking, JoiningPhrasesAddsTheirBandEnergiesUp)
{
    // One region masked 10 dB over the words, one not masked at all (music 30 dB under them).
    const auto apart = maskingAtHold({masked(1.0, 2.0, 10.0), masked(2.5, 3.5, -30.0)}, 0);
    ASSERT_EQ(apart.size(), 2u);
    EXPECT_NEAR(apart[0].neededCutDb, 25.0, 1e-9);
    EXPECT_EQ(apart[1].neededCutDb, 0.0);
    // Closer than the hold: one phrase, its music and dialogue summed over both.
    const auto joined = maskingAtHold(apart, at(0.7) - at(0.0));
    ASSERT_EQ(joined.size(), 1u);
    EXPECT_EQ(joined[0].phrase.start, at(1.0));
    EXPECT_EQ(joined[0].phrase.end, at(3.5));
    const double music = std::pow(10.0, 1.0) + std::pow(10.0, -3.0);
    EXPECT_NEAR(joined[0].neededCutDb, 10.0 * std::log10(music / 2.0) + 15.0, 1e-9);
    // The phrases are the duck's: speechPhrases over the same regions at the same hold.
    const auto phrases = speechPhrases({apart[0].phrase, apart[1].phrase}, at(0.7) - at(0.0));
    ASSERT_EQ(phrases.size(), 1u);
    EXPECT_EQ(joined[0].phrase, phrases[0]);
}

TEST(DialogueMasking, EachBussCutFollowsItsOwnHoldAndSlopeCeiling)
{
    const Session session = sessionWithBuses();
    RenderPlan plan = compileRenderPlan(session, ChannelLayout::Stereo);
    applyDialogueEq(plan, session, words());
    ASSERT_EQ(plan.buses.size(), 2u);
    const GainEnvelope& longCut = plan.buses[0].eqDepth;
    const GainEnvelope& shortCut = plan.buses[1].eqDepth;
    ASSERT_FALSE(longCut.points().empty());

    // The 2 s hold keeps the first line's words one phrase: the cut stays down through the 1.8 s
    // pause, exactly where the duck stays down too (its duck: 2 moves, its cut: 2 moves).
    const double plateau = longCut.at(at(1.2));
    EXPECT_NEAR(plateau, -8.0, 1e-9);  // 25 dB needed, 2 of them taken by its duck: the -8 dB limit
    for (int64_t t = at(1.0); t < at(4.8); t += kRate / 100)
        EXPECT_EQ(longCut.at(t), plateau) << "let go " << static_cast<double>(t - kStart) / kRate << " s in";
    EXPECT_EQ(cutsIn(longCut), 2);
    EXPECT_EQ(cutsIn(duckCurve(session.speech(), session.buses[0].duck, kRate)), 2);
    // The 700 ms hold lets go in the 1.8 s pause and cuts again: three moves, like its duck.
    EXPECT_EQ(shortCut.at(at(2.4)), 0.0);
    EXPECT_NEAR(shortCut.at(at(1.2)), -8.0, 1e-9);
    EXPECT_EQ(cutsIn(shortCut), 3);
    EXPECT_EQ(cutsIn(duckCurve(session.speech(), session.buses[1].duck, kRate)), 3);

    // No move steeper than each bus's own ceiling.
    EXPECT_LE(longCut.steepestSlope(kRate), 4.0 * 1.001);
    EXPECT_LE(shortCut.steepestSlope(kRate), 10.0 * 1.001);
}

TEST(DialogueMasking, TheSlopeCeilingHoldsForAnyHoldAndDepth)
{
    Session session = sessionWithBuses();
    for (double hold : {0.0, 300.0, 700.0, 2000.0, 10000.0})
        for (double ceiling : {0.5, 3.0, 10.0, 200.0})
            for (double limit : {-2.0, -8.0, -24.0}) {
                session.buses[0].duck.holdMs = hold;
                session.buses[0].duck.maxSlopeDbPerSecond = ceiling;
                session.buses[0].duck.leadMs = 0.0;
                session.buses[0].eq.maxDepthDb = limit;
                RenderPlan plan = compileRenderPlan(session, ChannelLayout::Stereo);
                applyDialogueEq(plan, session, words());
                const GainEnvelope& cut = plan.buses[0].eqDepth;
                EXPECT_LE(cut.steepestSlope(kRate), ceiling * 1.001)
                    << "hold " << hold << " ms, ceiling " << ceiling << " dB/s, limit " << limit << " dB";
                for (const auto& p : cut.points())
                    EXPECT_TRUE(std::isfinite(p.decibels) && p.decibels <= 0.0 && p.decibels >= limit - 1e-9);
            }
}

TEST(DialogueMasking, AShortPhraseKeepsOneDepthAndALongOneIsCutIntoWindowsOfTwoToFourSeconds)
{
    auto loudAfter = [](double split) { return [split](double s) { return s < split ? -30.0 : 10.0; }; };
    // 3.9 s: shorter than two windows, one depth, the phrase's own (from its sums, as before windows).
    const auto shortOne = maskingAtHold({sliced(1.0, 4.9, loudAfter(3.0))}, 0);
    const auto one = maskingWindows(shortOne[0], kRate);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].start, at(1.0));
    EXPECT_EQ(one[0].end, at(4.9));
    EXPECT_EQ(one[0].neededCutDb, shortOne[0].neededCutDb);
    // Without slices (masking from before them) even a long phrase keeps one depth.
    EXPECT_EQ(maskingWindows(maskingAtHold({masked(1.0, 21.0)}, 0)[0], kRate).size(), 1u);

    // 9 s: four windows of 2.25 s, end to end, each needing what its own music asks.
    const auto longOne = maskingAtHold({sliced(1.0, 10.0, loudAfter(5.5))}, 0);
    const auto windows = maskingWindows(longOne[0], kRate);
    ASSERT_EQ(windows.size(), 4u);
    EXPECT_EQ(windows.front().start, at(1.0));
    EXPECT_EQ(windows.back().end, at(10.0));
    for (size_t w = 0; w < windows.size(); ++w) {
        EXPECT_EQ(windows[w].end - windows[w].start, at(3.25) - at(1.0));
        if (w > 0) {
            EXPECT_EQ(windows[w].start, windows[w - 1].end);
        }
        EXPECT_TRUE(windows[w].hasDialogue);
    }
    EXPECT_EQ(windows[0].neededCutDb, 0.0);           // music 30 dB under the words
    EXPECT_EQ(windows[1].neededCutDb, 0.0);
    EXPECT_NEAR(windows[2].neededCutDb, 25.0, 1e-9);  // music 10 dB over them
    EXPECT_NEAR(windows[3].neededCutDb, 25.0, 1e-9);
}

TEST(DialogueMasking, JoiningPhrasesAddsTheirSlicesUp)
{
    // Two regions sharing the slice where one ends and the next begins: that slice sums both.
    const auto a = sliced(1.0, 2.0, [](double) { return 0.0; });
    const auto b = sliced(2.05, 3.0, [](double) { return 0.0; });
    ASSERT_EQ(a.slices.back().start, b.slices.front().start);
    const auto joined = maskingAtHold({b, a}, at(0.7) - at(0.0));
    ASSERT_EQ(joined.size(), 1u);
    ASSERT_EQ(joined[0].slices.size(), a.slices.size() + b.slices.size() - 1);
    double music = 0.0, dialogue = 0.0;
    for (size_t i = 0; i < joined[0].slices.size(); ++i) {
        if (i > 0) {
            EXPECT_EQ(joined[0].slices[i].start - joined[0].slices[i - 1].start, maskingSliceSamples(kRate));
        }
        music += joined[0].slices[i].musicEnergy[0];
        dialogue += joined[0].slices[i].dialogueEnergy[0];
    }
    EXPECT_EQ(joined[0].slices[a.slices.size() - 1].dialogueEnergy[0], 2.0);
    EXPECT_NEAR(music, joined[0].musicEnergy[0], 1e-9);
    EXPECT_NEAR(dialogue, joined[0].dialogueEnergy[0], 1e-9);
}

// The case: a 20 s scene, the music quiet under its first half and swelling over the words
// in its second. One depth for the phrase cut the quiet half as deep as the loud one; now each half
// gets what its music needs, and the move between them stays within the ceiling and the limit.
TEST(DialogueMasking, ALongPhrasesCutFollowsTheMusicWithinIt)
{
    Session session = sessionWithBuses();
    session.detectedSpeech = {{at(2.0), at(22.0), 0.9f}};
    const std::vector<PhraseMasking> scene{sliced(2.0, 22.0, [](double s) { return s < 12.0 ? -30.0 : 10.0; })};
    for (double ceiling : {10.0, 3.0})
        for (double limit : {-8.0, -4.0}) {
            session.buses[1].duck.maxSlopeDbPerSecond = ceiling;
            session.buses[1].eq.maxDepthDb = limit;
            RenderPlan plan = compileRenderPlan(session, ChannelLayout::Stereo);
            applyDialogueEq(plan, session, scene);
            const GainEnvelope& cut = plan.buses[1].eqDepth;
            const std::string settings = std::to_string(ceiling) + " dB/s, limit " + std::to_string(limit) + " dB";

            // The quiet half keeps only the floor (its music needs nothing); the loud half is cut to
            // the limit (25 dB needed, 2 taken by the duck). The move between them lies in the quiet
            // half, (limit - floor) / ceiling before the swell at 12 s.
            const double move = (-kPhraseFloorDb - limit) / ceiling;
            double quiet = 0.0, loud = -100.0;  // the deepest cut in the quiet half, the shallowest in the loud
            for (int64_t t = at(2.0); t < at(12.0 - move); t += kRate / 100)
                quiet = std::min(quiet, cut.at(t));
            for (int64_t t = at(12.0); t < at(22.0); t += kRate / 100)
                loud = std::max(loud, cut.at(t));
            EXPECT_NEAR(quiet, -kPhraseFloorDb, 1e-9) << settings;
            EXPECT_NEAR(loud, limit, 1e-9) << settings;
            EXPECT_GE(quiet - loud, 2.5) << settings;

            // Never steeper than the ceiling, never deeper than the limit, cut all through the
            // phrase (one cut, not one per window), flat away from it: before the lead ramp (the
            // floor at the ceiling, or the 200 ms lead) and after the release (the limit's depth
            // at the ceiling, or the 200 ms release).
            EXPECT_LE(cut.steepestSlope(kRate), ceiling * 1.001) << settings;
            for (const auto& p : cut.points())
                EXPECT_GE(p.decibels, limit - 1e-9) << settings;
            for (int64_t t = at(2.0); t < at(22.0); t += kRate / 100)
                ASSERT_LT(cut.at(t), 0.0) << settings << ", " << static_cast<double>(t - kStart) / kRate << " s";
            const double lead = std::max(0.2, kPhraseFloorDb / ceiling), release = std::max(0.2, -limit / ceiling);
            for (int64_t t = at(0.0); t <= at(2.0 - lead); t += kRate / 100)
                ASSERT_EQ(cut.at(t), 0.0) << settings;
            for (int64_t t = at(22.0 + release); t < at(40.0); t += kRate / 100)
                ASSERT_EQ(cut.at(t), 0.0) << settings;
            EXPECT_LT(cut.at(at(2.0 - lead / 2)), 0.0) << settings;
            EXPECT_LT(cut.at(at(22.0 + release / 2)), 0.0) << settings;
        }
}

// A phrase of one window (shorter than 4 s) is cut exactly as before windows, from its sums, even
// when its slices would disagree with each other.
TEST(DialogueMasking, AShortPhraseIsCutAsOneWhateverItsSlicesSay)
{
    Session session = sessionWithBuses();
    session.detectedSpeech = {{at(2.0), at(5.5), 0.9f}};
    auto half = [](double s) { return s < 3.75 ? -30.0 : 10.0; };
    const auto withSlices = sliced(2.0, 5.5, half);
    PhraseMasking withoutSlices = withSlices;
    withoutSlices.slices.clear();
    RenderPlan a = compileRenderPlan(session, ChannelLayout::Stereo);
    RenderPlan b = compileRenderPlan(session, ChannelLayout::Stereo);
    applyDialogueEq(a, session, {withSlices});
    applyDialogueEq(b, session, {withoutSlices});
    ASSERT_FALSE(a.buses[1].eqDepth.points().empty());
    EXPECT_EQ(a.buses[1].eqDepth, b.buses[1].eqDepth);
    const auto joined = maskingAtHold({withoutSlices}, 0);
    std::vector<double> depth{-std::clamp(joined[0].neededCutDb - 2.0, 0.0, 8.0)};
    EXPECT_EQ(a.buses[1].eqDepth, phraseCurve({joined[0].phrase}, depth, session.buses[1].duck, kRate));
}

} // namespace
} // namespace cuesmith
