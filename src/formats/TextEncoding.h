#pragma once
// Text encodings of interchange files. Everything inside Cuesmith is UTF-8; Avid on Windows
// writes clip names in Windows-1252, so a file that is not valid UTF-8 is read as Windows-1252
// as a whole (timecodes are ASCII either way, so they stay exactly as written). Any thread.

#include <string>
#include <string_view>

namespace cuesmith {

bool isValidUtf8(std::string_view text);
std::string windows1252ToUtf8(std::string_view text);
// The text itself when it is UTF-8, else read as Windows-1252.
std::string toUtf8(std::string_view text);

} // namespace cuesmith
