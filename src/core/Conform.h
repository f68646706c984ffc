#pragma once
// Re-conform: moves, cuts and splices every cue so it follows the picture of a new cut version,
// and says what it did to each cue. Pure function Session -> Session (plus a report); the old cut
// version stays in the session and the input session is untouched. Any thread.
//
// Rules: music follows the picture it was under (by ChangeList::runs, sample-exact: a run's frame
// shift becomes the sample distance between the frame starts). Music over removed picture is cut
// out and the pieces on either side are joined by a crossfade split evenly around the splice;
// music under a reordered shot goes with it (more splices). Inserted picture inside a cue leaves a
// gap that is reported, never filled or stretched over. Music hanging off the head or tail of the
// picture follows the first or last shot. Speech regions and hand speech edits are tied to picture
// too: they move, are clipped or removed exactly like music (nothing appears over inserted picture).
// Whether a splice cuts into a sustained note needs the stems: media/SpliceListening hears them
// and applySpliceSounds() folds what it heard back into the result.

#include "ChangeList.h"
#include "Session.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

struct ConformOptions {
    int crossfadeFrames = 10;  // whole crossfade length at each splice, in picture frames
    FadeShape crossfadeShape = FadeShape::EqualPower;  // of every new splice's crossfade
    // A splice within this many samples of a bar line counts as on it (default: 10 ms).
    std::optional<int64_t> barToleranceSamples;
    // Bar line positions of a cue, in samples into the cue (the units of CueSegment::sourceStart),
    // ascending. Unset: the bar lines of the cue's own tempo map, if it has one. No bar lines
    // either way: splices cannot be judged musically (the report says so).
    std::function<std::vector<int64_t>(const Cue&)> barLines;
};

// A stretch of a cue that moved with its picture.
struct CueMove {
    int64_t oldTimelineStart = 0;
    int64_t newTimelineStart = 0;
    int64_t length = 0;        // samples
    int64_t sourceStart = 0;   // samples into the cue
    int64_t shiftFrames = 0;
    int64_t shiftSamples = 0;
    bool reordered = false;    // its picture changed place in the cut
};

// Nearest bar lines around one side of a splice, in samples into the cue.
struct BarLineAdvice {
    int64_t sourceSample = 0;
    bool onBarLine = false;
    std::optional<int64_t> barBefore, barAfter;
};

// What the music does at one side of a splice, heard in the cue's stems mixed to mono (filled in
// by media/SpliceListening; core reads no audio). Levels in dBFS, minus infinity for silence.
struct SpliceSound {
    int64_t sourceSample = 0;             // samples into the cue
    bool sustained = false;               // a note sounds steadily across this point
    double levelDb = -std::numeric_limits<double>::infinity();       // quietest short-time level around it
    double quietLevelDb = -std::numeric_limits<double>::infinity();  // the cue's quiet level
    double soundThresholdDb = 0.0;        // the level that counts as sound in this cue
    std::optional<int64_t> onsetSample;   // the onset nearest the point, when one is close enough
};

// Why a splice needs a musical fix.
enum class SpliceFixReason { OffBarLine, InsideSustainedNote };
std::string spliceFixReasonName(SpliceFixReason reason);  // "off_bar_line", "inside_sustained_note"

// A new join inside a cue, at the middle of its crossfade.
struct ConformSplice {
    int64_t timelineSample = 0;
    std::string timecode;               // of the frame the splice falls in
    int64_t outgoingSourceSample = 0;   // cue sample playing up to the splice
    int64_t incomingSourceSample = 0;   // cue sample playing from the splice
    int64_t crossfadeSamples = 0;       // whole overlap (0: butt splice, no material either side)
    int64_t removedSamples = 0;         // music skipped at this splice (0 for a reorder)
    bool reorder = false;               // the join comes from picture that changed order
    std::optional<bool> onBarLines;     // both sides on bar lines; nullopt: no bar lines to judge
    std::optional<bool> insideSustainedNote;  // either side; nullopt: the stems were not heard
    bool needsMusicalFix = false;       // off a bar line or inside a sustained note
    std::vector<SpliceFixReason> fixReasons;  // why it needs one (empty when it does not)
    std::optional<BarLineAdvice> outgoing, incoming;  // nearest bar lines, whenever bar lines are known
    std::optional<SpliceSound> outgoingSound, incomingSound;  // what was heard either side
};

