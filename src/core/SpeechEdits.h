#pragma once
// The speech the mix ducks under: what detection found, corrected by hand. Hand edits are kept
// apart from detection and applied after it, in order, so re-detecting never undoes them: an added
// region stays speech, a removed range stays free of speech, a nudge is a removal plus an addition.
// Re-detecting with other settings moves the detector's edges (a longer hangover, a threshold that
// starts a line a frame earlier), so a removal also takes away the remnants it leaves: a piece of
// detected speech touching the removed range that is not speech in its own right (shorter than
// the remnant length) and holds nothing the hand added. That keeps a removed region from coming
// back as slivers at its edges, and a nudged edge where the hand put it.
// Pure values and functions, any thread; positions are timeline samples.

#include "SpeechRegion.h"

#include <cstdint>
#include <vector>

namespace cuesmith {

struct SpeechEdit {
    enum class Kind { Add, Remove };
    Kind kind = Kind::Add;
    int64_t start = 0;
    int64_t end = 0;  // one past the last sample
    friend bool operator==(const SpeechEdit&, const SpeechEdit&) = default;
};

// Detected speech touching a hand-removed range must be at least this long to stay: twice the
// detector's minimum speech (0.25 s), so a hangover up to 0.4 s longer than the one the hand edited
// against, or an onset a few frames earlier, leaves nothing behind (docs/DIALOGUE_MIXING.md).
constexpr double kSpeechRemnantSeconds = 0.5;
int64_t speechRemnantSamples(int64_t sampleRate);

// Detected regions with the hand edits applied; sorted, not overlapping. Added regions have
// confidence 1. remnantSamples: the shortest piece of detected speech that may stay touching a
// removed range (speechRemnantSamples at the session rate; 0 keeps every piece).
std::vector<SpeechRegion> effectiveSpeech(const std::vector<SpeechRegion>& detected, const std::vector<SpeechEdit>& edits,
                                          int64_t remnantSamples);

// The edits that move one boundary of the effective region containing `at` by `delta` samples
// (positive: later). Empty when no region contains `at`.
std::vector<SpeechEdit> nudgeEdits(const std::vector<SpeechRegion>& effective, int64_t at, bool startEdge, int64_t delta);

} // namespace cuesmith
