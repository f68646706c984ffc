#include "media/CueStretchEdit.h"

#include "TestAudioFiles.h"
#include "core/SessionEdits.h"
#include "media/AudioFileInfo.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;
using Quality = StretchRequest::Quality;

class CueStretchEditTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-stretch-edit-" + std::to_string(::getpid()));
        fs::remove_all(folder);
        fs::create_directories(folder);
        Cue cue;
        cue.number = "1M01";
        cue.startSample = cue.writtenStartSample = 172800000;
        cue.lengthSamples = 96000;
        cue.fileSampleRate = 48000;
        for (const char* name : {"STR", "BRS"}) {
            const fs::path path = folder / (std::string("1M01_Test_v1_") + name + ".wav");
            testing::writeTestWav(path, 48000, 2, 96000, cue.startSample, name[0] == 'S' ? 220.0 : 330.0);
            cue.stems.push_back(Stem{name, path.string(), ChannelLayout::Stereo});
            composers.push_back(path.string());
        }
        session = addCue(session, cue);
    }
    void TearDown() override { fs::remove_all(folder); }

    const Cue& cue(const Session& s) const { return *s.findCue("1M01"); }

    fs::path folder;
    Session session;
    std::vector<std::string> composers;
};

TEST_F(CueStretchEditTest, StretchingTwiceStretchesTheComposersFilesByTheWholeRatio)
{
    const Session once = applyCueStretch(session, "1M01", 1.02, folder / "cache", Quality::Render);
    const Session twice = applyCueStretch(once, "1M01", 1.02, folder / "cache", Quality::Render);
    const Cue& c = cue(twice);
    EXPECT_NEAR(c.appliedStretch, 1.0404, 1e-12);
    EXPECT_EQ(c.lengthSamples, std::llround(96000 * 1.0404));
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(c.stems[i].sourcePath, composers[i]);  // not the first stretch's file
        EXPECT_EQ(fs::path(c.stems[i].path).filename().string(),
                  fs::path(composers[i]).stem().string() + ".stretch-1.040400-r3.wav");
        EXPECT_EQ(readAudioFileInfo(c.stems[i].path).frames, c.lengthSamples);
    }
    EXPECT_FALSE(c.stretchIsPreview);
}

TEST_F(CueStretchEditTest, StretchingBackToOnePlaysTheComposersFilesAgain)
{
    const Session there = applyCueStretch(session, "1M01", 1.03, folder / "cache", Quality::Preview);
    const Session back = applyCueStretch(there, "1M01", 1.0 / 1.03, folder / "cache", Quality::Preview);
    const Cue& c = cue(back);
    EXPECT_EQ(c.appliedStretch, 1.0);
    EXPECT_EQ(c.lengthSamples, 96000);
    EXPECT_FALSE(c.stretchIsPreview);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(c.stems[i].path, composers[i]);
        EXPECT_TRUE(c.stems[i].sourcePath.empty());
    }
}

TEST_F(CueStretchEditTest, APreviewStretchIsDeliveredWithR3AndTheR3FilesAreKept)
{
    const Session preview = applyCueStretch(session, "1M01", 1.02, folder / "cache", Quality::Preview);
    EXPECT_TRUE(cue(preview).stretchIsPreview);
    EXPECT_NE(cue(preview).stems[0].path.find("-r2.wav"), std::string::npos);

    const Session& loaded = preview;
    std::vector<std::string> notes;
    const Session delivered = withDeliveryStretches(loaded, folder / "cache", notes);
    const Cue& c = cue(delivered);
    EXPECT_FALSE(c.stretchIsPreview);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0], "cue 1M01: its preview stretch is rendered with the finer engine (R3) for delivery");
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(fs::path(c.stems[i].path).filename().string(),
                  fs::path(composers[i]).stem().string() + ".stretch-1.020000-r3.wav");
        EXPECT_EQ(readAudioFileInfo(c.stems[i].path).frames, cue(preview).lengthSamples);  // same length as heard
    }
    const auto written = fs::last_write_time(c.stems[0].path);

    notes.clear();
    const Session again = withDeliveryStretches(loaded, folder / "cache", notes);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0], "cue 1M01: its preview stretch is taken from the cache with the finer engine (R3) for delivery");
    EXPECT_EQ(cue(again).stems[0].path, c.stems[0].path);
    EXPECT_EQ(fs::last_write_time(c.stems[0].path), written);

    // A render-quality stretch needs nothing more.
    notes.clear();
    withDeliveryStretches(session, folder / "cache", notes);
    EXPECT_TRUE(notes.empty());
}

} // namespace
} // namespace cuesmith
