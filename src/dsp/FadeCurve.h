#pragma once
// Gain curves for fades and crossfades. A fade-in runs gain(shape, x) for x from 0 to 1; the
// matching fade-out runs gain(shape, 1 - x), so a crossfade pairs the two.
// Pure functions, real-time safe (no allocation): audio thread and workers alike.

#include <optional>
#include <string>
#include <string_view>

namespace cuesmith {

enum class FadeShape {
    Linear,      // amplitude rises linearly; a crossfade sums to unity gain (equal gain)
    EqualPower,  // sin/cos: a crossfade of unrelated material keeps its power
    SCurve,      // raised cosine: slow start and end, the quietest-sounding short fade
    EqualGain,   // like Linear for the gains' sum, shaped as an S (smoothstep) for long crossfades
};

// Gain of the fade-in side at position x in [0, 1] (clamped).
float fadeGain(FadeShape shape, double x);

std::optional<FadeShape> parseFadeShape(std::string_view name);  // "linear", "equal-power", ...
std::string fadeShapeName(FadeShape shape);

} // namespace cuesmith
