#pragma once
// The dialogue band (250 Hz - 2 kHz, 4th-order edges from RBJ high- and low-pass biquads) of the
// front channels of interleaved audio, summed: the yardstick the dialogue-mixing test and
// bench/DialogueMetrics.cpp both measure the music with.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace cuesmith::testing {

struct BandBiquad {
    double b0, b1, b2, a1, a2, x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    double run(double x)
    {
        const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1, x1 = x, y2 = y1, y1 = y;
        return y;
    }
};

inline BandBiquad bandEdge(double frequency, double rate, bool high)
{
    const double w = 2 * std::numbers::pi * frequency / rate, c = std::cos(w), alpha = std::sin(w) / (2 * 0.7071);
    const double a0 = 1 + alpha;
    const double b0 = high ? (1 + c) / 2 : (1 - c) / 2, b1 = high ? -(1 + c) : 1 - c;
    return {b0 / a0, b1 / a0, b0 / a0, -2 * c / a0, (1 - alpha) / a0};
}

inline std::vector<float> dialogueBand(const std::vector<float>& interleaved, int channels, double rate)
{
    std::vector<float> out(interleaved.size() / static_cast<size_t>(channels));
    BandBiquad f[4] = {bandEdge(250, rate, true), bandEdge(250, rate, true), bandEdge(2000, rate, false),
                       bandEdge(2000, rate, false)};
    const int fronts = std::min(channels, 3);
    for (size_t i = 0; i < out.size(); ++i) {
        double x = 0;
        for (int c = 0; c < fronts; ++c)
            x += interleaved[i * static_cast<size_t>(channels) + static_cast<size_t>(c)];
        for (auto& q : f)
            x = q.run(x);
        out[i] = static_cast<float>(x);
    }
    return out;
}

} // namespace cuesmith::testing
