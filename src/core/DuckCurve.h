#pragma once
// Ducking computed from the dialogue, not from a level detector: knowing each line ahead, the music
// is already down when it starts (the ramp ends as the line begins), stays down through pauses
// shorter than the hold time (one duck per phrase, no pumping between words), comes back up
// slowly, and never moves faster than the slope ceiling. Pure functions, any thread.

#include "GainEnvelope.h"
#include "SpeechRegion.h"

#include <cstdint>
#include <vector>

namespace cuesmith {

struct DuckSettings {
    bool enabled = true;
    double depthDb = -4.0;             // how far down during speech; clamped to [-40, 0]
    double leadMs = 200.0;             // the down ramp's shortest length, ending as the line starts; [0, 5000]
    double holdMs = 700.0;             // pauses shorter than this stay down; [0, 10000]
    double releaseMs = 1000.0;         // the up ramp's shortest length, from the phrase's end; [10, 10000]
    double maxSlopeDbPerSecond = 10.0; // no move is steeper; [0.5, 200]
    bool printed = false;  // the duck was printed into the volume lane (and turned off)
    friend bool operator==(const DuckSettings&, const DuckSettings&) = default;
};

// The settings with every value brought inside its documented range (NaN takes the default), so
// absurd input (a negative hold, a zero release, a positive depth) still gives a sane curve.
DuckSettings clamped(const DuckSettings& settings);

// Speech regions joined across pauses shorter than `holdSamples`, sorted.
std::vector<SpeechRegion> speechPhrases(std::vector<SpeechRegion> regions, int64_t holdSamples);

// Ramps down to depths[i] (dB, ≤ 0) for phrases[i] and back up, shaped as `shape` says (lead,
// release, slope ceiling; its depth and hold are not used): the dialogue EQ's depth follows it.
GainEnvelope phraseCurve(const std::vector<SpeechRegion>& phrases, const std::vector<double>& depths,
                         const DuckSettings& shape, int64_t sampleRate);

// A stretch of a phrase and the depth (dB, ≤ 0) it needs there.
struct DepthWindow {
    int64_t start = 0, end = 0;  // timeline samples
    double depthDb = 0.0;
    friend bool operator==(const DepthWindow&, const DepthWindow&) = default;
};

// As phraseCurve, for phrases whose depth changes along them: phrases[i] is one phrase's windows in
// order, end to end. The curve is at each window's depth through it and moves between windows no
// faster than the slope ceiling, reaching a deeper window's depth as it starts and keeping it to
// its end (as a duck is down on a line's first syllable). Before a phrase's first window it ramps
// down with the lead and after its last window up with the release, as phraseCurve does; a phrase
// of one window gives exactly phraseCurve's curve. Overlaps take the deeper (lower) value, so no
// move is steeper than the ceiling.
GainEnvelope windowedPhraseCurve(const std::vector<std::vector<DepthWindow>>& phrases, const DuckSettings& shape,
                                 int64_t sampleRate);

// The duck for regions in timeline samples at `sampleRate`; empty (0 dB) when disabled or with
// no speech.
GainEnvelope duckCurve(const std::vector<SpeechRegion>& regions, const DuckSettings& settings, int64_t sampleRate);

} // namespace cuesmith
