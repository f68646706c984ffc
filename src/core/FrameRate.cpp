#include "FrameRate.h"

#include <array>

namespace cuesmith {

namespace {

struct NamedRate {
    std::string_view name;
    FrameRate rate;
};

constexpr std::array<NamedRate, 12> kNamedRates{{
    {"23.976", kFps23_976},
    {"24", kFps24},
    {"25", kFps25},
    {"29.97", kFps29_97},
    {"29.97df", kFps29_97Drop},
    {"30", kFps30},
    {"47.952", kFps47_952},
    {"48", kFps48},
    {"50", kFps50},
    {"59.94", kFps59_94},
    {"59.94df", kFps59_94Drop},
    {"60", kFps60},
}};

constexpr std::array<FrameRate, 12> kRates{kFps23_976, kFps24,     kFps25, kFps29_97,
                                           kFps29_97Drop, kFps30,  kFps47_952, kFps48,
                                           kFps50,     kFps59_94,  kFps59_94Drop, kFps60};

} // namespace

int FrameRate::timecodeBase() const
{
    // Rounded rational: 24000/1001 -> 24, 30000/1001 -> 30.
    return static_cast<int>((numerator + denominator / 2) / denominator);
}

int FrameRate::droppedLabelsPerMinute() const
{
    // SMPTE 12M: 29.97 drops two labels, 59.94 drops four.
    return dropFrame ? timecodeBase() / 15 : 0;
}

std::optional<FrameRate> parseFrameRate(std::string_view text)
{
    for (const auto& named : kNamedRates)
        if (named.name == text)
            return named.rate;
    if (text == "23.98")
        return kFps23_976;
    return std::nullopt;
}

std::string frameRateName(const FrameRate& rate)
{
    for (const auto& named : kNamedRates)
        if (named.rate == rate)
            return std::string(named.name);
    return std::to_string(rate.numerator) + "/" + std::to_string(rate.denominator);
}

const FrameRate* supportedFrameRatesBegin() { return kRates.data(); }
const FrameRate* supportedFrameRatesEnd() { return kRates.data() + kRates.size(); }

} // namespace cuesmith
