#pragma once
// Putting a cue on the picture: spot it at a position, or sync a point inside it (a sample, a
// bar/beat, or one of its markers) to a point in the picture (a timecode, a picture marker/hit,
// or an edit point of the cut). Pure functions over the Session value, any thread. Positions that
// cannot be resolved throw PlacementError with a one-line reason.

#include "Session.h"

#include <stdexcept>
#include <string_view>

namespace cuesmith {

class PlacementError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A point inside the cue, in samples from its first sample:
//   "12.3" or "12"   bar 12 beat 3 / bar 12 (needs a tempo map)
//   "s:123456"       a sample offset
//   "end"            the cue's last sample + 1 (its ending)
//   anything else    the name of one of the cue's markers
int64_t resolveCuePoint(const Cue& cue, std::string_view spec);

// A point in the picture, in samples since midnight:
//   "01:00:55:00"    a timecode at the session rate
//   "cut:7"          the record in of the 7th picture event of the current cut (an edit point)
//   anything else    the name of a marker of the current cut (case-insensitive)
int64_t resolvePicturePoint(const Session& session, std::string_view spec);

// Moves a cue (all its segments) so it starts at `timelineStart`.
Session spotCue(const Session& session, std::string_view number, int64_t timelineStart);

// Moves a cue so that `cuePoint` (samples into the cue) plays at `picturePoint`.
Session syncCue(const Session& session, std::string_view number, int64_t cuePoint, int64_t picturePoint);

} // namespace cuesmith
