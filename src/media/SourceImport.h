#pragma once
// Turns files on disk into the Session's descriptions of them: a reference movie, a dialogue
// source, the stems of a cue. Each sits at its own timestamp (BWF TimeReference, movie start
// timecode) when the file has one, else where the caller says. Throws std::runtime_error with a
// one-line reason naming the file. Any thread but the audio thread (reads file headers).

#include "core/Session.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace cuesmith {

ReferenceMovie importReferenceMovie(const std::filesystem::path& path, const Session& session);

// A dialogue file: any audio file libsndfile opens (placed by its BWF stamp), or else a movie's
// (or an FFmpeg-only file's) audio, placed at the movie's start timecode like the reference movie.
// audioStream: which audio stream, 0-based counting audio streams only (0 = the first; a plain
// audio file has just that one); channel: 0-based within that stream.
DialogueSource importDialogueSource(const std::filesystem::path& path, const Session& session, int channel = 0,
                                    int audioStream = 0);

struct CueImportRequest {
    std::string number;
    std::optional<std::string> title;         // else from the stem file names
    std::vector<std::filesystem::path> stems;
    std::optional<int64_t> startSample;       // else the stems' BWF TimeReference
};

// Reads every stem's header and checks they share start, length and rate; a mismatch is refused
// naming the stem and what differs.
Cue importCue(const CueImportRequest& request, const Session& session);

} // namespace cuesmith
