#include "dsp/FadeCurve.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(FadeCurve, EveryShapeRunsFromSilenceToUnity)
{
    for (auto shape : {FadeShape::Linear, FadeShape::EqualPower, FadeShape::SCurve, FadeShape::EqualGain}) {
        EXPECT_EQ(fadeGain(shape, 0.0), 0.0f) << fadeShapeName(shape);
        EXPECT_NEAR(fadeGain(shape, 1.0), 1.0f, 1e-7f) << fadeShapeName(shape);
        float previous = 0.0f;
        for (int i = 1; i <= 100; ++i) {
            const float g = fadeGain(shape, i / 100.0);
            EXPECT_GE(g, previous) << fadeShapeName(shape) << " falls at " << i;
            previous = g;
        }
        EXPECT_EQ(parseFadeShape(fadeShapeName(shape)), shape);
    }
}

TEST(FadeCurve, CrossfadesKeepGainOrPowerAsNamed)
{
    for (int i = 0; i <= 100; ++i) {
        const double x = i / 100.0;
        for (auto shape : {FadeShape::Linear, FadeShape::SCurve, FadeShape::EqualGain})
            EXPECT_NEAR(fadeGain(shape, x) + fadeGain(shape, 1.0 - x), 1.0, 1e-6) << fadeShapeName(shape);
        const double in = fadeGain(FadeShape::EqualPower, x), out = fadeGain(FadeShape::EqualPower, 1.0 - x);
        EXPECT_NEAR(in * in + out * out, 1.0, 1e-6);
    }
}

TEST(FadeCurve, ClampsOutsideTheFade)
{
    EXPECT_EQ(fadeGain(FadeShape::EqualPower, -1.0), 0.0f);
    EXPECT_NEAR(fadeGain(FadeShape::EqualPower, 2.0), 1.0f, 1e-7f);
    EXPECT_FALSE(parseFadeShape("exponential").has_value());
}

} // namespace
} // namespace cuesmith
