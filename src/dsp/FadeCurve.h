#pragma once
// Gain curves for fades and crossfades. A fade-in runs gain(shape, x) for x from 0 to 1; the
// matching fade-out runs gain(shape, 1 - x), so a crossfade pairs the two.
// Pure functions, real-time safe (no allocation): audio thread and workers alike.

#include "core/FadeShape.h"

namespace cuesmith {

// Gain of the fade-in side at position x in [0, 1] (clamped).
float fadeGain(FadeShape shape, double x);

} // namespace cuesmith
