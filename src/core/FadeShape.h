#pragma once
// The shapes a fade or crossfade can take (the gain curves themselves are dsp/FadeCurve), and their
// names in session files and on the command line. Pure, any thread.

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

std::optional<FadeShape> parseFadeShape(std::string_view name);  // "linear", "equal-power", ...
std::string fadeShapeName(FadeShape shape);
std::string fadeShapeNames();  // "linear, equal-power, s-curve or equal-gain", for messages

} // namespace cuesmith
