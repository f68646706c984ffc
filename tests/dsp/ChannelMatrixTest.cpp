#include "dsp/ChannelMatrix.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(ChannelMatrix, SameLayoutIsIdentity)
{
    const auto m = ChannelMatrix::between(ChannelLayout::Surround71, ChannelLayout::Surround71);
    for (int o = 0; o < 8; ++o)
        for (int i = 0; i < 8; ++i)
            EXPECT_EQ(m.gain(o, i), o == i ? 1.0f : 0.0f);
}

TEST(ChannelMatrix, FiveOneDownToStereoFollowsBs775AndDropsLfe)
{
    const auto m = ChannelMatrix::between(ChannelLayout::Surround51, ChannelLayout::Stereo);
    EXPECT_EQ(m.gain(0, 0), 1.0f);
    EXPECT_NEAR(m.gain(0, 2), 0.7071f, 1e-4f);
    EXPECT_EQ(m.gain(0, 3), 0.0f);
    EXPECT_EQ(m.gain(1, 3), 0.0f);
    EXPECT_NEAR(m.gain(0, 4), 0.7071f, 1e-4f);
    EXPECT_EQ(m.gain(0, 5), 0.0f);
    EXPECT_NEAR(m.gain(1, 5), 0.7071f, 1e-4f);
}

TEST(ChannelMatrix, MonoGoesToCentreOrBothSidesAtMinus3dB)
{
    const auto toSurround = ChannelMatrix::between(ChannelLayout::Mono, ChannelLayout::Surround51);
    EXPECT_EQ(toSurround.gain(2, 0), 1.0f);
    EXPECT_EQ(toSurround.gain(0, 0), 0.0f);
    const auto toStereo = ChannelMatrix::between(ChannelLayout::Mono, ChannelLayout::Stereo);
    EXPECT_NEAR(toStereo.gain(0, 0), 0.7071f, 1e-4f);
    EXPECT_NEAR(toStereo.gain(1, 0), 0.7071f, 1e-4f);
}

TEST(ChannelMatrix, AddScaledAccumulates)
{
    const auto m = ChannelMatrix::between(ChannelLayout::Stereo, ChannelLayout::Surround51);
    const float in[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    const float scale[2] = {0.5f, 1.0f};
    float out[12] = {};
    out[0] = 10.0f;
    m.addScaled(in, scale, out, 2);
    EXPECT_EQ(out[0], 10.5f);
    EXPECT_EQ(out[1], 1.0f);
    EXPECT_EQ(out[6], 3.0f);
    EXPECT_EQ(out[7], 4.0f);
    EXPECT_EQ(out[8], 0.0f);
}

} // namespace
} // namespace cuesmith
