#pragma once
// What the window offers when the user syncs or fits a cue: the points inside a cue (its start,
// its markers, its end) and the points in the picture (the current cut's markers/hits and edit
// points), each with the text core/Placement resolves, exactly as the CLI's --point and --to.
// Free of JUCE so it is tested directly. Pure functions, message thread.

#include "core/Session.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cuesmith {

struct PlacementChoice {
    enum class Kind { CueStart, CueMarker, CueEnd, PictureMarker, EditPoint };
    Kind kind = Kind::CueStart;
    std::string label;   // what the menu or list shows: "DOOR SLAM  01:00:06:12"
    std::string spec;    // what resolveCuePoint / resolvePicturePoint takes: "s:0", "cut:3", a timecode
    int64_t sample = 0;  // where it resolves: samples into the cue, or samples since midnight
};

// The cue's start, its markers in time order, and its end. Marker specs are "s:<sample>", so a
// marker named like a bar ("12") or two markers of one name still resolve to the one chosen.
std::vector<PlacementChoice> cuePointChoices(const Cue& cue, const Session& session);

// The current cut's markers, then its edit points (the record in of each picture event, "cut:<n>"
// as resolvePicturePoint counts them), each group in time order and cut down to the `perGroup`
// nearest `near` (a long cut has thousands of edits; the ones near the cue are the ones wanted).
// Marker specs are their timecodes, so duplicate names stay distinct. Empty without a cut.
std::vector<PlacementChoice> picturePointChoices(const Session& session, int64_t near, size_t perGroup);

// Where the cue's ending can be fitted to: the picture points after the cue's start, nearest its
// end first kept (`perGroup` per group), in the order picturePointChoices gives.
std::vector<PlacementChoice> fitTargetChoices(const Session& session, const Cue& cue, size_t perGroup);

// The index of the choice nearest `sample` (0 for an empty list).
size_t nearestChoice(const std::vector<PlacementChoice>& choices, int64_t sample);

// Sync as `cuesmith cue sync` does: resolve the point in the cue (bar.beat, s:<sample>, end or a
// marker name) and the point in the picture (timecode, marker name or cut:<n>) through
// core/Placement, and move the cue so the first plays at the second. Throws PlacementError.
Session syncCueToPicture(const Session& session, std::string_view cueNumber, std::string_view cuePoint,
                         std::string_view picturePoint);

} // namespace cuesmith
