#include "core/Session.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(Session, ChannelLayoutsHaveSmpteCountsAndNames)
{
    EXPECT_EQ(channelCount(ChannelLayout::Mono), 1);
    EXPECT_EQ(channelCount(ChannelLayout::Stereo), 2);
    EXPECT_EQ(channelCount(ChannelLayout::Surround51), 6);
    EXPECT_EQ(channelCount(ChannelLayout::Surround71), 8);
    for (auto l : {ChannelLayout::Mono, ChannelLayout::Stereo, ChannelLayout::Surround51, ChannelLayout::Surround71}) {
        EXPECT_EQ(parseChannelLayout(channelLayoutName(l)), l);
        EXPECT_EQ(layoutForChannelCount(channelCount(l)), l);
    }
    EXPECT_FALSE(layoutForChannelCount(3).has_value());
    EXPECT_FALSE(parseChannelLayout("quad").has_value());
}

TEST(Session, CutExtentIgnoresAudioOnlyEvents)
{
    Edl edl;
    EdlEvent v;
    v.channels = "V";
    v.recordInFrame = 100;
    v.recordOutFrame = 200;
    EdlEvent a;
    a.channels = "A";
    a.recordInFrame = 50;
    a.recordOutFrame = 400;
    edl.events = {v, a};
    EXPECT_EQ(cutStartFrame(edl), 100);
    EXPECT_EQ(cutEndFrame(edl), 200);
    EXPECT_FALSE(cutEndFrame(Edl{}).has_value());
}

TEST(Session, WithoutACutThereIsNoPicture)
{
    Session s;
    EXPECT_EQ(s.currentCutVersion(), nullptr);
    EXPECT_EQ(s.pictureLengthSamples(), 0);
    EXPECT_EQ(s.findCue("1M01"), nullptr);
}

} // namespace
} // namespace cuesmith
