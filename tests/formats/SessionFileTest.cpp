#include "formats/SessionFile.h"

#include "core/SessionEdits.h"
#include "formats/AtomicFile.h"
#include "formats/EdlReader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

const char* kEdl = "TITLE: SCENE 12\n"
                   "FCM: NON-DROP FRAME\n\n"
                   "001  A001C003 V     C        14:22:10:05 14:22:14:17 01:00:00:00 01:00:04:12\n"
                   "* FROM CLIP NAME:  A001C003.MOV\n"
                   "* LOC: 01:00:02:00 RED     DOOR SLAM\n"
                   "002  A002C001 V     C        09:12:00:10 09:12:06:03 01:00:04:12 01:00:10:05\n";

class SessionFileTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-session-test-" + std::to_string(::getpid()) + "-"
                                              + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(folder);
        fs::create_directories(folder / "cues");
    }
    void TearDown() override { fs::remove_all(folder); }

    Session sampleSession() const
    {
        Session s;
        s.projectName = "Scene 12";
        s.frameRate = kFps23_976;
        s.sampleRate = 48000;
        CutVersion cut;
        cut.name = "v1";
        cut.sourcePath = (folder / "scene.edl").string();
        cut.edlText = kEdl;
        cut.edl = readEdl(kEdl, EdlReadOptions{kFps23_976, false});
        s = addCutVersion(s, cut);
        ReferenceMovie movie{(folder / "ref.mp4").string(), 172972800, 48000 * 60, true};
        s = setReferenceMovie(s, movie);
        DialogueSource d;
        d.name = "dialogue";
        d.path = "/elsewhere/dialogue.wav";
        d.startSample = 172972800;
        d.lengthSamples = 480000;
        d.fileSampleRate = 48000;
        d.channels = 6;
        d.channel = 2;
        s = addDialogueSource(s, d);
        Cue cue;
        cue.number = "1M01";
        cue.title = "Arrival";
        cue.version = "v1";
        cue.writtenStartSample = 172976804;
        cue.startSample = 172980806;
        cue.lengthSamples = 960000;
        cue.fileSampleRate = 48000;
        cue.stems = {{"STR", (folder / "cues/1M01_Arrival_v1_STR.wav").string(), ChannelLayout::Stereo},
                     {"BRS", (folder / "cues/1M01_Arrival_v1_BRS.wav").string(), ChannelLayout::Surround51}};
        cue.segments = {{0, 480000, 172980806, 0, 2400}, {600000, 360000, 172980806 + 477600, 2400, 4800}};
        cue.tempo = tempoMapFromBpm(96.0, 4, 4, 1200, cue.lengthSamples, 48000);
        cue.markers = {{"HIT", 548572}};
        return addCue(s, cue);
    }

    fs::path folder;
};

TEST_F(SessionFileTest, RoundTripsEveryField)
{
    const Session s = sampleSession();
    const fs::path path = folder / "scene.cuesmith";
    saveSession(s, path);
    const Session back = loadSession(path);

    EXPECT_EQ(back.projectName, s.projectName);
    EXPECT_EQ(back.frameRate, kFps23_976);
    EXPECT_EQ(back.sampleRate, 48000);
    EXPECT_EQ(back.pictureStartFrame, 86400);
    ASSERT_EQ(back.cuts.size(), 1u);
    EXPECT_EQ(back.cuts[0]->edlText, kEdl);
    EXPECT_EQ(back.cuts[0]->edl.events.size(), s.cuts[0]->edl.events.size());
    EXPECT_EQ(back.cuts[0]->edl.markers.size(), 1u);
    EXPECT_EQ(back.currentCut, 0);
    ASSERT_TRUE(back.movie);
    EXPECT_EQ(back.movie->path, s.movie->path);
    EXPECT_EQ(back.movie->startSample, 172972800);
    ASSERT_EQ(back.dialogue.size(), 1u);
    EXPECT_EQ(back.dialogue[0].path, "/elsewhere/dialogue.wav");
    EXPECT_EQ(back.dialogue[0].channel, 2);
    EXPECT_EQ(back.dialogue[0].channels, 6);
    ASSERT_EQ(back.cues.size(), 1u);
    EXPECT_EQ(back.cues[0].number, "1M01");
    EXPECT_EQ(back.cues[0].startSample, 172980806);
    EXPECT_EQ(back.cues[0].writtenStartSample, 172976804);
    EXPECT_EQ(back.cues[0].segments, s.cues[0].segments);
    EXPECT_EQ(back.cues[0].tempo, s.cues[0].tempo);
    EXPECT_EQ(back.cues[0].markers, s.cues[0].markers);
    ASSERT_EQ(back.cues[0].stems.size(), 2u);
    EXPECT_EQ(back.cues[0].stems[1].layout, ChannelLayout::Surround51);
    EXPECT_EQ(back.cues[0].stems[0].path, s.cues[0].stems[0].path);
    ASSERT_EQ(back.buses.size(), 2u);
    // Saving what was loaded gives the same bytes.
    EXPECT_EQ(sessionToJsonText(back, folder), sessionToJsonText(s, folder));
}

