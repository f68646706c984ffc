// Hearing conform splices in generated stems: a cut in the middle of a long held tone is inside a
// sustained note; a cut in a rest, right at a fresh onset or on a note's last fading instant is not.

#include "media/SpliceListening.h"

#include "../core/FeatureRecut.h"

#include "core/Conform.h"
#include "core/SessionEdits.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kRate = 48000;
constexpr int64_t kHour = 86400;  // 01:00:00:00 at 23.976
constexpr int64_t kFrame = 2002;  // samples per frame at 23.976 and 48 kHz
// The splice a conform of kThree to trimmedB() makes in a cue spotted at kHour + 120 frames.
constexpr int64_t kOut = 32 * kFrame;  // cue sample playing up to the splice
constexpr int64_t kIn = 80 * kFrame;   // cue sample playing from it
constexpr int64_t kLength = 140 * kFrame;

// A note with a few harmonics and a little vibrato (as a bowed or sung note has).
double note(double frequency, int64_t sample)
{
    const double t = static_cast<double>(sample) / static_cast<double>(kRate);
    const double phase = 2.0 * M_PI * frequency * t + 0.02 * std::sin(2.0 * M_PI * 5.5 * t) * frequency / 5.5;
    return std::sin(phase) + 0.5 * std::sin(2.0 * phase) + 0.25 * std::sin(3.0 * phase);
}

void writeStem(const fs::path& path, int channels, const std::function<double(int64_t)>& signal)
{
    SF_INFO info{};
    info.samplerate = static_cast<int>(kRate);
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << path;
    std::vector<float> frames(static_cast<size_t>(kLength * channels));
    for (int64_t i = 0; i < kLength; ++i)
        for (int c = 0; c < channels; ++c)
            frames[static_cast<size_t>(i * channels + c)] = static_cast<float>(signal(i));
    sf_writef_float(file, frames.data(), kLength);
    sf_close(file);
}

// One long held tone.
double heldTone(int64_t i) { return 0.2 * note(220.0, i); }

// The same tone with a 0.6 s rest around each side of the splice.
double toneWithRests(int64_t i)
{
    const int64_t rest = 14400;
    return std::llabs(i - kOut) < rest || std::llabs(i - kIn) < rest ? 0.0 : heldTone(i);
}

// Legato notes, each with an accent that fades to a held level, starting right on both sides of
// the splice: the level never drops, only the onsets mark the new notes.
double notesStartingAtTheSplice(int64_t i)
{
    const int64_t start = i < kOut ? 0 : i < kIn ? kOut : kIn;
    const double frequency = i < kOut ? 220.0 : i < kIn ? 330.0 : 247.0;
    const double since = static_cast<double>(i - start) / static_cast<double>(kRate);
    return (0.12 + 0.2 * std::exp(-since / 0.12)) * note(frequency, i);
}

// The held tone ending at the outgoing side: it fades out over 60 ms from there.
double toneEndingAtTheSplice(int64_t i)
{
    const double fade = 1.0 - static_cast<double>(i - kOut) / (0.06 * static_cast<double>(kRate));
    return heldTone(i) * std::clamp(fade, 0.0, 1.0);
}

class SpliceListening : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder_ = fs::temp_directory_path() / ("cuesmith-splice-" + std::to_string(::getpid()));
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    Cue cueWith(const std::string& name, const std::function<double(int64_t)>& signal, int channels = 2)
    {
        const fs::path path = folder_ / (name + "_STR.wav");
        writeStem(path, channels, signal);
        Cue cue;
        cue.number = "1M01";
        cue.stems = {Stem{"STR", path.string(), channels == 1 ? ChannelLayout::Mono : ChannelLayout::Stereo}};
        cue.startSample = framesToSamples(kHour + 120, kFps23_976, kRate);
        cue.writtenStartSample = cue.startSample;
        cue.lengthSamples = kLength;
        cue.fileSampleRate = static_cast<int>(kRate);
        return cue;
    }

    // Conforms a session holding `cue` from three shots to the cut where B002 loses its tail.
    ConformResult conformAndListen(const Cue& cue, const ConformOptions& options = {})
    {
        using testing::FeatureShot;
        const std::vector<FeatureShot> three{{"A001", 1000, 100}, {"B002", 5000, 100}, {"C003", 9000, 100}};
        const std::vector<FeatureShot> trimmed{{"A001", 1000, 100}, {"B002", 5000, 52}, {"C003", 9000, 100}};
        Session s;
        s.frameRate = kFps23_976;
        s.sampleRate = kRate;
        CutVersion v1{"v1", "", "", testing::backToBackCut(three, kFps23_976, kHour)};
        s = addCue(addCutVersion(s, v1), cue);
        CutVersion v2{"v2", "", "", testing::backToBackCut(trimmed, kFps23_976, kHour)};
        ConformResult r = conformSession(s, v2, options);
        problems_ = listenToSplices(r);
        return r;
    }

    fs::path folder_;
    std::vector<std::string> problems_;
};

TEST_F(SpliceListening, AHeldToneIsSustainedAcrossAnyPointInsideIt)
{
    CueListener listener(cueWith("held", heldTone), kRate);
    const SpliceSound sound = listener.hear(kOut);
    EXPECT_TRUE(sound.sustained);
    EXPECT_FALSE(sound.onsetSample.has_value());
    EXPECT_NEAR(sound.levelDb, -15.8, 1.5);  // 0.2 x a three-harmonic note: RMS 0.162
    // A cue that never rests still has a quiet level, well under its notes.
    EXPECT_NEAR(sound.quietLevelDb, sound.levelDb - 40.0, 3.0);
    EXPECT_TRUE(listener.hear(kIn).sustained);
}

