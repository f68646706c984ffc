#pragma once
// Finds the tempo of a cue nobody gave one for, with aubio's beat tracker: on its percussion
// stems when it has any (PRC, PERC, DRM, DRUMS: beat trackers follow transients), else on all
// stems summed to mono. The result is a steady tempo: a least-squares line through the detected
// beats (raw detected beats wander too much to cut on, and aubio's own estimate is quantised). aubio finds beats, not bars,
// and can report double or half the tempo: bar 1 is put on the first beat, and the editor
// corrects the downbeat or halves the tempo when the music says otherwise.
// Worker thread or CLI (reads the stems).

#include "core/Session.h"
#include "core/TempoMap.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cuesmith {

struct TempoDetectionResult {
    TempoMap map;
    double bpm = 0.0;         // fitted through the detected beats
    double confidence = 0.0;  // aubio's, 0..1
    size_t detectedBeats = 0;
    bool fromPercussion = false;
};

struct DetectionStem {
    std::filesystem::path path;
    std::string name;  // "STR", "PRC", ...
};

// Stems must share rate and length; beats are returned at `sampleRate` (the session rate).
// Throws std::runtime_error naming the file; fewer than four beats found is an error too.
TempoDetectionResult detectTempo(const std::vector<DetectionStem>& stems, int64_t sampleRate, int64_t lengthSamples,
                                 int beatsPerBar = 4, int beatUnit = 4);

// detectTempo on a cue's own stems, over its length.
TempoDetectionResult detectCueTempo(const Cue& cue, int64_t sampleRate, int beatsPerBar = 4, int beatUnit = 4);

// True for the stem names the detector prefers.
bool isPercussionStem(const std::string& name);

} // namespace cuesmith
