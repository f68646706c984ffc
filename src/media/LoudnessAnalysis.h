#pragma once
// The loudness of a whole file: integrated loudness, loudness range, true and sample peak
// (dsp/LoudnessMeter.h), read block by block. Worker threads (blocking I/O).

#include "dsp/LoudnessMeter.h"

#include <filesystem>
#include <optional>

namespace cuesmith {

// Reads the whole file in blocks (AudioFileReader: libsndfile or FFmpeg's first audio stream) at
// its own rate; gives exactly what a LoudnessMeter fed the same frames reports.
// Throws std::runtime_error("<path>: <reason>").
// 5.1 and 7.1 are weighted in film order when `filmOrder` says so, or, when it is not given, when
// the file's iXML track names put the LFE last (as a film-order delivery's do); else SMPTE.
LoudnessReport analyzeLoudness(const std::filesystem::path& path, std::optional<bool> filmOrder = std::nullopt);

} // namespace cuesmith
