// The dialogue EQ's depth curve follows each bus's own duck: the phrases joined across that bus's
// hold, ramped no steeper than its slope ceiling. Masking is given here as band energies per
// speech region (what measureDialogueMasking returns at hold 0), so no audio is read.
#include "engine/DialogueMasking.h"

#include "core/DuckCurve.h"

#include <cmath>
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
    return {{at(from), at(to), 0.9f}, 0.0, {std::pow(10.0, musicOverDialogueDb / 10.0)}, {1.0}};
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

} // namespace
} // namespace cuesmith
