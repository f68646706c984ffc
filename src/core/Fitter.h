#pragma once
// Fitting a cue to picture: proposes the ways to make the cue's ending land on a hit within a
// frame, and turns a chosen proposal into segments. The cue's start stays where it is spotted.
// The ending is the cue marker named "ending" (or "button"), else its last bar line, else its end.
//   stretch   one Rubber Band stretch of the whole cue, within the cue's limit (default 5 %)
//   cut       jump from one bar line to a later one ("cut to the ending"), crossfaded on the bar
//   repeat    play a run of whole bars again (extend), crossfaded on the bar lines
//   combined  a cut or repeat that lands within the stretch limit, plus the small stretch left
// Proposals are ranked by audible edits first, then by the size of the stretch (DOMAIN.md).
// Pure functions, any thread.

#include "Session.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace cuesmith {

class FitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FitKind { AlreadyLands, Stretch, Cut, Repeat, CutAndStretch, RepeatAndStretch };

struct FitOptions {
    bool allowStretch = true, allowCut = true, allowRepeat = true;
    double stretchLimit = 0.05;       // |ratio - 1| at most
    int64_t crossfadeSamples = 1440;  // 30 ms at 48 kHz, split evenly around each splice
    int maxProposals = 8;
};

struct FitProposal {
    FitKind kind = FitKind::Stretch;
    int edits = 0;             // audible splices
    double stretchRatio = 1.0; // output length / input length (1 = none)
    int64_t fromSample = 0;    // cut: jump from here ... / repeat: the repeated bars start here
    int64_t toSample = 0;      // ... to here / repeat: and end here (cue-relative)
    int repeats = 0;
    int64_t landingError = 0;  // samples between where the ending lands and the hit (before stretch)
    std::string description;
};

struct FitPlan {
    int64_t endingSample = 0;  // cue-relative position of the ending
    std::string endingFrom;    // "marker ending", "last bar line", "end of cue"
    int64_t hitSample = 0;
    int64_t frameSamples = 0;  // the tolerance: one frame
    std::vector<FitProposal> proposals;  // best first
};

FitPlan proposeFits(const Session& session, std::string_view cueNumber, int64_t hitSample, const FitOptions& options);

// Replaces the cue's segments with the edit a Cut or Repeat proposal describes (the stretch part
// of a combined proposal is applied by the caller, which renders stretched stems).
Session applyFitEdit(const Session& session, std::string_view cueNumber, const FitProposal& proposal,
                     int64_t crossfadeSamples);

std::string fitKindName(FitKind kind);

} // namespace cuesmith
