#include "EnvelopeGain.h"

#include "core/BusAutomation.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

float decibelsToGain(double decibels)
{
    if (decibels <= kSilenceDecibels)
        return 0.0f;
    return static_cast<float>(std::pow(10.0, decibels / 20.0));
}

// audio thread
bool fillEnvelopeGains(const GainEnvelope& envelope, int64_t start, int frames, float* gains)
{
    const auto& points = envelope.points();
    if (points.empty() || frames <= 0)
        return false;
    const int64_t first = envelopeGridFloor(start);
    const int64_t last = envelopeGridFloor(start + frames - 1) + kEnvelopeGrid;
    // No breakpoint strictly inside the grid span and the same level at both ends: one straight
    // flat piece, a constant gain across the block.
    const auto inside = std::lower_bound(points.begin(), points.end(), first + 1,
                                         [](const GainPoint& p, int64_t t) { return p.sample < t; });
    const double level = envelope.at(first);
    if ((inside == points.end() || inside->sample >= last) && envelope.at(last) == level) {
        if (level == 0.0)
            return false;
        std::fill_n(gains, frames, decibelsToGain(level));
        return true;
    }
    float g0 = decibelsToGain(envelope.at(first));
    for (int64_t g = first; g < last; g += kEnvelopeGrid) {
        const float g1 = decibelsToGain(envelope.at(g + kEnvelopeGrid));
        const int64_t from = std::max(g, start), to = std::min(g + kEnvelopeGrid, start + frames);
        for (int64_t t = from; t < to; ++t)
            gains[t - start] = g0 + (g1 - g0) * static_cast<float>(t - g) / static_cast<float>(kEnvelopeGrid);
        g0 = g1;
    }
    return true;
}

} // namespace cuesmith
