#pragma once
// How far the music masks the dialogue, phrase by phrase and window by window within a long
// phrase, and the dialogue-band EQ depth that follows from it. It compares the music (the undipped
// mix) with the dialogue in every third-octave band of the dialogue band, and asks for the cut
// that would bring the music down to 15 dB under the words there (where intelligibility stops
// gaining, DOMAIN.md), weighted by where the dialogue's energy is. Each bus then cuts what its duck
// has not already taken, no deeper than its limit. Offline (renders) or a worker (before a plan
// swap): it reads files.

#include "RenderPlan.h"
#include "core/Session.h"

#include <cstdint>
#include <vector>

namespace cuesmith {

// A long phrase's depth follows the music in windows of about this length (docs/DIALOGUE_MIXING.md
// says why 2 s): a phrase of length L is split into max(1, floor(L / 2 s)) equal windows, so each is
// 2 to 4 s long and a phrase shorter than 4 s keeps one depth, as before windows.
inline constexpr double kMaskingWindowSeconds = 2.0;
// Band energies are kept per slice of this length on a grid anchored at timeline sample 0, so
// windows can be made for any hold's phrases afterwards without reading the audio again.
inline constexpr double kMaskingSliceSeconds = 0.25;
int64_t maskingSliceSamples(int64_t sampleRate);    // kMaskingSliceSeconds in samples, ≥ 1
int64_t maskingWindowSamples(int64_t sampleRate);   // kMaskingWindowSeconds in samples, ≥ 1

// The band energies (music, dialogue) of the FFT frames whose centres fall in one slice.
struct MaskingSlice {
    int64_t start = 0;  // first timeline sample of the slice: a multiple of maskingSliceSamples
    std::vector<double> musicEnergy, dialogueEnergy;
    friend bool operator==(const MaskingSlice&, const MaskingSlice&) = default;
};

struct PhraseMasking {
    SpeechRegion phrase;     // timeline samples
    double neededCutDb = 0;  // ≥ 0: the cut the dialogue band of the music needs over the phrase
    // Energy over the phrase in each third-octave band of the dialogue band (music, dialogue): what
    // neededCutDb comes from, kept so phrases can be joined without measuring again.
    std::vector<double> musicEnergy, dialogueEnergy;
    // The same energies slice by slice (sorted by start; they add up to the sums above): what a
    // long phrase's windows are made of. Empty: unknown, the phrase keeps one depth.
    std::vector<MaskingSlice> slices;
};

// One window of a phrase and the cut its music needs (≥ 0), from the slices whose middles fall in
// it; hasDialogue false: no measured words in it (a pause the hold bridged).
struct WindowMasking {
    int64_t start = 0, end = 0;  // timeline samples
    double neededCutDb = 0.0;
    bool hasDialogue = false;
};

// The phrase cut into windows (kMaskingWindowSeconds, see there). One window (the whole phrase,
// its neededCutDb) for a phrase shorter than two windows or without slices: exactly one depth, as
// before windows.
std::vector<WindowMasking> maskingWindows(const PhraseMasking& masking, int64_t sampleRate);

// Measures every phrase of the session's speech (regions joined across pauses shorter than
// `holdMs`; 0: each region on its own, which is what plans measure, since any bus's hold can then
// be made from it by maskingAtHold without reading the audio again). The music is read through an
// undipped plan of the session; the dialogue from its sources at the session rate. Runs of phrases
// are measured on up to `threads` threads (0: one per core, at most 4); the result is the same for
// any count. Throws std::runtime_error naming a file that cannot be read.
std::vector<PhraseMasking> measureDialogueMasking(const Session& session, double lowHz, double highHz,
                                                  double holdMs = 0.0, unsigned threads = 0);

// The masking of phrases joined across pauses shorter than holdSamples, as speechPhrases joins
// regions: the band energies of the joined phrases add up (slice by slice too) and the needed cut
// follows from the sums. Phrases already further apart than the hold stay as they are.
std::vector<PhraseMasking> maskingAtHold(const std::vector<PhraseMasking>& measured, int64_t holdSamples);

// The shallowest cut inside a phrase that is cut at all (or its deepest window's, if shallower): a
// quiet stretch of music in a long phrase keeps this much, so the cut never lets go and comes back
// within one phrase (one cut per phrase, as one duck per phrase).
inline constexpr double kPhraseFloorDb = 1.0;

// Fills each bus's dialogue EQ (settings and depth envelope) in a compiled plan, for buses whose
// EQ is on. Each bus's cut follows its own duck: the phrases joined across the bus's hold (so the
// cut stays down between words as long as the duck does), ramped with its lead, release and slope
// ceiling. Within a long phrase the depth follows the music window by window, moving between
// window depths no faster than the ceiling and never letting go before the phrase ends (no window
// shallower than kPhraseFloorDb). `masking` is measured at a hold no longer than any bus's
// (measureDialogueMasking's 0).
void applyDialogueEq(RenderPlan& plan, const Session& session, const std::vector<PhraseMasking>& masking);

} // namespace cuesmith
