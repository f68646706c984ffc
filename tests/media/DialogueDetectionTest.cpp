// Dialogue sources from movies (audio stream counted among audio streams, channel within it,
// placed at the movie's start timecode) and detection when a source is added, on real speech.
#include "media/DialogueDetection.h"
#include "media/SourceImport.h"

#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

const fs::path kSpeech = fs::path(CUESMITH_SHARED_DATA_DIR) / "speech/LJ050-0131.wav";  // 7.66 s
constexpr int64_t kMovieStartFrame = 86400 + 10 * 24;  // 01:00:10:00 at 23.976
constexpr int64_t kSpeechDelaySeconds = 2;

class DialogueDetectionTest : public ::testing::Test {
protected:
    // One guide movie for the whole suite: picture, then a mono 300 Hz tone (audio stream 1), then
    // a 5.1 mix whose centre alone carries real speech from 2 s on (audio stream 2); stamped
    // 01:00:10:00. And a movie with picture only.
    static void SetUpTestSuite()
    {
        folder = new fs::path(fs::temp_directory_path() / ("cuesmith-dialogue-" + std::to_string(::getpid())));
        fs::create_directories(*folder);
        ffmpeg("-f lavfi -i testsrc=size=64x48:rate=24000/1001:duration=12 "
               "-f lavfi -i sine=frequency=300:sample_rate=48000:duration=12 -i " + kSpeech.string() +
               " -filter_complex \"[2:a]aresample=48000,adelay=" + std::to_string(kSpeechDelaySeconds * 1000) +
               ",apad=whole_dur=12,pan=5.1|FC=c0[guide]\" -map 0:v -map 1:a -map \"[guide]\" "
               "-c:v mpeg4 -c:a pcm_s16le -timecode 01:00:10:00 " + guide().string());
        ffmpeg("-f lavfi -i testsrc=size=64x48:rate=24000/1001:duration=1 -c:v mpeg4 " + silentPicture().string());
    }
    static void TearDownTestSuite()
    {
        fs::remove_all(*folder);
        delete folder;
    }
    void SetUp() override
    {
        session.frameRate = kFps23_976;
        session.sampleRate = 48000;
        session.pictureStartFrame = 86400;
    }

    static void ffmpeg(const std::string& arguments)
    {
        const std::string command = "ffmpeg -nostdin -hide_banner -loglevel error -y " + arguments;
        ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
    static fs::path guide() { return *folder / "guide.mov"; }
    static fs::path silentPicture() { return *folder / "picture_only.mov"; }

    static inline fs::path* folder = nullptr;
    Session session;
};

TEST_F(DialogueDetectionTest, AMoviesSecondAudioStreamCentreChannelSitsAtTheMoviesStartTimecode)
{
    const DialogueSource d = importDialogueSource(guide(), session, 2, 1);
    EXPECT_EQ(d.ffmpegStream, 2);  // FFmpeg counts the picture stream too; we count audio streams
    EXPECT_EQ(d.channels, 6);
    EXPECT_EQ(d.channel, 2);
    EXPECT_EQ(d.fileSampleRate, 48000);
    EXPECT_EQ(d.startSample, framesToSamples(kMovieStartFrame, kFps23_976, 48000));
    EXPECT_NEAR(static_cast<double>(d.lengthSamples), 12.0 * 48000, 48000 * 0.1);

    const DialogueSource first = importDialogueSource(guide(), session);
    EXPECT_EQ(first.ffmpegStream, 1);
    EXPECT_EQ(first.channels, 1);
}

TEST_F(DialogueDetectionTest, NoSuchStreamOrChannelIsRefusedInOneLineNamingTheFile)
{
    try {
        importDialogueSource(guide(), session, 0, 2);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), guide().string() + ": has 2 audio stream(s), there is no stream 3");
    }
    EXPECT_THROW(importDialogueSource(guide(), session, 6, 1), std::runtime_error);
    try {
        importDialogueSource(silentPicture(), session);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), silentPicture().string() + ": has no audio stream to take the dialogue from");
    }
    // A plain audio file has one stream.
    EXPECT_THROW(importDialogueSource(kSpeech, session, 0, 1), std::runtime_error);
}

TEST_F(DialogueDetectionTest, TheCentreOfTheSecondAudioStreamCarriesTheSpeechAndTheLeftNone)
{
    const DetectedSpeech centre = detectSpeechInAudioStream(guide(), 2, 1);
    ASSERT_FALSE(centre.regions.empty());
    EXPECT_EQ(centre.sampleRate, 48000);
    EXPECT_NEAR(static_cast<double>(centre.regions.front().start) / 48000.0, 2.0, 0.25);
    EXPECT_NEAR(static_cast<double>(centre.regions.back().end) / 48000.0, 2.0 + 7.66, 0.4);
    EXPECT_TRUE(detectSpeechInAudioStream(guide(), 0, 1).regions.empty());  // silent left
    EXPECT_TRUE(detectSpeechInAudioStream(guide(), 0, 0).regions.empty());  // the tone
    EXPECT_THROW(detectSpeechInAudioStream(guide(), 0, 2), std::runtime_error);
}

TEST_F(DialogueDetectionTest, SessionDetectionPlacesMovieSpeechAtTheTimecodeAndHandEditsStillWin)
{
    session = addDialogueSource(session, importDialogueSource(guide(), session, 2, 1));
    const int64_t movieStart = framesToSamples(kMovieStartFrame, kFps23_976, 48000);
    // By hand: the first second of speech is not speech, and a second before the movie is.
    const int64_t speechStart = movieStart + kSpeechDelaySeconds * 48000;
    session.speechEdits.push_back({SpeechEdit::Kind::Remove, speechStart - 48000, speechStart + 48000});
    session.speechEdits.push_back({SpeechEdit::Kind::Add, movieStart - 96000, movieStart - 48000});
    session.detectedSpeech.push_back({0, 48000, 1.0f});  // stale: replaced, not kept

    const SessionSpeechDetection detected = detectSpeechInSession(session);
    ASSERT_EQ(detected.perSource.size(), 1u);
    ASSERT_FALSE(detected.perSource[0].empty());
    EXPECT_EQ(detected.session.detectedSpeech, detected.perSource[0]);
    EXPECT_NEAR(static_cast<double>(detected.session.detectedSpeech.front().start - movieStart) / 48000.0,
                static_cast<double>(kSpeechDelaySeconds), 0.25);
    EXPECT_EQ(detected.session.speechEdits, session.speechEdits);

    const auto speech = detected.session.speech();
    ASSERT_GE(speech.size(), 2u);
    EXPECT_EQ(speech.front().start, movieStart - 96000);
    EXPECT_EQ(speech.front().end, movieStart - 48000);
    EXPECT_GE(speech[1].start, speechStart + 48000);  // the removed second stays free of speech
}

TEST_F(DialogueDetectionTest, SilentDialogueGivesNoRegions)
{
    session = addDialogueSource(session, importDialogueSource(guide(), session, 0, 1));  // silent left
    const SessionSpeechDetection detected = detectSpeechInSession(session);
    ASSERT_EQ(detected.perSource.size(), 1u);
    EXPECT_TRUE(detected.perSource[0].empty());
    EXPECT_TRUE(detected.session.detectedSpeech.empty());
}

} // namespace
} // namespace cuesmith
