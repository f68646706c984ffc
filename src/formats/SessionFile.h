#pragma once
// The .cuesmith session file: JSON with "format": "cuesmith-session" and an integer "version".
// Reading is all-or-nothing: a newer version, a truncated file or a field of the wrong type is
// refused with a one-line SessionFileError naming the file and the field, never half-read.
// Saving is atomic. Any thread (blocking I/O).

#include "core/Session.h"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cuesmith {

inline constexpr std::string_view kSessionFormatName = "cuesmith-session";
inline constexpr int kSessionFormatVersion = 1;

class SessionFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Paths inside the session's folder are written relative to it and read back absolute, so a
// project folder can be moved or copied as a whole.
std::string sessionToJsonText(const Session& session, const std::filesystem::path& sessionFolder);
Session sessionFromJsonText(std::string_view text, const std::filesystem::path& sessionFolder,
                            const std::string& fileNameForErrors);

void saveSession(const Session& session, const std::filesystem::path& path);
Session loadSession(const std::filesystem::path& path);

} // namespace cuesmith
