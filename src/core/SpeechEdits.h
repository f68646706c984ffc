#pragma once
// The speech the mix ducks under: what detection found, corrected by hand. Hand edits are kept
// apart from detection and applied after it, in order, so re-detecting never undoes them: an added
// region stays speech, a removed range stays free of speech, a nudge is a removal plus an addition.
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

// Detected regions with the hand edits applied; sorted, not overlapping. Added regions have
// confidence 1.
std::vector<SpeechRegion> effectiveSpeech(const std::vector<SpeechRegion>& detected, const std::vector<SpeechEdit>& edits);

// The edits that move one boundary of the effective region containing `at` by `delta` samples
// (positive: later). Empty when no region contains `at`.
std::vector<SpeechEdit> nudgeEdits(const std::vector<SpeechRegion>& effective, int64_t at, bool startEdge, int64_t delta);

} // namespace cuesmith
