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
    // Energy over the phrase in each third-octave band of the dialogue band (music, dialogue): what
    // neededCutDb comes from, kept so phrases can be joined without measuring again.
    std::vector<double> musicEnergy, dialogueEnergy;
};

// Measures every phrase of the session's speech (regions joined across pauses shorter than
// `holdMs`; 0: each region on its own, which is what plans measure, since any bus's hold can then
// be made from it by maskingAtHold without reading the audio again). The music is read through an
// undipped plan of the session; the dialogue from its sources at the session rate. Runs of phrases
// are measured on up to `threads` threads (0: one per core, at most 4); the result is the same for
// any count. Throws std::runtime_error naming a file that cannot be read.
std::vector<PhraseMasking> measureDialogueMasking(const Session& session, double lowHz, double highHz,
                                                  double holdMs = 0.0, unsigned threads = 0);

// The masking of phrases joined across pauses shorter than holdSamples, as speechPhrases joins
// regions: the band energies of the joined phrases add up and the needed cut follows from the sums.
// Phrases already further apart than the hold stay as they are.
std::vector<PhraseMasking> maskingAtHold(const std::vector<PhraseMasking>& measured, int64_t holdSamples);

// Fills each bus's dialogue EQ (settings and depth envelope) in a compiled plan, for buses whose
// EQ is on. Each bus's cut follows its own duck: the phrases joined across the bus's hold (so the
// cut stays down between words as long as the duck does), ramped with its lead, release and slope
// ceiling. `masking` is measured at a hold no longer than any bus's (measureDialogueMasking's 0).
void applyDialogueEq(RenderPlan& plan, const Session& session, const std::vector<PhraseMasking>& masking);

} // namespace cuesmith
