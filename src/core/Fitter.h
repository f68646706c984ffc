#pragma once
// Fitting a cue to picture: proposes the ways to make the cue's ending land on a hit within a
// frame, and turns a chosen proposal into segments. The cue's start stays where it is spotted.
// The ending is the cue marker named "ending" (or "button"), else its last bar line, else its end.
//   stretch   one Rubber Band stretch of the whole cue, within the cue's limit (default 5 %)
//   cut       jump from one bar line to a later one ("cut to the ending"), crossfaded on the bar
//   repeat    play a run of whole bars again (extend), crossfaded on the bar lines
//   combined  a cut or repeat that lands within the stretch limit, plus the small stretch left
//   trim      play from the start and stop exactly on the hit with a tail fade (the ending is lost)
// Proposals are ranked by audible edits first; at equal edits the ones that keep the ending come
// before a trim; then by the size of the stretch (DOMAIN.md, docs/DECISIONS.md).
// An edited cue (one with segments, e.g. after a conform) is fitted at its end: the edits go into
// its last segment and every segment before it stays as it was. A stretch applies to whole stem
// files, so it is offered only for an unedited cue.
// Pure functions, any thread.

#include "Session.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cuesmith {

class FitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FitKind { AlreadyLands, Stretch, Cut, Repeat, CutAndStretch, RepeatAndStretch, Trim };

struct FitOptions {
    bool allowStretch = true, allowCut = true, allowRepeat = true, allowTrim = true;
    std::optional<double> stretchLimit;  // |ratio - 1| at most; unset: the cue's own limit
    int64_t crossfadeSamples = 1440;     // 30 ms at 48 kHz, split evenly around each splice
    int64_t tailFadeSamples = 96000;     // trim: 2 s at 48 kHz, ending on the hit
    int maxProposals = 8;
};

struct FitProposal {
    FitKind kind = FitKind::Stretch;
    int edits = 0;             // audible splices (a trim's fade counts as one)
    double stretchRatio = 1.0; // output length / input length (1 = none)
    int64_t fromSample = 0;    // cut: jump from here ... / repeat: the repeated bars start here
    int64_t toSample = 0;      // ... to here / repeat: and end here (cue-relative)
                               // trim: the fade starts at fromSample, the music stops at toSample
    int repeats = 0;
    int64_t landingError = 0;  // samples between where the ending lands and the hit (before stretch)
    int64_t fadeSamples = 0;   // trim: the tail fade's length
    std::string description;

    bool keepsEnding() const { return kind != FitKind::Trim; }
};

struct FitPlan {
    int64_t endingSample = 0;  // cue-relative position of the ending
    std::string endingFrom;    // "marker ending", "last bar line", "end of cue"
    bool endingPlayed = true;  // false: the cue's edits no longer play its ending
    int64_t hitSample = 0;
    int64_t frameSamples = 0;  // the tolerance: one frame
    std::vector<FitProposal> proposals;  // best first
    std::vector<std::string> notes;      // why some kinds of edit were not offered
};

FitPlan proposeFits(const Session& session, std::string_view cueNumber, int64_t hitSample, const FitOptions& options);

// Replaces the cue's last segment (its whole play, when unedited) with the edit a Cut, Repeat or
// Trim proposal describes; earlier segments are kept as they are. New crossfades, and a trim's
// tail fade, take `shape`. The stretch part of a combined proposal is applied by the caller, which
// renders stretched stems.
Session applyFitEdit(const Session& session, std::string_view cueNumber, const FitProposal& proposal,
                     int64_t crossfadeSamples, FadeShape shape = FadeShape::EqualPower);

std::string fitKindName(FitKind kind);

} // namespace cuesmith