TEST_F(SpliceListening, ARestIsNotASustainedNote)
{
    CueListener listener(cueWith("rests", toneWithRests, 1), kRate);
    const SpliceSound sound = listener.hear(kOut);
    EXPECT_FALSE(sound.sustained);
    EXPECT_TRUE(std::isinf(sound.levelDb) && sound.levelDb < 0.0);  // digital silence
    EXPECT_DOUBLE_EQ(sound.soundThresholdDb, -60.0);
    EXPECT_TRUE(listener.hear(3 * kOut / 2 + 20000).sustained);  // the tone between the rests is held
}

TEST_F(SpliceListening, AFreshOnsetAtThePointIsNotASustainedNote)
{
    CueListener listener(cueWith("onsets", notesStartingAtTheSplice), kRate);
    const SpliceSound atOnset = listener.hear(kIn);
    ASSERT_TRUE(atOnset.onsetSample.has_value());
    EXPECT_LE(std::llabs(*atOnset.onsetSample - kIn), kRate * 50 / 1000);
    EXPECT_GE(atOnset.levelDb, atOnset.soundThresholdDb);  // sound all the way through: only the onset clears it
    EXPECT_FALSE(atOnset.sustained);
    EXPECT_FALSE(listener.hear(kOut).sustained);
    // A quarter second into the same note, nothing starts: the note is held there.
    const SpliceSound midNote = listener.hear(kIn + kRate / 4);
    EXPECT_FALSE(midNote.onsetSample.has_value());
    EXPECT_TRUE(midNote.sustained);
}

TEST_F(SpliceListening, ANoteDecayingIntoSilenceAtThePointIsNotSustained)
{
    CueListener listener(cueWith("ending", toneEndingAtTheSplice), kRate);
    const SpliceSound sound = listener.hear(kOut);
    EXPECT_FALSE(sound.onsetSample.has_value());
    EXPECT_LT(sound.levelDb, sound.soundThresholdDb);
    EXPECT_FALSE(sound.sustained);
    EXPECT_TRUE(listener.hear(kOut - kRate / 2).sustained);  // half a second earlier it was held
}

TEST_F(SpliceListening, AConformSpliceInsideAHeldToneIsFlaggedWithTheNearestBarLines)
{
    ConformOptions bars;  // bar lines on both sides of the splice: only the held note is wrong
    bars.barLines = [](const Cue&) { return std::vector<int64_t>{0, kOut, kIn, 120 * kFrame}; };
    const ConformResult r = conformAndListen(cueWith("held", heldTone), bars);
    EXPECT_TRUE(problems_.empty());
    ASSERT_EQ(r.cues.at(0).splices.size(), 1u);
    const ConformSplice& splice = r.cues[0].splices[0];
    ASSERT_EQ(splice.outgoingSourceSample, kOut);
    ASSERT_EQ(splice.incomingSourceSample, kIn);
    EXPECT_EQ(splice.insideSustainedNote, true);
    EXPECT_TRUE(splice.needsMusicalFix);
    EXPECT_EQ(splice.fixReasons, std::vector<SpliceFixReason>{SpliceFixReason::InsideSustainedNote});
    ASSERT_TRUE(splice.outgoingSound && splice.incomingSound);
    EXPECT_TRUE(splice.outgoingSound->sustained && splice.incomingSound->sustained);
    ASSERT_TRUE(splice.incoming.has_value());
    EXPECT_EQ(splice.incoming->barBefore, kIn);
    EXPECT_EQ(splice.incoming->barAfter, 120 * kFrame);
    EXPECT_EQ(r.session.cues.at(0).attention,
              std::vector<std::string>{"splice at 01:00:06:08 cuts into a sustained note (cue sample 64064 into 160160)"});
}

TEST_F(SpliceListening, AConformSpliceInARestOrOnFreshOnsetsIsNotFlagged)
{
    for (const auto& [name, signal] :
         std::vector<std::pair<std::string, std::function<double(int64_t)>>>{{"rests", toneWithRests},
                                                                             {"onsets", notesStartingAtTheSplice}}) {
        const ConformResult r = conformAndListen(cueWith(name, signal));
        const ConformSplice& splice = r.cues.at(0).splices.at(0);
        EXPECT_EQ(splice.insideSustainedNote, false) << name;
        EXPECT_FALSE(splice.needsMusicalFix) << name;  // no bar lines known, nothing heard wrong
        EXPECT_EQ(r.session.cues.at(0).attention, std::vector<std::string>{"1 splice made without bar lines: check by ear"})
            << name;
    }
}

TEST_F(SpliceListening, AStemThatCannotBeReadLeavesTheSpliceUnheardAndSaysWhich)
{
    Cue cue = cueWith("held", heldTone);
    cue.stems[0].path = (folder_ / "gone_STR.wav").string();
    const ConformResult r = conformAndListen(cue);
    ASSERT_EQ(problems_.size(), 1u);
    EXPECT_NE(problems_[0].find("cue 1M01"), std::string::npos) << problems_[0];
    EXPECT_NE(problems_[0].find("gone_STR.wav"), std::string::npos) << problems_[0];
    const ConformSplice& splice = r.cues.at(0).splices.at(0);
    EXPECT_FALSE(splice.insideSustainedNote.has_value());
    EXPECT_FALSE(splice.outgoingSound.has_value());
    EXPECT_NE(r.cues[0].notes.back().find("not checked for sustained notes"), std::string::npos);
}

} // namespace
} // namespace cuesmith
