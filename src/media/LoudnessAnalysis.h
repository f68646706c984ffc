#pragma once
// The loudness of a whole file: integrated loudness, loudness range, true and sample peak
// (dsp/LoudnessMeter.h), read block by block. Worker threads (blocking I/O).

#include "dsp/LoudnessMeter.h"

#include <filesystem>

namespace cuesmith {

// Reads the whole file in blocks (AudioFileReader: libsndfile or FFmpeg's first audio stream) at
// its own rate; gives exactly what a LoudnessMeter fed the same frames reports.
// Throws std::runtime_error("<path>: <reason>").
LoudnessReport analyzeLoudness(const std::filesystem::path& path);

} // namespace cuesmith
