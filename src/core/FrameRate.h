#pragma once
// An exact picture frame rate: a rational number of frames per second plus the drop-frame flag
// that decides how timecode labels count those frames. Pure value type, any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cuesmith {

struct FrameRate {
    int64_t numerator = 24;   // frames ...
    int64_t denominator = 1;  // ... per this many seconds
    bool dropFrame = false;   // only meaningful for 30000/1001 and 60000/1001

    // Frames per timecode second: 24 for 23.976, 30 for 29.97, 60 for 59.94.
    int timecodeBase() const;
    // Frame labels dropped at the start of each minute not divisible by ten (0 without drop-frame).
    int droppedLabelsPerMinute() const;

    bool operator==(const FrameRate&) const = default;
};

inline constexpr FrameRate kFps23_976{24000, 1001, false};
inline constexpr FrameRate kFps24{24, 1, false};
inline constexpr FrameRate kFps25{25, 1, false};
inline constexpr FrameRate kFps29_97{30000, 1001, false};
inline constexpr FrameRate kFps29_97Drop{30000, 1001, true};
inline constexpr FrameRate kFps30{30, 1, false};
inline constexpr FrameRate kFps47_952{48000, 1001, false};
inline constexpr FrameRate kFps48{48, 1, false};
inline constexpr FrameRate kFps50{50, 1, false};
inline constexpr FrameRate kFps59_94{60000, 1001, false};
inline constexpr FrameRate kFps59_94Drop{60000, 1001, true};
inline constexpr FrameRate kFps60{60, 1, false};

// Accepts the names users type: "23.976", "24", "25", "29.97", "29.97df", "30", "47.952", "48",
// "50", "59.94", "59.94df", "60", and "23.98" as an alias of 23.976. Nothing else.
std::optional<FrameRate> parseFrameRate(std::string_view text);

// The canonical name parseFrameRate accepts back, e.g. "29.97df".
std::string frameRateName(const FrameRate& rate);

// All supported rates, in ascending order (for help texts and rate guessing).
const FrameRate* supportedFrameRatesBegin();
const FrameRate* supportedFrameRatesEnd();

} // namespace cuesmith
