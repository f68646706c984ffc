#include "media/SourceImport.h"

#include "TestAudioFiles.h"
#include "core/Timecode.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

class SourceImportTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-import-" + std::to_string(::getpid()));
        fs::create_directories(folder);
        session.frameRate = kFps23_976;
        session.sampleRate = 48000;
        session.pictureStartFrame = 86400;
    }
    void TearDown() override { fs::remove_all(folder); }

    fs::path stem(const std::string& name, int rate = 48000, int channels = 2, int64_t frames = 4800,
                  std::optional<int64_t> tref = int64_t{172976804})
    {
        const auto path = folder / name;
        testing::writeTestWav(path, rate, channels, frames, tref);
        return path;
    }

    fs::path folder;
    Session session;
};

TEST_F(SourceImportTest, ACueStartsAtItsStemsTimeReference)
{
    CueImportRequest r;
    r.number = "2M07";
    r.stems = {stem("2M07_TheChase_v3_STR.wav"), stem("2M07_TheChase_v3_BRS.wav", 48000, 6)};
    const Cue cue = importCue(r, session);
    EXPECT_EQ(cue.startSample, 172976804);
    EXPECT_EQ(cue.writtenStartSample, 172976804);
    EXPECT_EQ(cue.lengthSamples, 4800);
    EXPECT_EQ(cue.title, "TheChase");
    EXPECT_EQ(cue.version, "v3");
    ASSERT_EQ(cue.stems.size(), 2u);
    EXPECT_EQ(cue.stems[0].name, "STR");
    EXPECT_EQ(cue.stems[1].name, "BRS");
    EXPECT_EQ(cue.stems[1].layout, ChannelLayout::Surround51);
}

TEST_F(SourceImportTest, AGivenStartWinsOverTheTimeReference)
{
    CueImportRequest r;
    r.number = "1M01";
    r.stems = {stem("a_STR.wav")};
    r.startSample = 173000000;
    const Cue cue = importCue(r, session);
    EXPECT_EQ(cue.startSample, 173000000);
    EXPECT_EQ(cue.writtenStartSample, 172976804);
}

TEST_F(SourceImportTest, MismatchedStemsAreRefusedNamingTheStemAndWhatDiffers)
{
    CueImportRequest r;
    r.number = "1M02";
    r.stems = {stem("x_STR.wav"), stem("x_BRS.wav", 48000, 2, 4801)};
    try {
        importCue(r, session);
        FAIL();
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("x_BRS.wav"), std::string::npos) << what;
        EXPECT_NE(what.find("4801"), std::string::npos) << what;
    }
    r.stems = {stem("y_STR.wav"), stem("y_BRS.wav", 44100)};
    EXPECT_THROW(importCue(r, session), std::runtime_error);
    r.stems = {stem("z_STR.wav"), stem("z_BRS.wav", 48000, 2, 4800, int64_t{1})};
    EXPECT_THROW(importCue(r, session), std::runtime_error);
    r.stems = {stem("w_STR.wav", 48000, 3)};
    EXPECT_THROW(importCue(r, session), std::runtime_error);
}

TEST_F(SourceImportTest, WithoutTimestampOrStartTheCueIsRefused)
{
    CueImportRequest r;
    r.number = "1M03";
    r.stems = {stem("n_STR.wav", 48000, 2, 4800, std::nullopt)};
    EXPECT_THROW(importCue(r, session), std::runtime_error);
    r.startSample = 172972800;
    EXPECT_EQ(importCue(r, session).writtenStartSample, 172972800);
}

TEST_F(SourceImportTest, DialogueAtAnotherRateSitsAtItsTimestampConvertedToTheSessionRate)
{
    // 01:00:00:00 at 23.976 in 44.1 kHz samples, 2 s long.
    const int64_t tref44 = framesToSamples(86400, kFps23_976, 44100);
    const auto path = stem("dialogue.wav", 44100, 1, 88200, tref44);
    const DialogueSource d = importDialogueSource(path, session);
    EXPECT_EQ(d.startSample, 172972800);
    EXPECT_EQ(d.lengthSamples, 96000);
    EXPECT_EQ(d.fileSampleRate, 44100);
    EXPECT_THROW(importDialogueSource(path, session, 1), std::runtime_error);
}

TEST_F(SourceImportTest, DialogueWithoutTimestampSitsAtThePictureStart)
{
    const DialogueSource d =
        importDialogueSource(fs::path(CUESMITH_SHARED_DATA_DIR) / "speech/LJ050-0131.wav", session);
    EXPECT_EQ(d.startSample, 172972800);
    EXPECT_NEAR(static_cast<double>(d.lengthSamples) / 48000.0, 7.66, 0.02);
}

} // namespace
} // namespace cuesmith
