#pragma once
// What Cuesmith needs to know about an audio file before using it: rate, channels, length and
// the Broadcast WAV TimeReference (samples since midnight at the file's rate). Reads through
// libsndfile (WAV/BWF, AIFF, FLAC, ...), and through FFmpeg for anything libsndfile refuses.
// Any thread but the audio thread (blocking I/O).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

struct AudioFileInfo {
    int sampleRate = 0;
    int channels = 0;
    int64_t frames = 0;                    // sample frames (per channel)
    std::optional<int64_t> timeReference;  // bext TimeReference, at sampleRate
    std::string description;               // bext Description, if any
    std::vector<std::string> trackNames;   // iXML TRACK_LIST names in channel order, if it has them
};

// Where a 5.1/7.1 file's LFE is, from its iXML track names ("LFE", "MIX LFE"): SMPTE order has it
// fourth, film order last. nullopt when the names do not say (no iXML, no LFE, elsewhere).
enum class LfePosition { Smpte, Film };
std::optional<LfePosition> lfePositionOf(const AudioFileInfo& info);

// Throws std::runtime_error("<path>: <reason>") when the file is missing or not audio.
AudioFileInfo readAudioFileInfo(const std::filesystem::path& path);

} // namespace cuesmith