// Silence inside a cue where the picture is new to it.
struct ConformGap {
    int64_t timelineStart = 0;
    int64_t length = 0;
    std::string timecode;
    int64_t insertedPictureSamples = 0;  // of it over inserted picture; the rest is picture moved in
    int64_t resumeSourceSample = 0;      // where the music picks up after the gap
};

enum class CueConformStatus { Unchanged, Moved, Edited, Removed };
std::string cueConformStatusName(CueConformStatus status);  // "unchanged", "moved", "edited", "removed"

struct CueConformReport {
    std::string cue;
    CueConformStatus status = CueConformStatus::Unchanged;
    std::vector<CueSegment> oldSegments, newSegments;  // as played (effectiveSegments)
    std::vector<CueMove> moves;                         // in old timeline order
    std::vector<ConformSplice> splices;                 // in new timeline order
    std::vector<ConformGap> gaps;
    int64_t removedSamples = 0;  // music cut out with its picture
    bool barLinesKnown = false;
    int64_t samplesBeforePicture = 0, samplesAfterPicture = 0;  // of the new segments
    std::vector<std::string> notes;

    bool outsidePicture() const { return samplesBeforePicture > 0 || samplesAfterPicture > 0; }
    size_t splicesNeedingMusicalFix() const;
    size_t splicesInsideSustainedNotes() const;
};

// What the conform did to the dialogue's speech regions and the hand edits on them.
struct SpeechConformReport {
    size_t regionsBefore = 0, regionsAfter = 0;  // detected regions
    size_t editsBefore = 0, editsAfter = 0;      // hand edits (a mapped edit may split in pieces)
    size_t regionsMoved = 0;    // detected regions with at least one piece at a new position
    size_t regionsRemoved = 0;  // detected regions wholly over removed picture
    int64_t removedSamples = 0; // of detected speech, over removed picture
    // Dialogue sources recorded against the old cut (picture under them changed): their audio no
    // longer matches the new cut, and their speech was only mapped, not detected again.
    std::vector<std::string> oldCutSources;
};

struct ConformResult {
    Session session;  // the new cut appended and current; older versions kept
    std::string fromCut, toCut;  // names of the cut conformed from and to
    ChangeList changes;
    std::vector<CueConformReport> cues;  // one per cue of the input session, in its order
    SpeechConformReport speech;
    std::vector<std::string> notes;
};

// Throws SessionEditError when the session has no current cut, the new cut was read at another
// timecode base, or the two cuts share no picture material.
ConformResult conformSession(const Session& session, const CutVersion& newCut);
ConformResult conformSession(const Session& session, const CutVersion& newCut, const ConformOptions& options);

// The cue-level half, for callers that already hold a change list (session must be the one the
// change list's old cut belongs to). Returns the cue as it should be in the new cut, or nullopt
// when all its music was over removed picture.
std::optional<Cue> conformCue(const Cue& cue, const ChangeList& changes, const Session& session,
                              const ConformOptions& options, CueConformReport& report);

// Maps speech regions (or hand edits) through the change list like music: each piece keeps its
// picture. Regions come back sorted, with pieces that overlap or touch merged (confidence weighted
// by length); edits keep their order, an edit crossing a change becoming one edit per piece.
std::vector<SpeechRegion> conformSpeechRegions(const std::vector<SpeechRegion>& regions, const ChangeList& changes,
                                               const Session& session);
std::vector<SpeechEdit> conformSpeechEdits(const std::vector<SpeechEdit>& edits, const ChangeList& changes,
                                           const Session& session);

// After the splices' outgoingSound/incomingSound were filled in: judges insideSustainedNote and
// the fix reasons of every splice again, and rewrites the conformed cues' attention lists.
void applySpliceSounds(ConformResult& result);

// What a conformed cue leaves for the editor, from its report (the cue's `attention`).
std::vector<std::string> conformAttention(const CueConformReport& report);

} // namespace cuesmith
