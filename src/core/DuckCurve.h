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

// The duck for regions in timeline samples at `sampleRate`; empty (0 dB) when disabled or with
// no speech.
GainEnvelope duckCurve(const std::vector<SpeechRegion>& regions, const DuckSettings& settings, int64_t sampleRate);

} // namespace cuesmith