TEST_F(SessionFileTest, RoundTripsSpeechAndEveryBusMixSetting)
{
    Session s = sampleSession();
    s.detectedSpeech = {{172980000, 173000000, 0.75f}, {173100000, 173150000, 0.5f}};
    s.speechEdits = {{SpeechEdit::Kind::Remove, 173100000, 173120000}, {SpeechEdit::Kind::Add, 174000000, 174048000}};
    StemBus& bus = s.buses[0];
    bus.duck = {true, -7.5, 150.0, 900.0, 1500.0, 8.0, true};
    bus.eq = {false, 300.0, 2500.0, -6.0, true, true};
    bus.automation.volume = {{172972800, -3.0, AutomationCurve::Smooth}, {173020800, -9.5, AutomationCurve::Linear}};
    bus.automation.mute = {{173500000, true}, {173600000, false}};
    const fs::path path = folder / "mix.cuesmith";
    saveSession(s, path);
    const Session back = loadSession(path);
    EXPECT_EQ(back.detectedSpeech, s.detectedSpeech);
    EXPECT_EQ(back.speechEdits, s.speechEdits);
    EXPECT_EQ(back.buses[0].duck, bus.duck);
    EXPECT_EQ(back.buses[0].eq, bus.eq);
    EXPECT_EQ(back.buses[0].automation, bus.automation);
    EXPECT_EQ(back.buses[1].duck, s.buses[1].duck);
    EXPECT_EQ(sessionToJsonText(back, folder), sessionToJsonText(s, folder));
}

TEST_F(SessionFileTest, TheDialogueEqsLfeChoiceRoundTripsAndOlderSessionsLeaveTheLfeAlone)
{
    Session s = sampleSession();
    s.buses[1].eq.includeLfe = true;
    auto j = nlohmann::json::parse(sessionToJsonText(s, folder));
    EXPECT_EQ(j["buses"][1]["dialogue_eq"]["lfe"], true);
    EXPECT_EQ(j["buses"][0]["dialogue_eq"]["lfe"], false);
    EXPECT_TRUE(sessionFromJsonText(j.dump(), folder, "lfe.cuesmith").buses[1].eq.includeLfe);
    // A session written before the field existed reads as "leave the LFE alone".
    j["buses"][1]["dialogue_eq"].erase("lfe");
    EXPECT_FALSE(sessionFromJsonText(j.dump(), folder, "old.cuesmith").buses[1].eq.includeLfe);
    j["buses"][1]["dialogue_eq"]["lfe"] = "yes";
    try {
        sessionFromJsonText(j.dump(), folder, "lfe.cuesmith");
        FAIL() << "expected a refusal";
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find("buses[1].dialogue_eq.lfe"), std::string::npos) << e.what();
    }
}

TEST_F(SessionFileTest, AStretchKeepsTheComposersFilesAndItsPreviewMark)
{
    Session s = sampleSession();
    s.cues[0].stems[0].sourcePath = "/composer/1M01_Arrival_v2_STR.wav";
    s.cues[0].stems[0].path = "/cache/1M01_Arrival_v2_STR.stretch-1.020000-r2.wav";
    s.cues[0].appliedStretch = 1.02;
    s.cues[0].stretchIsPreview = true;
    const fs::path path = folder / "stretched.cuesmith";
    saveSession(s, path);
    const Session back = loadSession(path);
    EXPECT_EQ(back.cues[0].stems[0].sourcePath, "/composer/1M01_Arrival_v2_STR.wav");
    EXPECT_EQ(back.cues[0].stems[0].path, s.cues[0].stems[0].path);
    EXPECT_TRUE(back.cues[0].stems[1].sourcePath.empty());
    EXPECT_EQ(back.cues[0].appliedStretch, 1.02);
    EXPECT_TRUE(back.cues[0].stretchIsPreview);
}

TEST_F(SessionFileTest, FadeShapesRoundTripAndAnUnknownShapeIsRefusedByName)
{
    Session s = sampleSession();
    ASSERT_FALSE(s.cues[0].segments.empty());
    s.cues[0].segments[0].fadeInShape = FadeShape::SCurve;
    s.cues[0].segments[0].fadeOutShape = FadeShape::EqualGain;
    const fs::path path = folder / "shapes.cuesmith";
    saveSession(s, path);
    EXPECT_EQ(loadSession(path).cues[0].segments, s.cues[0].segments);

    std::string text = sessionToJsonText(s, folder);
    const size_t at = text.find("\"equal-gain\"");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 12, "\"exponential\"");
    std::ofstream(path) << text;
    try {
        loadSession(path);
        FAIL() << "loaded an unknown fade shape";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("fade_out_shape"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("equal-power"), std::string::npos) << e.what();
    }
}

