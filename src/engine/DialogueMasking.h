#pragma once
// How far the music masks the dialogue, phrase by phrase, and the dialogue-band EQ depth that
// follows from it. For each phrase it compares the music (the undipped mix) with the dialogue in
// every third-octave band of the dialogue band, and asks for the cut that would bring the music
// down to 15 dB under the words there (where intelligibility stops gaining, DOMAIN.md), weighted
// by where the dialogue's energy is. Each bus then cuts what its duck has not already taken, no
// deeper than its limit. Offline (renders) or a worker (before a plan swap): it reads files.

#include "RenderPlan.h"
#include "core/Session.h"

#include <vector>

namespace cuesmith {

struct PhraseMasking {
    SpeechRegion phrase;     // timeline samples
    double neededCutDb = 0;  // ≥ 0: the cut the dialogue band of the music needs
};

// Measures every phrase of the session's speech (joined across pauses of `holdMs`). The music is
// read through an undipped plan of the session; the dialogue from its sources at the session rate.
// Runs of phrases are measured on up to `threads` threads (0: one per core, at most 4); the result
// is the same for any count. Throws std::runtime_error naming a file that cannot be read.
std::vector<PhraseMasking> measureDialogueMasking(const Session& session, double lowHz, double highHz,
                                                  double holdMs = 700.0, unsigned threads = 0);

// Fills each bus's dialogue EQ (settings and depth envelope) in a compiled plan, for buses whose
// EQ is on. The depth ramps like the bus's duck (lead, release, slope ceiling).
void applyDialogueEq(RenderPlan& plan, const Session& session, const std::vector<PhraseMasking>& masking);

} // namespace cuesmith
