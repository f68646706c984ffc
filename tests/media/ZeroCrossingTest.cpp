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

} // namespace
} // namespace cuesmith
