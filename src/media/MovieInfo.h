#pragma once
// What Cuesmith needs to know about a reference movie: its length, its picture rate, its start
// timecode (from the container or stream "timecode" tag) and its audio streams. Reads through
// FFmpeg's libavformat. Any thread but the audio thread (blocking I/O).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

struct MovieAudioStream {
    int index = 0;  // FFmpeg stream index
    int sampleRate = 0;
    int channels = 0;
    std::string codec;
};

struct MovieInfo {
    // Exact duration as a rational number of seconds (FFmpeg time base), never a float.
    int64_t durationNumerator = 0;
    int64_t durationDenominator = 1;
    int64_t frameRateNumerator = 0;  // 0 when there is no video stream
    int64_t frameRateDenominator = 1;
    std::optional<std::string> startTimecode;  // "01:00:00:00" as the file tags it
    std::vector<MovieAudioStream> audioStreams;

    // Whole samples covered by the duration at a sample rate (rounded down).
    int64_t durationSamples(int64_t sampleRate) const;
};

// Throws std::runtime_error("<path>: <reason>") when the file cannot be opened as a movie.
MovieInfo readMovieInfo(const std::filesystem::path& path);

// A movie's `audioStream`-th audio stream, 0-based and counting audio streams only (a guide mix's
// second audio stream is 1 however many picture and timecode streams come before it); the command
// line's --stream and --dialogue-stream count the same way from 1. Throws std::runtime_error
// ("<path>: has 1 audio stream(s), there is no stream 2") when there is no such stream.
const MovieAudioStream& audioStreamAt(const MovieInfo& info, int audioStream, const std::filesystem::path& path);

} // namespace cuesmith