TEST_F(SessionFileTest, PathsInsideTheSessionFolderAreStoredRelative)
{
    const std::string text = sessionToJsonText(sampleSession(), folder);
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["cues"][0]["stems"][0]["path"], "cues/1M01_Arrival_v1_STR.wav");
    EXPECT_EQ(j["dialogue"][0]["path"], "/elsewhere/dialogue.wav");
    EXPECT_EQ(j["format"], "cuesmith-session");
    EXPECT_EQ(j["version"], 1);
}

TEST_F(SessionFileTest, RefusesANewerVersionNamingTheField)
{
    auto j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["version"] = 7;
    try {
        sessionFromJsonText(j.dump(), folder, "future.cuesmith");
        FAIL() << "a newer version was read";
    } catch (const SessionFileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("future.cuesmith"), std::string::npos) << what;
        EXPECT_NE(what.find("'version'"), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

TEST_F(SessionFileTest, RefusesATruncatedFile)
{
    const std::string text = sessionToJsonText(sampleSession(), folder);
    for (size_t cut : {size_t{0}, size_t{1}, text.size() / 3, text.size() / 2, text.size() - 3}) {
        try {
            sessionFromJsonText(text.substr(0, cut), folder, "cut.cuesmith");
            FAIL() << "truncated at " << cut << " was read";
        } catch (const SessionFileError& e) {
            EXPECT_NE(std::string(e.what()).find("cut.cuesmith"), std::string::npos);
        }
    }
}

TEST_F(SessionFileTest, RefusesAWrongTypeNamingTheFieldPath)
{
    auto j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["cues"][0]["stems"][1]["path"] = 42;
    try {
        sessionFromJsonText(j.dump(), folder, "bad.cuesmith");
        FAIL() << "a number as a path was read";
    } catch (const SessionFileError& e) {
        EXPECT_EQ(std::string(e.what()), "bad.cuesmith: field 'cues[0].stems[1].path': expected a string");
    }
}

TEST_F(SessionFileTest, RefusesASegmentReachingPastTheEndOfItsCue)
{
    auto j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["cues"][0]["segments"][1]["length"] = 360001;
    try {
        sessionFromJsonText(j.dump(), folder, "seg.cuesmith");
        FAIL();
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find("cues[0].segments[1].length"), std::string::npos) << e.what();
    }
}

TEST_F(SessionFileTest, RefusesAnAbsurdDuckNamingTheField)
{
    auto j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["buses"][0]["duck"]["release_ms"] = 0;
    try {
        sessionFromJsonText(j.dump(), folder, "duck.cuesmith");
        FAIL() << "expected a refusal";
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find("buses[0].duck.release_ms"), std::string::npos) << e.what();
    }
}

TEST_F(SessionFileTest, RefusesOtherJsonAndMissingFields)
{
    EXPECT_THROW(sessionFromJsonText("[1,2,3]", folder, "x"), SessionFileError);
    EXPECT_THROW(sessionFromJsonText(R"({"format":"something-else","version":1})", folder, "x"), SessionFileError);
    auto j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j.erase("sample_rate");
    try {
        sessionFromJsonText(j.dump(), folder, "x.cuesmith");
        FAIL();
    } catch (const SessionFileError& e) {
        EXPECT_EQ(std::string(e.what()), "x.cuesmith: field 'sample_rate' is missing");
    }
    j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["frame_rate"] = "23.9";
    EXPECT_THROW(sessionFromJsonText(j.dump(), folder, "x"), SessionFileError);
    j = nlohmann::json::parse(sessionToJsonText(sampleSession(), folder));
    j["current_cut"] = 5;
    EXPECT_THROW(sessionFromJsonText(j.dump(), folder, "x"), SessionFileError);
}

TEST_F(SessionFileTest, RefusesANumberNoDoubleCanHold)
{
    // Found by the session fuzzer: nlohmann reports this as out_of_range, not a parse error.
    try {
        sessionFromJsonText(R"({"format":"cuesmith-session","version":4e8000})", folder, "huge.cuesmith");
        FAIL();
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find("huge.cuesmith"), std::string::npos);
    }
}

TEST_F(SessionFileTest, AFailedLoadLeavesNothingBehindAndAMissingFileSaysSo)
{
    try {
        loadSession(folder / "nope.cuesmith");
        FAIL();
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find("nope.cuesmith"), std::string::npos);
    }
}

TEST_F(SessionFileTest, SaveReplacesAtomicallyAndLeavesNoTemporaryFiles)
{
    const fs::path path = folder / "scene.cuesmith";
    saveSession(sampleSession(), path);
    Session renamed = sampleSession();
    renamed.projectName = "Scene 12 take 2";
    saveSession(renamed, path);
    EXPECT_EQ(loadSession(path).projectName, "Scene 12 take 2");
    int files = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        files += entry.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, 1);
}

} // namespace
} // namespace cuesmith
