#pragma once
// Reads CMX3600 edit decision lists as Avid, Premiere, Resolve, Final Cut and Nucoda write them.
// Lenient by default: a line it cannot read becomes a warning with its line number and reading
// goes on. Strict mode turns the first such warning into an EdlReadError. Never crashes on any
// input. Any thread.

#include "core/Edl.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace cuesmith {

struct EdlReadOptions {
    // The picture rate. Without one: 29.97df when the list says FCM: DROP FRAME, else 24 with a
    // warning when a frame field does not fit 24 fps.
    std::optional<FrameRate> rate;
    bool strict = false;
};

class EdlReadError : public std::runtime_error {
public:
    EdlReadError(int line, const std::string& message);
    int line() const { return line_; }

private:
    int line_;
};

// Parses EDL text (any line endings, optional UTF-8 BOM).
Edl readEdl(std::string_view text, const EdlReadOptions& options = {});

// Reads a file; throws std::runtime_error("<path>: <reason>") when it cannot be read, and
// EdlReadError (message prefixed with "<path>:<line>: ") in strict mode.
Edl readEdlFile(const std::filesystem::path& path, const EdlReadOptions& options = {});

} // namespace cuesmith
