#include "LoudnessGating.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cuesmith {

namespace {

// A mean square at -70 LUFS: loudness is -0.691 + 10 log10(mean square).
const double kAbsoluteGate = std::pow(10.0, (-70.0 + 0.691) / 10.0);

double loudnessOf(double meanSquare) { return -0.691 + 10.0 * std::log10(meanSquare); }

// Mean squares of windows of `length` sub-blocks starting at every sub-block. Each window is
// summed afresh rather than kept as a running sum, so a loud passage leaves no rounding residue
// in the quiet windows after it.
std::vector<double> windowMeanSquares(std::span<const double> energies, size_t length, int64_t framesPerSubBlock)
{
    std::vector<double> windows;
    if (energies.size() < length)
        return windows;
    const double frames = static_cast<double>(length) * static_cast<double>(framesPerSubBlock);
    windows.reserve(energies.size() - length + 1);
    for (size_t start = 0; start + length <= energies.size(); ++start) {
        double sum = 0.0;
        for (size_t i = start; i < start + length; ++i)
            sum += energies[i];
        windows.push_back(sum / frames);
    }
    return windows;
}

// The windows at or above the absolute gate, then at or above `relativeGate` times their mean.
std::vector<double> gated(const std::vector<double>& windows, double relativeGate)
{
    std::vector<double> kept;
    double sum = 0.0;
    for (double w : windows)
        if (w >= kAbsoluteGate) {
            kept.push_back(w);
            sum += w;
        }
    if (kept.empty())
        return kept;
    const double threshold = relativeGate * sum / static_cast<double>(kept.size());
    std::erase_if(kept, [threshold](double w) { return w < threshold; });
    return kept;
}

} // namespace

std::optional<double> integratedLoudness(std::span<const double> subBlockEnergies, int64_t framesPerSubBlock)
{
    const std::vector<double> kept = gated(windowMeanSquares(subBlockEnergies, 4, framesPerSubBlock), 0.1);
    if (kept.empty())
        return std::nullopt;
    double sum = 0.0;
    for (double w : kept)
        sum += w;
    return loudnessOf(sum / static_cast<double>(kept.size()));
}

double loudnessRange(std::span<const double> subBlockEnergies, int64_t framesPerSubBlock)
{
    std::vector<double> kept = gated(windowMeanSquares(subBlockEnergies, 30, framesPerSubBlock), 0.01);
    if (kept.empty())
        return 0.0;
    std::sort(kept.begin(), kept.end());
    const auto rank = [&](double p) { return static_cast<size_t>(static_cast<double>(kept.size() - 1) * p + 0.5); };
    return loudnessOf(kept[rank(0.95)]) - loudnessOf(kept[rank(0.10)]);
}

} // namespace cuesmith
