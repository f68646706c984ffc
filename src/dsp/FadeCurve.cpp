#include "FadeCurve.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

namespace {

constexpr double kPi = 3.14159265358979323846;

} // namespace

// audio thread
float fadeGain(FadeShape shape, double x)
{
    x = std::clamp(x, 0.0, 1.0);
    switch (shape) {
    case FadeShape::Linear: return static_cast<float>(x);
    case FadeShape::EqualPower: return static_cast<float>(std::sin(x * kPi / 2.0));
    case FadeShape::SCurve: return static_cast<float>(0.5 - 0.5 * std::cos(x * kPi));
    case FadeShape::EqualGain: return static_cast<float>(x * x * (3.0 - 2.0 * x));
    }
    return static_cast<float>(x);
}

} // namespace cuesmith
