#include "media/AudioFileInfo.h"

#include "TestAudioFiles.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

class AudioFileInfoTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-media-" + std::to_string(::getpid()));
        fs::create_directories(folder);
    }
    void TearDown() override { fs::remove_all(folder); }
    fs::path folder;
};

TEST_F(AudioFileInfoTest, ReadsRateChannelsLengthAndBwfTimeReference)
{
    const auto path = folder / "stem.wav";
    testing::writeTestWav(path, 48000, 2, 12345, int64_t{172972800});
    const AudioFileInfo info = readAudioFileInfo(path);
    EXPECT_EQ(info.sampleRate, 48000);
    EXPECT_EQ(info.channels, 2);
    EXPECT_EQ(info.frames, 12345);
    ASSERT_TRUE(info.timeReference);
    EXPECT_EQ(*info.timeReference, 172972800);
    EXPECT_EQ(info.description, "cuesmith test");
}

TEST_F(AudioFileInfoTest, TimeReferencesBeyondThirtyTwoBitsSurvive)
{
    // 23:59:00:00 at 192 kHz is past 2^32 samples.
    const auto path = folder / "late.wav";
    const int64_t late = int64_t{86340} * 192000;
    testing::writeTestWav(path, 192000, 1, 100, late);
    EXPECT_EQ(readAudioFileInfo(path).timeReference, late);
}

TEST_F(AudioFileInfoTest, APlainWavHasNoTimeReference)
{
    const auto path = folder / "plain.wav";
    testing::writeTestWav(path, 44100, 1, 100, std::nullopt);
    EXPECT_FALSE(readAudioFileInfo(path).timeReference.has_value());
}

TEST_F(AudioFileInfoTest, MissingAndGarbageFilesAreRefusedNamingTheFile)
{
    try {
        readAudioFileInfo(folder / "missing.wav");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing.wav"), std::string::npos);
    }
    const auto garbage = folder / "garbage.wav";
    std::ofstream(garbage) << "RIFF this is not audio at all";
    try {
        readAudioFileInfo(garbage);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("garbage.wav"), std::string::npos);
    }
}

TEST(AudioFileInfo, ReadsRealSpeechRecordings)
{
    const AudioFileInfo lj = readAudioFileInfo(fs::path(CUESMITH_SHARED_DATA_DIR) / "speech/LJ050-0075.wav");
    EXPECT_EQ(lj.sampleRate, 22050);
    EXPECT_EQ(lj.channels, 1);
    EXPECT_NEAR(static_cast<double>(lj.frames) / 22050.0, 1.97, 0.02);
    const AudioFileInfo cv = readAudioFileInfo(fs::path(CUESMITH_SHARED_DATA_DIR) / "speech/common_voice_en_17299458.wav");
    EXPECT_EQ(cv.sampleRate, 16000);
}

} // namespace
} // namespace cuesmith
