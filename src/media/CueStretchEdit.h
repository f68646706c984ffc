#pragma once
// Applies a time stretch to a cue in a session: renders its stems through one multichannel
// Rubber Band stretch into the session's cache folder, points the cue at the stretched files and
// scales its length, tempo map and markers. The composer's files are never touched; the cache is
// rebuildable. Worker thread or CLI (renders audio).

#include "core/Session.h"
#include "media/CueStretcher.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cuesmith {

// The stretch is always rendered from the composer's files (Stem::sourcePath) by the cue's whole
// stretch, so stretching twice never stretches a stretch; stretching back to 1 plays the composer's
// files again. A Preview stretch (the faster engine) is marked so deliveries redo it with R3.
// Throws std::runtime_error naming the cue or file, e.g. for a ratio beyond the cue's limit.
Session applyCueStretch(const Session& session, std::string_view cueNumber, double ratio,
                        const std::filesystem::path& cacheFolder, StretchRequest::Quality quality);

// The session a delivery renders: every cue stretched with the faster engine for previewing is
// stretched again with the finer one (R3), or taken from the cache when an earlier delivery did
// it. One note per such cue for the user. Throws std::runtime_error naming the file.
Session withDeliveryStretches(const Session& session, const std::filesystem::path& cacheFolder,
                              std::vector<std::string>& notes);

// The cache folder beside a session file: "scene.cuesmith" -> "scene.cuesmith-cache".
std::filesystem::path sessionCacheFolder(const std::filesystem::path& sessionPath);

} // namespace cuesmith
