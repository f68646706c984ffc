#pragma once
// Grouping stem files into cues by the naming convention music departments deliver them with,
// <cue>_<title>_<version>_<STEM>.wav (DOMAIN.md), e.g. 2M07_TheChase_v3_BRS.wav: the files of one
// cue number form one cue; when a folder holds several versions of a cue, the newest is taken and
// the older ones are reported as skipped. Pure functions on file names, any thread.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cuesmith {

class StemGroupingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "2M07", "1m01", "10M3A": reel digits, M, cue digits, an optional letter suffix (an insert cue).
bool looksLikeCueNumber(std::string_view text);

struct StemGroup {
    std::string cue;      // as written in the file names
    std::string version;  // "v3", or empty
    std::vector<std::string> files;  // in the order given
};

struct StemGrouping {
    std::vector<StemGroup> groups;     // by cue number, in order of first appearance
    std::vector<std::string> skipped;  // "2M07 v2 (v3 is newer): 2M07_TheChase_v2_BRS.wav, ..."
};

// Groups files (paths or bare names) by the cue number their names start with. Throws
// StemGroupingError naming the file when a name carries no cue number, or when two files of the
// same cue and version are the same stem.
StemGrouping groupStemFilesByCue(const std::vector<std::string>& files);

// For an explicit list of one cue's stems: the names that carry a cue number must all carry the
// same one and the same version (stems of two cues are never one cue); StemGroupingError names the
// stem that differs. Returns `number` when given (an alternate or a reuse may take any number),
// else the number the names carry (StemGroupingError when they carry none).
std::string cueNumberForStems(std::string_view number, const std::vector<std::string>& files);

} // namespace cuesmith
