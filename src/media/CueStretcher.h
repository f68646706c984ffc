#pragma once
// Time-stretches all stems of one cue by one ratio through a single offline Rubber Band stretcher
// whose channels are the stems' channels side by side, so every stem gets the same transient and
// phase-reset decisions and the stretched stems still line up sample for sample. Streams block by
// block (a study pass, then the stretch pass), writing one 32-bit float WAV per stem.
// Worker threads only (blocking I/O, seconds to minutes of CPU).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cuesmith {

struct StretchRequest {
    enum class Quality {
        Render,   // R3 engine (OptionEngineFiner): the sound that is delivered
        Preview,  // R2 engine (OptionEngineFaster): several times faster, for auditioning
    };

    std::vector<std::filesystem::path> stems;  // same rate, same length, any channel counts
    double timeRatio = 1.0;                    // output length / input length, inside (0.5, 2.0)
    Quality quality = Quality::Render;
    std::filesystem::path outputFolder;        // created when missing
    int sampleRate = 0;                        // the cue's rate: every stem must be at it (0: the first stem's)
};

struct StretchResult {
    std::vector<std::filesystem::path> stretchedStems;  // in the order of StretchRequest::stems
    int64_t inputFrames = 0;
    int64_t outputFrames = 0;      // always llround(inputFrames * timeRatio)
    int64_t stretcherFrames = 0;   // what Rubber Band delivered before the tail was trimmed or padded
};

inline constexpr double kMinStretchRatio = 0.5;  // exclusive
inline constexpr double kMaxStretchRatio = 2.0;  // exclusive

// "<stem file's stem>.stretch-<ratio, 6 decimals>-<r3|r2>.wav", e.g.
// "2M07_TheChase_v3_BRS.stretch-1.050000-r3.wav".
std::string stretchedStemFileName(const std::filesystem::path& stem, double timeRatio, StretchRequest::Quality quality);

// Writes every stretched stem under a temporary name and renames them all once the last one is
// complete; on failure no temporary file is left behind. Existing files of the same name (the same
// stem, ratio and engine) are replaced.
// Throws std::runtime_error with a one-line reason (naming the file when one is at fault) for a
// ratio outside (0.5, 2.0), stems that disagree in rate or length, unreadable stems or a write error.
StretchResult stretchCue(const StretchRequest& request);

} // namespace cuesmith
