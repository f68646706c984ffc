#include "core/FrameRate.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(FrameRate, ParsesEveryNameUsersTypeAndNothingElse)
{
    EXPECT_EQ(parseFrameRate("23.976"), kFps23_976);
    EXPECT_EQ(parseFrameRate("23.98"), kFps23_976);
    EXPECT_EQ(parseFrameRate("24"), kFps24);
    EXPECT_EQ(parseFrameRate("25"), kFps25);
    EXPECT_EQ(parseFrameRate("29.97"), kFps29_97);
    EXPECT_EQ(parseFrameRate("29.97df"), kFps29_97Drop);
    EXPECT_EQ(parseFrameRate("30"), kFps30);
    EXPECT_EQ(parseFrameRate("47.952"), kFps47_952);
    EXPECT_EQ(parseFrameRate("48"), kFps48);
    EXPECT_EQ(parseFrameRate("50"), kFps50);
    EXPECT_EQ(parseFrameRate("59.94"), kFps59_94);
    EXPECT_EQ(parseFrameRate("59.94df"), kFps59_94Drop);
    EXPECT_EQ(parseFrameRate("60"), kFps60);
    for (const char* bad : {"", "23", "24df", "29.97 df", "30df", "abc", "-24", "24.0"})
        EXPECT_FALSE(parseFrameRate(bad).has_value()) << bad;
}

TEST(FrameRate, NamesRoundTrip)
{
    for (auto it = supportedFrameRatesBegin(); it != supportedFrameRatesEnd(); ++it)
        EXPECT_EQ(parseFrameRate(frameRateName(*it)), *it);
}

TEST(FrameRate, TimecodeBaseAndDroppedLabels)
{
    EXPECT_EQ(kFps23_976.timecodeBase(), 24);
    EXPECT_EQ(kFps29_97.timecodeBase(), 30);
    EXPECT_EQ(kFps47_952.timecodeBase(), 48);
    EXPECT_EQ(kFps59_94Drop.timecodeBase(), 60);
    EXPECT_EQ(kFps29_97.droppedLabelsPerMinute(), 0);
    EXPECT_EQ(kFps29_97Drop.droppedLabelsPerMinute(), 2);
    EXPECT_EQ(kFps59_94Drop.droppedLabelsPerMinute(), 4);
}

} // namespace
} // namespace cuesmith
