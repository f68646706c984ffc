#pragma once
// What changed between two versions of a cut, found by source material (reel + source timecode),
// never by event number or record position, and the old-record -> new-record frame mapping that
// follows from it. Pure function over values, any thread.
//
// How material is matched: picture events become shots (audio-only lines dropped, the zero-length
// outgoing line of a two-line dissolve dropped: the incoming line is the shot and carries the
// overlap). Shots match when their reels agree (case, an AX reel's real name and a trailing
// version suffix such as `_v12` normalised) and their source ranges overlap; the clip name breaks
// ties. Overlaps are assigned greedily, longest first, so every old and every new record frame
// belongs to at most one match and the mapping is a function. Black (BL reels, record gaps) has no
// source identity and follows the shot it sits next to.

#include "Edl.h"
#include "FrameRate.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

// One picture shot of a cut: a video event (or black filling a gap in the record side).
struct CutShot {
    std::string event;                    // event number as written ("" for a record gap)
    std::string reel;                     // as written; "BL" for black, "(gap)" for a record gap
    std::optional<std::string> clipName;  // as written
    std::string materialKey;              // normalised reel (or AX name) that matching compares
    std::string clipKey;                  // normalised clip name ("" without one)
    std::string version;                  // the version suffix stripped for matching ("v12"), or ""
    int64_t sourceIn = 0, sourceOut = 0;  // frames; out exclusive
    int64_t recordIn = 0, recordOut = 0;  // frames since midnight; out exclusive
    EdlTransition transition = EdlTransition::Cut;
    int transitionFrames = 0;  // a dissolve's overlap with the outgoing shot, inside this shot
    std::optional<double> speed;  // M2 playback rate (frames per second) when not normal speed
    bool black = false;           // BL event or record gap: no source identity
    int line = 0;                 // 1-based line in the EDL (0 for a gap)

    int64_t length() const { return recordOut - recordIn; }
};

// The shots of a cut in record order (what diffCuts compares); exposed for tests and tools.
std::vector<CutShot> cutShots(const Edl& edl);

// The name matching compares: upper case, file extension dropped, a trailing version suffix
// (`_v12`, `-V003`, `.v2`, `v7` after a digit) dropped. `version` receives the suffix ("v12").
std::string normaliseMaterialName(std::string_view name, std::string* version = nullptr);

enum class ShotChangeKind { Unchanged, Moved, Trimmed, Extended, Inserted, Deleted, Reordered };

std::string shotChangeKindName(ShotChangeKind kind);  // "unchanged", "moved", ...

// Old record [oldIn, oldOut) shows in the new cut at [oldIn + shift, oldOut + shift).
struct FrameRun {
    int64_t oldIn = 0, oldOut = 0;
    int64_t shift = 0;
    bool reordered = false;  // the picture changed place in the cut (it did not merely slide)

    int64_t newIn() const { return oldIn + shift; }
    int64_t newOut() const { return oldOut + shift; }
    bool operator==(const FrameRun&) const = default;
};

// One stretch of an old shot and where it went.
struct ShotPlacement {
    int64_t oldIn = 0, oldOut = 0;  // old record frames
    int64_t shift = 0;              // new record = old record + shift
    size_t newShot = 0;             // index into ChangeList::newShots
    bool reordered = false;         // this stretch changed order relative to its neighbours
};

// The fate of one shot. Old shots appear once each (in old order); new shots with no old
// material appear as Inserted. The kind is the most telling of what happened; the numbers say
// everything (a shot can be trimmed at the tail and moved at once, like B003C001 in the demo).
struct ShotChange {
    ShotChangeKind kind = ShotChangeKind::Unchanged;
    std::optional<size_t> oldShot;  // index into ChangeList::oldShots (none for Inserted)
    std::optional<size_t> newShot;  // where most of it went (none for Deleted)
    int64_t shift = 0;              // record shift of the largest kept stretch, frames
    int64_t headTrimmed = 0, tailTrimmed = 0;    // old frames gone at each end
    int64_t middleRemoved = 0;                   // old frames gone between kept stretches
    int64_t headExtended = 0, tailExtended = 0;  // frames of the same material added
    bool reordered = false;    // moved to another place in the cut (not merely slid)
    bool reversioned = false;  // matched across a version suffix (VFX_010_v11 -> VFX_010_v12)
    std::vector<ShotPlacement> placements;  // sorted by oldIn
    std::vector<std::string> notes;         // "re-versioned VFX_010_v11 -> VFX_010_v12", ...
};

// New-cut record frames that show no old material: an inserted shot, or frames a shot was
// extended by.
struct NewPicture {
    int64_t recordIn = 0, recordOut = 0;
    size_t newShot = 0;      // index into ChangeList::newShots
    bool extension = false;  // part of a shot that also shows old material

    int64_t length() const { return recordOut - recordIn; }
};

struct ChangeList {
    FrameRate rate;
    std::vector<CutShot> oldShots, newShots;
    std::vector<ShotChange> changes;    // in new-cut order; deleted shots where they used to be
    std::vector<FrameRun> runs;         // sorted, disjoint; adjacent runs differ in shift
    std::vector<NewPicture> newPicture; // sorted by recordIn
    std::vector<std::string> warnings;
    int64_t oldStart = 0, oldEnd = 0;  // record extent of each cut (frames)
    int64_t newStart = 0, newEnd = 0;

    // Where an old record frame shows in the new cut; nullopt where that picture was removed.
    std::optional<int64_t> mapFrame(int64_t oldRecordFrame) const;
    // The run holding an old record frame, or nullptr.
    const FrameRun* runAt(int64_t oldRecordFrame) const;
    // True when any non-black picture of the old cut is still in the new one.
    bool sharesMaterial() const;
    size_t count(ShotChangeKind kind) const;
    // The change for an old shot (by index into oldShots), or nullptr.
    const ShotChange* changeForOldShot(size_t oldShot) const;
};

// Both lists must be read at the same frame rate (their frame counts are compared directly).
// O(n log n) in the number of events.
ChangeList diffCuts(const Edl& oldCut, const Edl& newCut);

} // namespace cuesmith
