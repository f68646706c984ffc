#include "media/ZeroCrossing.h"

#include "TestAudioFiles.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

TEST(ZeroCrossing, FindsTheNearestSignChangeOfTheSummedStems)
{
    const fs::path folder = fs::temp_directory_path() / ("cuesmith-zc-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    // 100 Hz at 48 kHz crosses zero every 240 samples, at 0, 240, 480, ...
    testing::writeTestWav(folder / "a.wav", 48000, 2, 48000, std::nullopt, 100.0);
    testing::writeTestWav(folder / "b.wav", 48000, 1, 48000, std::nullopt, 100.0);
    const std::vector<fs::path> stems{folder / "a.wav", folder / "b.wav"};
    const int64_t found = nearestZeroCrossing(stems, 10000, 240);
    EXPECT_LE(std::llabs(found - 10080), 1) << found;  // 10080 = 42 half periods
    EXPECT_LE(std::llabs(nearestZeroCrossing(stems, 10300, 240) - 10320), 1);
    // Nothing within the radius: the point itself.
    EXPECT_EQ(nearestZeroCrossing(stems, 10000, 10), 10000);
    EXPECT_THROW(nearestZeroCrossing({folder / "missing.wav"}, 100, 50), std::runtime_error);
    fs::remove_all(folder);
}

TEST(ZeroCrossing, ACueAtAnotherRateIsSearchedInSessionSamples)
{
    const fs::path folder = fs::temp_directory_path() / ("cuesmith-zc441-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    // 100 Hz at 44.1 kHz. In a 48 kHz session it crosses zero every 240 session samples; read at
    // its own rate the crossings fall every 220.5 file samples, so a search that took session
    // positions as file positions would find 9922 or 10143 near 10000, not 10080.
    testing::writeTestWav(folder / "a.wav", 44100, 2, 44100, std::nullopt, 100.0);
    const std::vector<fs::path> stems{folder / "a.wav"};
    const int64_t found = nearestZeroCrossing(stems, 10000, 240, 48000);
    EXPECT_LE(std::llabs(found - 10080), 1) << found;
    EXPECT_LE(std::llabs(nearestZeroCrossing(stems, 30100, 240, 48000) - 30000), 1);
    // The radius is in session samples too: 100 session samples do not reach the crossing at 10080.
    EXPECT_EQ(nearestZeroCrossing(stems, 9970, 100, 48000), 9970);
    fs::remove_all(folder);
}

} // namespace
} // namespace cuesmith
