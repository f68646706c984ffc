#pragma once
// Speech detection on a recording: reads one channel of a dialogue file or of a movie's audio
// stream (libsndfile or FFmpeg, at the file's own rate) through SpeechDetector. Worker threads
// (blocking I/O, minutes of audio).

#include "core/Session.h"
#include "dsp/SpeechDetector.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace cuesmith {

struct DetectedSpeech {
    std::vector<SpeechRegion> regions;  // in samples at `sampleRate`, from the start of the audio
    int sampleRate = 0;
    int64_t frames = 0;                 // the audio's length at sampleRate
};

// channel: 0-based; ffmpegStream: a movie's FFmpeg stream index, or none for the first audio.
// Throws std::runtime_error("<path>: <reason>") for a missing file, no audio stream or no such
// channel.
DetectedSpeech detectSpeechInFile(const std::filesystem::path& path, int channel, std::optional<int> ffmpegStream,
                                  const SpeechDetectorSettings& settings = {});

// As detectSpeechInFile, but audioStream counts a movie's AUDIO streams only, 0-based (as
// `dialogue detect FILE --stream` and `new --dialogue-stream` do from 1); none: the first audio.
DetectedSpeech detectSpeechInAudioStream(const std::filesystem::path& path, int channel, std::optional<int> audioStream,
                                         const SpeechDetectorSettings& settings = {});

// The regions of a session's dialogue source on the timeline (session-rate samples), clipped to
// the source's extent.
std::vector<SpeechRegion> detectSpeechInSource(const DialogueSource& source, const Session& session,
                                               const SpeechDetectorSettings& settings = {});

// Detection over every dialogue source of a session, as `dialogue detect SESSION` and adding a
// dialogue source both do it: the session's detectedSpeech is replaced by what is found (sorted by
// start); its hand edits are left alone, so they still win. perSource[i] holds what source i gave;
// an empty one is silent dialogue, for the caller to warn about.
struct SessionSpeechDetection {
    Session session;
    std::vector<std::vector<SpeechRegion>> perSource;
};
SessionSpeechDetection detectSpeechInSession(const Session& session, const SpeechDetectorSettings& settings = {});

} // namespace cuesmith
