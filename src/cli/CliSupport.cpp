#include "CliSupport.h"

#include "core/Timecode.h"
#include "formats/JsonText.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace cuesmith {

std::string acceptedRateNames()
{
    std::string names;
    for (auto it = supportedFrameRatesBegin(); it != supportedFrameRatesEnd(); ++it)
        names += (names.empty() ? "" : ", ") + frameRateName(*it);
    return names;
}

FrameRate parseRateOption(const std::string& text)
{
    const auto rate = parseFrameRate(text);
    if (!rate)
        throw CliError("unknown frame rate '" + text + "' (use one of " + acceptedRateNames() + ")");
    return *rate;
}

void printJson(const nlohmann::json& value) { std::cout << jsonText(value) << "\n"; }

nlohmann::json decibelsJson(const std::optional<double>& v)
{
    return v && std::isfinite(*v) ? nlohmann::json(std::round(*v * 100.0) / 100.0) : nlohmann::json(nullptr);
}

std::string decibelsText(const std::optional<double>& v)
{
    if (!v || !std::isfinite(*v))
        return "-inf";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *v);
    return text;
}

void printWarning(const std::string& message) { std::cerr << "warning: " << message << "\n"; }

std::string describeDuration(int64_t samples, const Session& session)
{
    const int64_t frames = samplesToFrames(samples, session.frameRate, session.sampleRate);
    Timecode tc = framesToTimecode(frames, session.frameRate);
    return formatTimecode(tc) + " (" + std::to_string(samples) + " samples)";
}

int64_t convertSampleRate(int64_t samples, int64_t fromRate, int64_t toRate)
{
    if (fromRate == toRate || fromRate <= 0)
        return samples;
    const __int128 scaled = static_cast<__int128>(samples) * toRate;
    return static_cast<int64_t>((scaled + fromRate / 2) / fromRate);
}

} // namespace cuesmith
