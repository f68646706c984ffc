#pragma once
// Applies a time stretch to a cue in a session: renders its stems through one multichannel
// Rubber Band stretch into the session's cache folder, points the cue at the stretched files and
// scales its length, tempo map and markers. The composer's files are never touched; the cache is
// rebuildable. Worker thread or CLI (renders audio).

#include "core/Session.h"
#include "media/CueStretcher.h"

#include <filesystem>
#include <string_view>

namespace cuesmith {

// Throws std::runtime_error naming the cue or file, e.g. for a ratio beyond the cue's limit.
Session applyCueStretch(const Session& session, std::string_view cueNumber, double ratio,
                        const std::filesystem::path& cacheFolder, StretchRequest::Quality quality);

// The cache folder beside a session file: "scene.cuesmith" -> "scene.cuesmith-cache".
std::filesystem::path sessionCacheFolder(const std::filesystem::path& sessionPath);

} // namespace cuesmith
