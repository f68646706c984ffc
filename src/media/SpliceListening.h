#pragma once
// Hears the splices a conform made: reads each spliced cue's stems mixed to mono around both sides
// of every new splice and says whether the cut lands inside a sustained note, i.e. sound is present
// and steady across the point (well above the cue's quiet level, not decaying into it) with no
// fresh onset near it (aubio's onset detector). The rule and its numbers: docs/DECISIONS.md,
// Re-conform. Worker thread or CLI (reads the stems; streams them, never holds a cue whole).

#include "core/Conform.h"
#include "core/Session.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cuesmith {

// Durations in milliseconds, levels in dB. A note is sustained across a point when no onset lies
// within onsetRadiusMs of it and every levelWindowMs-long stretch from soundBeforeMs before it to
// soundAfterMs after it is at least aboveQuietDb over the cue's quiet level and at least
// audibleDbfs. The cue's quiet level is its 10th-percentile level, capped quietBelowLoudestDb
// under its loudest (so a cue that never rests still has notes above its quiet level).
struct SustainedNoteRule {
    int onsetRadiusMs = 50;
    int soundBeforeMs = 60;
    int soundAfterMs = 200;
    int levelWindowMs = 20;
    double aboveQuietDb = 15.0;
    double audibleDbfs = -60.0;
    double quietBelowLoudestDb = 40.0;
};

// One cue's stems, mixed to mono (each stem's channels averaged, the stems summed, as they sum to
// the mix), at the session rate. Samples outside the cue are silence.
class CueListener {
public:
    // Throws std::runtime_error("<stem path>: <reason>") when a stem cannot be opened.
    CueListener(const Cue& cue, int64_t sampleRate, SustainedNoteRule rule = {});
    ~CueListener();
    CueListener(const CueListener&) = delete;
    CueListener& operator=(const CueListener&) = delete;

    // The cue's quiet level (one pass over the whole cue, made on first use), dBFS; minus infinity
    // for a silent cue.
    double quietLevelDb();
    // What the music does at a point of the cue (samples into it).
    SpliceSound hear(int64_t sourceSample);

private:
    std::vector<double> readMono(int64_t from, int64_t count);
    double windowLevelDb(const std::vector<double>& mono, size_t start, size_t length) const;

    struct Readers;
    std::unique_ptr<Readers> readers_;
    int64_t sampleRate_ = 48000;
    int64_t lengthSamples_ = 0;
    SustainedNoteRule rule_;
    bool quietKnown_ = false;
    double quietLevelDb_ = 0.0;
};

// Fills in every splice's outgoingSound / incomingSound from the stems of its cue, then re-judges
// the splices and the cues' attention lists (applySpliceSounds). A cue whose stems cannot be read
// keeps its splices unheard and gets a note; the one-line reasons (naming the cue and the file)
// are returned for the caller to print as warnings.
std::vector<std::string> listenToSplices(ConformResult& result, const SustainedNoteRule& rule = {});

} // namespace cuesmith
