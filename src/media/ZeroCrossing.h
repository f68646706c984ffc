#pragma once
// Finds where a cue's summed stems cross zero near a splice point, so a short crossfade (or a
// butt splice) joins two pieces where both are quiet for an instant. Worker thread or CLI.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace cuesmith {

// The sample within `radius` of `around` (cue-relative) where the sum of all channels of all
// stems changes sign, nearest first; `around` itself when there is none. Positions and radius are
// at `sampleRate` (the session rate): stems at another rate are read converted to it, exactly as
// the engine plays them, so the crossing is one in the samples that are heard. Without a rate,
// positions are at the stems' own rate.
// Throws std::runtime_error naming a stem that cannot be read.
int64_t nearestZeroCrossing(const std::vector<std::filesystem::path>& stems, int64_t around, int64_t radius,
                            std::optional<int64_t> sampleRate = std::nullopt);

} // namespace cuesmith
