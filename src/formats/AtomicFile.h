#pragma once
// Writes a file so that readers only ever see the old content or the complete new content:
// write a temporary sibling, fsync it, rename it over the target, fsync the folder.
// Any thread (blocking I/O: never the audio thread).

#include <filesystem>
#include <string_view>

namespace cuesmith {

// Throws std::runtime_error("<path>: <reason>") and leaves the target untouched on failure.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// The whole file as bytes; throws std::runtime_error("<path>: <reason>").
std::string readWholeFile(const std::filesystem::path& path);

} // namespace cuesmith
