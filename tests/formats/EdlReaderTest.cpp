// The CMX3600 reader against OpenTimelineIO's sample lists (facts read off the files by eye),
// small inline lists for each feature and quirk, and a generated feature-length reel.

#include "formats/EdlReader.h"

#include "core/Timecode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#ifndef CUESMITH_SHARED_DATA_DIR
#error "CUESMITH_SHARED_DATA_DIR must name the shared data folder (the one holding edl/otio/)"
#endif

namespace cuesmith {
namespace {

const std::filesystem::path kOtioDir =
    std::filesystem::path(CUESMITH_SHARED_DATA_DIR) / "edl" / "otio";

Edl readSample(const char* name, const EdlReadOptions& options = {})
{
    return readEdlFile(kOtioDir / name, options);
}

bool hasWarningAt(const Edl& edl, int line, const std::string& fragment)
{
    return std::any_of(edl.warnings.begin(), edl.warnings.end(), [&](const EdlWarning& w) {
        return w.line == line && w.message.find(fragment) != std::string::npos;
    });
}

bool hasComment(const EdlEvent& event, const std::string& text)
{
    return std::find(event.comments.begin(), event.comments.end(), text) != event.comments.end();
}

// ---------------------------------------------------------------------------------------------
// OpenTimelineIO sample lists

TEST(EdlReader, ReadsEveryOtioSampleLenientlyWithoutThrowing)
{
    ASSERT_TRUE(std::filesystem::is_directory(kOtioDir)) << kOtioDir;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kOtioDir)) {
        if (entry.path().extension() != ".edl")
            continue;
        ++files;
        Edl edl;
        EXPECT_NO_THROW(edl = readEdlFile(entry.path())) << entry.path();
        EXPECT_FALSE(edl.events.empty()) << entry.path();
    }
    EXPECT_EQ(files, 18);
}

TEST(EdlReader, ReadsAvidExampleWithClipNamesAndFromClipPaths)
{
    const Edl edl = readSample("avid_example.edl");
    EXPECT_EQ(edl.title, "Avid_Example.01");
    EXPECT_EQ(edl.rate, kFps24);  // no FCM, all frame fields below 24
    EXPECT_TRUE(edl.warnings.empty());
    ASSERT_EQ(edl.events.size(), 2u);
    const EdlEvent& first = edl.events[0];
    EXPECT_EQ(first.number, "001");
    EXPECT_EQ(first.reel, "ZZ100_50");
    EXPECT_EQ(first.channels, "V");
    EXPECT_EQ(first.transition, EdlTransition::Cut);
    EXPECT_EQ(first.transitionCode, "C");
    EXPECT_EQ(first.sourceIn, "01:00:04:05");
    EXPECT_EQ(first.recordIn, "00:59:53:11");
    EXPECT_EQ(first.recordInFrame, 86243);  // (59*60+53)*24 + 11
    EXPECT_EQ(first.recordOutFrame, 86274);
    EXPECT_EQ(first.clipName, "take_1");
    EXPECT_EQ(first.sourceFile, "S:\\path\\to\\ZZ100_501.take_1.0001.exr");
    EXPECT_EQ(first.line, 2);
    EXPECT_EQ(edl.events[1].clipName, "take_2");
    EXPECT_EQ(edl.events[1].recordOut, "00:59:56:20");
}

TEST(EdlReader, GuessesTwentyFiveFpsWhenFrameFieldsReachTwentyFour)
{
    const Edl edl = readSample("25fps.edl");
    EXPECT_EQ(edl.title, "SQ0002_A2");
    EXPECT_EQ(edl.rate, kFps25);
    ASSERT_EQ(edl.warnings.size(), 1u);
    EXPECT_EQ(edl.warnings[0].line, 13);  // "01:00:01:24" of event 004
    EXPECT_NE(edl.warnings[0].message.find("25"), std::string::npos);
    ASSERT_EQ(edl.events.size(), 4u);
    EXPECT_EQ(edl.events[3].recordOut, "00:00:19:21");
    EXPECT_EQ(edl.events[3].recordOutFrame, 19 * 25 + 21);
    EXPECT_EQ(edl.events[3].sourceOutFrame - edl.events[3].sourceInFrame, 49);  // 1 s + 24 f
    EXPECT_EQ(edl.events[0].clipName, "sq001_s001");
    EXPECT_TRUE(hasComment(edl.events[0], "sq001_s001"));
}

TEST(EdlReader, ReadsTwentyFiveFpsListSilentlyWhenTheRateIsGiven)
{
    EdlReadOptions options;
    options.rate = kFps25;
    const Edl edl = readSample("25fps.edl", options);
    EXPECT_TRUE(edl.warnings.empty());
    EXPECT_EQ(edl.events.size(), 4u);
}

TEST(EdlReader, SkipsOnlyTheEventWhoseTimecodeDoesNotExistAtTheGivenRate)
{
    EdlReadOptions options;
    options.rate = kFps24;
    const Edl edl = readSample("25fps.edl", options);
    ASSERT_EQ(edl.events.size(), 3u);
    EXPECT_EQ(edl.events[2].number, "003");
    EXPECT_TRUE(hasWarningAt(edl, 13, "01:00:01:24"));
}

TEST(EdlReader, ReadsAscCdlCommentsOfBothSpellingsAsText)
{
    const Edl edl = readSample("cdl.edl");
    ASSERT_EQ(edl.events.size(), 2u);
    const EdlEvent& first = edl.events[0];
    EXPECT_EQ(first.reel, "AX");
    EXPECT_EQ(first.auxName, "ZZ100_501 (LAY3)");
    EXPECT_EQ(first.clipName, "ZZ100_501 (LAY3)");
    EXPECT_EQ(first.sourceFile, "ZZ100_501.LAY3.01");
    EXPECT_TRUE(hasComment(first, "ASC_SOP (0.1 0.2 0.3) (1.0 -0.0122 0.0305) (1.0 0.0 1.0)"));
    EXPECT_TRUE(hasComment(first, "ASC_SAT 0.9"));
    EXPECT_TRUE(hasComment(edl.events[1],
                           "ASC_SOP: (0.1 0.2 0.3) (1.0 -0.0122 0.0305) (1.0 0.0 1.0)"));
    EXPECT_TRUE(hasComment(edl.events[1], "ASC_SAT: 0.9"));
    EXPECT_EQ(edl.events[1].recordIn, "00:00:01:07");
    EXPECT_EQ(edl.events[1].recordInFrame, 31);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsTwoLineDissolveAsTwoEventsWithOneNumber)
{
    const Edl edl = readSample("dissolve_test.edl");
    EXPECT_FALSE(edl.dropFrame);
    ASSERT_EQ(edl.events.size(), 4u);
    const EdlEvent& outgoing = edl.events[1];
    const EdlEvent& incoming = edl.events[2];
    EXPECT_EQ(outgoing.number, "002");
    EXPECT_EQ(incoming.number, "002");
    EXPECT_EQ(outgoing.transition, EdlTransition::Cut);
    EXPECT_EQ(outgoing.recordInFrame, outgoing.recordOutFrame);  // zero length
    EXPECT_EQ(incoming.transition, EdlTransition::Dissolve);
    EXPECT_EQ(incoming.transitionCode, "D");
    EXPECT_EQ(incoming.transitionFrames, 10);
    EXPECT_EQ(incoming.recordIn, "01:00:00:09");
    EXPECT_EQ(incoming.recordInFrame, 86409);
    EXPECT_EQ(incoming.recordOutFrame, 86419);
    EXPECT_EQ(outgoing.clipName, "clip_A");  // FROM CLIP NAME names the outgoing line
    EXPECT_EQ(incoming.clipName, "clip_B");  // TO CLIP NAME names the incoming line
    EXPECT_EQ(incoming.toClipName, "clip_B");
    EXPECT_TRUE(hasComment(incoming, "BLEND, DISSOLVE"));
    EXPECT_EQ(edl.events[3].clipName, "clip_B");
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsSecondDissolveSampleRecordTimes)
{
    const Edl edl = readSample("dissolve_test_2.edl");
    ASSERT_EQ(edl.events.size(), 4u);
    EXPECT_EQ(edl.events[2].transitionFrames, 10);
    EXPECT_EQ(edl.events[2].recordInFrame, 86405);
    EXPECT_EQ(edl.events[2].recordOutFrame, 86415);
    EXPECT_EQ(edl.events[3].recordOut, "01:00:00:20");
    EXPECT_EQ(edl.events[3].recordOutFrame, 86420);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsCrLfDissolveWithFcmBetweenItsLinesAndAuxClipNames)
{
    const Edl edl = readSample("dissolve_test_3.edl");
    EXPECT_EQ(edl.title, "dissolve test 3");  // no stray '\r'
    ASSERT_EQ(edl.events.size(), 4u);
    EXPECT_EQ(edl.events[0].auxName, "Clip_A.mov");
    EXPECT_EQ(edl.events[1].auxName, "Clip_B.mov");
    EXPECT_EQ(edl.events[2].auxName, "Clip_C.mov");
    EXPECT_EQ(edl.events[2].transition, EdlTransition::Dissolve);
    EXPECT_EQ(edl.events[2].transitionFrames, 30);
    EXPECT_EQ(edl.events[2].line, 9);
    EXPECT_EQ(edl.events[2].recordInFrame, 86461);   // 01:00:02:13
    EXPECT_EQ(edl.events[2].recordOutFrame, 86491);  // 01:00:03:19
    EXPECT_TRUE(hasComment(edl.events[2], "EFFECTS NAME IS CROSS DISSOLVE"));
    EXPECT_EQ(edl.events[3].auxName, "Clip_D.mov");
    EXPECT_EQ(edl.events[3].recordOut, "01:00:05:17");
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsBackToBackDissolvesAndAJumpInEventNumbers)
{
    const Edl edl = readSample("dissolve_test_4.edl");
    EXPECT_EQ(edl.title, "TRANSITION_TEST_2");
    ASSERT_EQ(edl.events.size(), 8u);
    EXPECT_EQ(edl.events[3].number, "003");
    EXPECT_EQ(edl.events[3].reel, "ABC0020.");
    EXPECT_EQ(edl.events[3].transitionFrames, 35);
    EXPECT_EQ(edl.events[5].number, "004");
    EXPECT_EQ(edl.events[5].transitionFrames, 64);
    EXPECT_EQ(edl.events[5].recordOut, "01:04:21:23");
    EXPECT_EQ(edl.events[7].number, "060");
    EXPECT_EQ(edl.events[7].recordOutFrame, (3600 + 4 * 60 + 31) * 24 + 14);
    EXPECT_FALSE(edl.events[0].clipName.has_value());
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsClipNamesWrittenWithoutTheStarAndKeepsGaps)
{
    const Edl edl = readSample("gap_test.edl");
    ASSERT_EQ(edl.events.size(), 3u);
    EXPECT_EQ(edl.events[0].clipName, "shot1");
    EXPECT_EQ(edl.events[1].clipName, "shot2");
    EXPECT_EQ(edl.events[1].sourceIn, "23:00:00:00");
    EXPECT_EQ(edl.events[1].recordInFrame, 40);  // 00:00:01:16, a gap after event 001
    EXPECT_EQ(edl.events[2].recordInFrame, 4 * 24 + 6);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, AddsAvidAudLineChannelsToTheEventAbove)
{
    const Edl edl = readSample("multi_audio.edl");
    ASSERT_EQ(edl.events.size(), 1u);
    EXPECT_EQ(edl.events[0].channels, "AA/A3");
    EXPECT_TRUE(edl.events[0].isAudio());
    EXPECT_FALSE(edl.events[0].isVideo());
    EXPECT_EQ(edl.events[0].auxName, "AX");
    EXPECT_EQ(edl.events[0].recordOutFrame, (56 * 60 + 55) * 24 + 22);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsCommentsWithoutASpaceAfterTheStar)
{
    const Edl edl = readSample("no_spaces_test.edl");
    EXPECT_EQ(edl.title, "Example_Screening.01");
    ASSERT_EQ(edl.events.size(), 9u);
    EXPECT_EQ(edl.events[0].clipName, "ZZ100_501 (LAY3)");
    EXPECT_EQ(edl.events[0].sourceFile, "ZZ100_501.LAY3.01");
    EXPECT_EQ(edl.events[8].reel, "ZZ100_51");
    EXPECT_EQ(edl.events[8].clipName, "ZZ100_510B (LAY1)");
    EXPECT_TRUE(hasComment(edl.events[8], "AVX2 EFFECT, RESIZE"));
    EXPECT_EQ(edl.events[8].recordOutFrame, (3600 + 37) * 24 + 4);
    ASSERT_EQ(edl.markers.size(), 3u);
    EXPECT_EQ(edl.markers[0].timecode, "01:00:01:14");
    EXPECT_EQ(edl.markers[0].frame, 86400 + 24 + 14);
    EXPECT_EQ(edl.markers[0].color, "RED");
    EXPECT_EQ(edl.markers[0].name, "ANIM FIX NEEDED");
    EXPECT_EQ(edl.markers[0].line, 14);
    EXPECT_EQ(edl.markers[1].color, "PINK");
    EXPECT_EQ(edl.markers[2].color, "GREEN");
    EXPECT_EQ(edl.markers[2].name, "");
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsScreeningListWithBlankLinesInsideEventsLikeItsCompactTwin)
{
    const Edl spaced = readSample("screening_example.edl");
    const Edl compact = readSample("no_spaces_test.edl");
    ASSERT_EQ(spaced.events.size(), compact.events.size());
    for (size_t i = 0; i < spaced.events.size(); ++i) {
        EXPECT_EQ(spaced.events[i].clipName, compact.events[i].clipName);
        EXPECT_EQ(spaced.events[i].sourceFile, compact.events[i].sourceFile);
        EXPECT_EQ(spaced.events[i].recordInFrame, compact.events[i].recordInFrame);
        EXPECT_EQ(spaced.events[i].recordOutFrame, compact.events[i].recordOutFrame);
    }
    ASSERT_EQ(spaced.markers.size(), 3u);
    EXPECT_EQ(spaced.markers[2].timecode, "01:00:15:13");
    EXPECT_EQ(spaced.events[0].sourceFile, "ZZ100_501.LAY3.01");  // after two blank lines
    EXPECT_TRUE(spaced.warnings.empty());
}

TEST(EdlReader, ReadsNucodaFromFileAsSourceFile)
{
    const Edl edl = readSample("nucoda_example.edl");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_EQ(edl.events[1].sourceFile, "S:\\path\\to\\ZZ100_502A.take_2.0101.exr");
    EXPECT_EQ(edl.events[1].clipName, "take_2");
}

TEST(EdlReader, NamesPremiereAuxReelsAfterTheirClips)
{
    const Edl edl = readSample("premiere_example.edl");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_EQ(edl.events[0].reel, "AX");
    EXPECT_EQ(edl.events[0].auxName, "ZZ100_501.take_1.0001.exr");
    EXPECT_EQ(edl.events[1].auxName, "ZZ100_502A.take_2.0101.exr");
    EXPECT_EQ(edl.events[1].recordInFrame, 86274);
}

TEST(EdlReader, ReadsFreezeFramesAndVariSpeedFromSmallSpeedList)
{
    const Edl edl = readSample("speed_effects_small.edl");
    ASSERT_EQ(edl.events.size(), 5u);
    EXPECT_FALSE(edl.events[0].speed.has_value());
    EXPECT_EQ(edl.events[1].speed, 0.0);  // freeze: one source frame held for 17
    EXPECT_EQ(edl.events[1].sourceOutFrame - edl.events[1].sourceInFrame, 1);
    EXPECT_EQ(edl.events[1].recordOutFrame - edl.events[1].recordInFrame, 17);
    EXPECT_TRUE(hasComment(edl.events[1], "* FREEZE FRAME"));
    EXPECT_EQ(edl.events[2].speed, 0.0);
    EXPECT_FALSE(edl.events[3].speed.has_value());
    EXPECT_DOUBLE_EQ(*edl.events[4].speed, 47.6);
    EXPECT_EQ(edl.events[4].clipName, "Z686_5A (LAY2) (47.56 FPS)");
    EXPECT_TRUE(edl.warnings.empty());  // speeds explain the length differences
}

TEST(EdlReader, ReadsTheLongSpeedEffectsListWithSixDigitEventNumbers)
{
    const Edl edl = readSample("speed_effects.edl");
    ASSERT_EQ(edl.events.size(), 548u);
    EXPECT_EQ(edl.events[0].number, "000001");
    EXPECT_EQ(edl.events.back().number, "000548");
    EXPECT_EQ(edl.events.back().reel, "700_EPIL");
    EXPECT_EQ(edl.events.back().clipName, "LG_BLACK239 (REN2)");
    EXPECT_EQ(edl.events.back().recordOutFrame, (3600 + 21 * 60 + 3) * 24 + 18);
    const auto speeds = std::count_if(edl.events.begin(), edl.events.end(),
                                      [](const EdlEvent& e) { return e.speed.has_value(); });
    EXPECT_EQ(speeds, 17);
    const auto event474 = std::find_if(edl.events.begin(), edl.events.end(),
                                       [](const EdlEvent& e) { return e.number == "000474"; });
    ASSERT_NE(event474, edl.events.end());
    EXPECT_DOUBLE_EQ(*event474->speed, 68.0);
    EXPECT_EQ(event474->recordInFrame, (3600 + 17 * 60 + 20) * 24 + 4);
    EXPECT_EQ(edl.events[525].number, "000526");
    EXPECT_DOUBLE_EQ(*edl.events[525].speed, 52.6);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, WarnsAboutMismatchedLengthsButKeepsEveryEvent)
{
    const Edl edl = readSample("timecode_mismatch.edl");
    ASSERT_EQ(edl.events.size(), 20u);
    EXPECT_EQ(edl.rate, kFps25);  // frame fields up to :24
    ASSERT_EQ(edl.warnings.size(), 5u);
    EXPECT_TRUE(hasWarningAt(edl, 13, "does not fit 24 fps"));
    EXPECT_TRUE(hasWarningAt(edl, 13, "source is 49 frames but record is 47 frames"));  // 004
    EXPECT_TRUE(hasWarningAt(edl, 16, "source is 31 frames but record is 56 frames"));  // 005
    EXPECT_TRUE(hasWarningAt(edl, 28, "event 009"));
    EXPECT_TRUE(hasWarningAt(edl, 31, "event 010"));
    EXPECT_EQ(edl.events[13].clipName, "sq001_s0020");
    EXPECT_EQ(edl.events[19].recordOutFrame, 71 * 25 + 14);
}

TEST(EdlReader, ReadsDissolveLengthOnCrLfListWithTrailingBlanks)
{
    const Edl edl = readSample("transition_duration.edl");
    ASSERT_EQ(edl.events.size(), 5u);
    EXPECT_EQ(edl.events[3].reel, "ABC0300.");
    EXPECT_EQ(edl.events[3].transitionFrames, 26);
    EXPECT_EQ(edl.events[3].recordInFrame, 87752);   // 01:00:56:08
    EXPECT_EQ(edl.events[3].recordOutFrame, 87825);  // 01:00:59:09
    EXPECT_EQ(edl.events[4].recordOut, "01:01:05:20");
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsWipeCodeAndItsLength)
{
    const Edl edl = readSample("wipe_test.edl");
    ASSERT_EQ(edl.events.size(), 4u);
    EXPECT_EQ(edl.events[2].transition, EdlTransition::Wipe);
    EXPECT_EQ(edl.events[2].transitionCode, "W001");
    EXPECT_EQ(edl.events[2].transitionFrames, 10);
    EXPECT_EQ(edl.events[2].clipName, "clip_B");
    EXPECT_EQ(edl.events[1].clipName, "clip_A");
}

// ---------------------------------------------------------------------------------------------
// Features on small inline lists

TEST(EdlReader, ReadsTheDomainExampleWithMarkerAndDissolve)
{
    const Edl edl = readEdl("TITLE: REEL 1 LOCK V12\n"
                            "FCM: NON-DROP FRAME\n"
                            "\n"
                            "001  A003C012 V     C        14:22:10:05 14:22:14:17 01:00:00:00 01:00:04:12\n"
                            "* FROM CLIP NAME:  A003C012_230911_R1AB.MOV\n"
                            "002  A004C003 V     C        15:01:02:00 15:01:02:00 01:00:04:12 01:00:04:12\n"
                            "002  A005C001 V     D    024 09:12:00:10 09:12:06:03 01:00:04:12 01:00:10:05\n"
                            "* FROM CLIP NAME:  A004C003.MOV\n"
                            "* TO CLIP NAME:  A005C001.MOV\n"
                            "* LOC: 01:00:06:12 RED     DOOR SLAM\n");
    EXPECT_EQ(edl.title, "REEL 1 LOCK V12");
    ASSERT_EQ(edl.events.size(), 3u);
    EXPECT_EQ(edl.events[0].clipName, "A003C012_230911_R1AB.MOV");
    EXPECT_EQ(edl.events[1].clipName, "A004C003.MOV");
    EXPECT_EQ(edl.events[2].clipName, "A005C001.MOV");
    EXPECT_EQ(edl.events[2].transitionFrames, 24);
    EXPECT_EQ(edl.events[2].recordOutFrame, 86400 + 10 * 24 + 5);
    ASSERT_EQ(edl.markers.size(), 1u);
    EXPECT_EQ(edl.markers[0].frame, 86400 + 6 * 24 + 12);
    EXPECT_EQ(edl.markers[0].color, "RED");
    EXPECT_EQ(edl.markers[0].name, "DOOR SLAM");
    EXPECT_EQ(edl.markers[0].line, 10);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsLongModernReelNamesBlackAndAux)
{
    const Edl edl = readEdl(
        "001  BL       V     C        00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00\n"
        "002  A003C012_230911_R1AB_VFX_010_v12 V     C        14:22:10:05 14:22:14:17 01:00:02:00 01:00:06:12\n"
        "003  AX       V     C        00:00:00:00 00:00:01:00 01:00:06:12 01:00:07:12\n"
        "* AX: TITLE_CARD_v3.mov\n"
        "* FROM CLIP NAME:  Title card\n");
    ASSERT_EQ(edl.events.size(), 3u);
    EXPECT_EQ(edl.events[0].reel, "BL");
    EXPECT_EQ(edl.events[1].reel, "A003C012_230911_R1AB_VFX_010_v12");
    EXPECT_EQ(edl.events[2].reel, "AX");
    EXPECT_EQ(edl.events[2].auxName, "TITLE_CARD_v3.mov");  // the AX comment wins over the clip
    EXPECT_EQ(edl.events[2].clipName, "Title card");
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsEveryChannelForm)
{
    const std::vector<std::string> forms{"V",  "A",   "A2",   "AA",   "AA/V", "B",
                                         "A3", "A12", "A2/V", "NONE", "A3/A4"};
    std::string text;
    int64_t record = 86400;
    for (size_t i = 0; i < forms.size(); ++i) {
        char line[160];
        std::snprintf(line, sizeof line,
                      "%03zu  REEL%02zu   %-5s C        10:00:00:00 10:00:01:00 %s %s\n", i + 1,
                      i, forms[i].c_str(), formatFrames(record, kFps24).c_str(),
                      formatFrames(record + 24, kFps24).c_str());
        text += line;
        record += 24;
    }
    const Edl edl = readEdl(text);
    ASSERT_EQ(edl.events.size(), forms.size());
    for (size_t i = 0; i < forms.size(); ++i)
        EXPECT_EQ(edl.events[i].channels, forms[i]);
    EXPECT_TRUE(edl.events[4].isVideo());
    EXPECT_TRUE(edl.events[4].isAudio());
    EXPECT_TRUE(edl.events[5].isVideo());  // B is both
    EXPECT_FALSE(edl.events[9].isVideo());
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsEveryTransitionCodeAndLength)
{
    const Edl edl = readEdl(
        "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
        "002  R2 V D    024 10:00:00:00 10:00:01:00 01:00:01:00 01:00:02:00\n"
        "003  R3 V W001 010 10:00:00:00 10:00:01:00 01:00:02:00 01:00:03:00\n"
        "004  R4 V W 002 015 10:00:00:00 10:00:01:00 01:00:03:00 01:00:04:00\n"
        "005  R5 V W    012 10:00:00:00 10:00:01:00 01:00:04:00 01:00:05:00\n"
        "006  R6 V K        10:00:00:00 10:00:01:00 01:00:05:00 01:00:06:00\n"
        "007  R7 V KB   008 10:00:00:00 10:00:01:00 01:00:06:00 01:00:07:00\n"
        "008  R8 V KO   005 10:00:00:00 10:00:01:00 01:00:07:00 01:00:08:00\n"
        "009  R9 V C    000 10:00:00:00 10:00:01:00 01:00:08:00 01:00:09:00\n");
    ASSERT_EQ(edl.events.size(), 9u);
    const std::vector<std::tuple<EdlTransition, std::string, int>> expected{
        {EdlTransition::Cut, "C", 0},        {EdlTransition::Dissolve, "D", 24},
        {EdlTransition::Wipe, "W001", 10},   {EdlTransition::Wipe, "W002", 15},
        {EdlTransition::Wipe, "W", 12},      {EdlTransition::Key, "K", 0},
        {EdlTransition::KeyBackground, "KB", 8}, {EdlTransition::KeyOut, "KO", 5},
        {EdlTransition::Cut, "C", 0}};
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(edl.events[i].transition, std::get<0>(expected[i])) << i;
        EXPECT_EQ(edl.events[i].transitionCode, std::get<1>(expected[i])) << i;
        EXPECT_EQ(edl.events[i].transitionFrames, std::get<2>(expected[i])) << i;
    }
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, KeepsAnUnknownEffectAsACutWithAWarning)
{
    const Edl edl = readEdl("001  R1 V R        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n");
    ASSERT_EQ(edl.events.size(), 1u);
    EXPECT_EQ(edl.events[0].transition, EdlTransition::Cut);
    EXPECT_EQ(edl.events[0].transitionCode, "R");
    EXPECT_TRUE(hasWarningAt(edl, 1, "unknown transition"));
}

TEST(EdlReader, AttachesM2SpeedToTheEventWithItsReelInTheSameEventNumber)
{
    const Edl edl = readEdl(
        "001  A004C003 V     C        15:01:02:00 15:01:02:00 01:00:04:12 01:00:04:12\n"
        "001  A005C001 V     D    024 09:12:00:10 09:12:12:06 01:00:04:12 01:00:10:05\n"
        "M2   A005C001       048.0                09:12:00:10\n"
        "002  A006C001 V     C        09:00:00:00 09:00:02:00 01:00:10:05 01:00:14:05\n"
        "M2   SOMEOTHER      -012.0               09:00:02:00\n");
    ASSERT_EQ(edl.events.size(), 3u);
    EXPECT_FALSE(edl.events[0].speed.has_value());
    ASSERT_TRUE(edl.events[1].speed.has_value());
    EXPECT_DOUBLE_EQ(*edl.events[1].speed, 48.0);
    // No event of that reel: the M2 belongs to the event above it. Negative runs backwards.
    ASSERT_TRUE(edl.events[2].speed.has_value());
    EXPECT_DOUBLE_EQ(*edl.events[2].speed, -12.0);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, AttachesM2ToTheMatchingLineWhenBothDissolveLinesShareAReel)
{
    const Edl edl = readEdl(
        "003  ABC0200. V     C        01:00:14:09 01:00:14:09 01:00:56:08 01:00:56:08\n"
        "003  ABC0200. V     D    026 01:00:10:08 01:00:16:14 01:00:56:08 01:00:59:09\n"
        "M2   ABC0200.       050.0                01:00:10:08\n");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_FALSE(edl.events[0].speed.has_value());
    EXPECT_DOUBLE_EQ(*edl.events[1].speed, 50.0);
}

TEST(EdlReader, ReadsMarkersWithAndWithoutAColourWord)
{
    const Edl edl = readEdl(
        "001  R1 V C        10:00:00:00 10:00:10:00 01:00:00:00 01:00:10:00\n"
        "* LOC: 01:00:06:12 RED     DOOR SLAM\n"
        "* LOC: 01:00:07:00 LOOK AT  HER\n"
        "*LOC: 01:00:08:00 cyan\n"
        "* LOC: 1:00:08:00 BROKEN\n");
    ASSERT_EQ(edl.markers.size(), 3u);
    EXPECT_EQ(edl.markers[0].name, "DOOR SLAM");
    EXPECT_EQ(edl.markers[1].color, "");
    EXPECT_EQ(edl.markers[1].name, "LOOK AT  HER");
    EXPECT_EQ(edl.markers[2].color, "cyan");
    EXPECT_EQ(edl.markers[2].frame, 86400 + 8 * 24);
    EXPECT_TRUE(hasWarningAt(edl, 5, "LOC"));
}

TEST(EdlReader, KeepsUnknownCommentsAndPremiereAvidNoteLinesAsComments)
{
    const Edl edl = readEdl(
        "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
        "* SOMETHING THE ASSISTANT WROTE\n"
        "*NO SPACE HERE\n"
        ">>> SOURCE R1 R1.MOV\n"
        "EFFECTS NAME IS CROSS DISSOLVE\n"
        "*\n");
    ASSERT_EQ(edl.events.size(), 1u);
    EXPECT_EQ(edl.events[0].comments,
              (std::vector<std::string>{"SOMETHING THE ASSISTANT WROTE", "NO SPACE HERE",
                                        ">>> SOURCE R1 R1.MOV", "EFFECTS NAME IS CROSS DISSOLVE"}));
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, ReadsBomAndEveryLineEnding)
{
    const std::string body[] = {"TITLE: ENDINGS", "FCM: NON-DROP FRAME",
                                "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00",
                                "* FROM CLIP NAME: one",
                                "002  R2 V C        10:00:00:00 10:00:01:00 01:00:01:00 01:00:02:00"};
    for (const std::string ending : {"\n", "\r\n", "\r"}) {
        std::string text = "\xEF\xBB\xBF";
        for (const auto& line : body)
            text += line + ending;
        const Edl edl = readEdl(text);
        EXPECT_EQ(edl.title, "ENDINGS");
        ASSERT_EQ(edl.events.size(), 2u);
        EXPECT_EQ(edl.events[0].clipName, "one");
        EXPECT_EQ(edl.events[1].line, 5);
        EXPECT_EQ(edl.events[1].recordOutFrame, 86400 + 48);
        EXPECT_TRUE(edl.warnings.empty());
    }
}

TEST(EdlReader, AcceptsTabsBlankLinesAndTrailingJunk)
{
    // Ctrl-Z and NUL padding as old systems leave it; sizeof keeps the embedded NULs.
    const char text[] = "\n\nTITLE:\tTABS\n"
                        "001\tR1\tV\tC\t10:00:00:00\t10:00:01:00\t01:00:00:00\t01:00:01:00\t\n"
                        "   \t  \n"
                        "002  R2 V C        10:00:00:00 10:00:01:00 01:00:01:00 01:00:02:00\n"
                        "\x1a\x1a\0\0"
                        "\n%%%% garbage %%%%\n"
                        "\0\0\0";
    const Edl edl = readEdl(std::string_view(text, sizeof text - 1));
    EXPECT_EQ(edl.title, "TABS");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_EQ(edl.events[0].reel, "R1");
    // "%..." is a CMX note form (motion memory variable), kept as a comment, not lost.
    EXPECT_TRUE(hasComment(edl.events[1], "%%%% garbage %%%%"));
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, WarnsAboutAnUnreadableTrailingLineAndKeepsTheEvents)
{
    const Edl edl = readEdl("001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
                            "END OF LIST ##\n");
    EXPECT_EQ(edl.events.size(), 1u);
    ASSERT_EQ(edl.warnings.size(), 1u);
    EXPECT_EQ(edl.warnings[0].line, 2);
}

TEST(EdlReader, ReadsReelGluedToItsChannelsAndTimecodesWithoutBlanks)
{
    const Edl edl = readEdl(
        "001  ZZ100_501V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18\n"
        "002  ABCDEFGHAA/V C 01:00:04:0501:00:05:1200:59:54:1800:59:55:25\n");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_EQ(edl.events[0].reel, "ZZ100_501");
    EXPECT_EQ(edl.events[0].channels, "V");
    EXPECT_EQ(edl.events[1].reel, "ABCDEFGH");  // the classic 8-character column
    EXPECT_EQ(edl.events[1].channels, "AA/V");
    EXPECT_EQ(edl.events[1].sourceOut, "01:00:05:12");
    EXPECT_EQ(edl.events[1].recordOut, "00:59:55:25");
    EXPECT_EQ(edl.rate, kFps29_97);  // ":25" fits no 25 fps list; 29.97 is the next rate
}

TEST(EdlReader, ReadsFourDigitEventNumbersPastNineHundredNinetyNine)
{
    std::string text = "TITLE: LONG\n";
    for (int n = 995; n <= 1004; ++n) {
        const int64_t in = 86400 + (n - 995) * 24;
        text += (n < 1000 ? "0" : "") + std::to_string(n) + "  R" + std::to_string(n)
                + " V C 10:00:00:00 10:00:01:00 " + formatFrames(in, kFps24) + " "
                + formatFrames(in + 24, kFps24) + "\n";
    }
    const Edl edl = readEdl(text);
    ASSERT_EQ(edl.events.size(), 10u);
    EXPECT_EQ(edl.events[4].number, "0999");
    EXPECT_EQ(edl.events[5].number, "1000");
    EXPECT_EQ(edl.events[9].number, "1004");
    EXPECT_EQ(edl.events[9].recordOutFrame, 86400 + 240);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, CountsEachEventAtTheFcmInForceAtItsLine)
{
    const Edl edl = readEdl("TITLE: SWITCH\n"
                            "FCM: DROP FRAME\n"
                            "001  R1 V C        00:00:00;00 00:00:10;00 01:00:00;00 01:00:10;00\n"
                            "FCM: NON-DROP FRAME\n"
                            "002  R2 V C        00:00:00:00 00:00:10:00 01:00:10:00 01:00:20:00\n");
    EXPECT_EQ(edl.rate, kFps29_97Drop);  // the list says DROP FRAME
    EXPECT_TRUE(edl.dropFrame);
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_TRUE(edl.events[0].dropFrame);
    EXPECT_EQ(edl.events[0].recordInFrame, 107892);  // one hour of 29.97 drop-frame
    EXPECT_EQ(edl.events[0].recordOutFrame, 107892 + 300);
    EXPECT_FALSE(edl.events[1].dropFrame);
    EXPECT_EQ(edl.events[1].recordInFrame, 3610 * 30);
    EXPECT_EQ(edl.events[1].recordOutFrame, 3620 * 30);
    EXPECT_TRUE(edl.warnings.empty());
}

TEST(EdlReader, TakesDropFrameFromTheFcmWhenTheRateIsGiven)
{
    EdlReadOptions options;
    options.rate = kFps29_97;
    const Edl edl = readEdl("FCM: DROP FRAME\n"
                            "001  R1 V C        00:00:00;00 00:00:10;00 01:00:00;00 01:00:10;00\n",
                            options);
    EXPECT_EQ(edl.rate, kFps29_97Drop);
    EXPECT_EQ(edl.events.at(0).recordInFrame, 107892);
}

TEST(EdlReader, CountsTwentyThreePointNineSevenSixAtTwentyFourLabelsASecond)
{
    EdlReadOptions options;
    options.rate = kFps23_976;
    const Edl edl = readEdl("FCM: NON-DROP FRAME\n"
                            "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n",
                            options);
    EXPECT_EQ(edl.rate, kFps23_976);
    EXPECT_FALSE(edl.dropFrame);
    EXPECT_EQ(edl.events.at(0).recordInFrame, 86400);
    EXPECT_EQ(framesToSamples(edl.events.at(0).recordInFrame, edl.rate, 48000), 172972800);
}

TEST(EdlReader, SkipsAnEventWithALabelDropFrameDoesNotHave)
{
    const Edl edl = readEdl("FCM: DROP FRAME\n"
                            "001  R1 V C        00:00:59;28 00:01:00;00 01:00:00;00 01:00:00;02\n"
                            "002  R2 V C        00:00:00;00 00:00:01;00 01:00:00;02 01:00:01;02\n");
    ASSERT_EQ(edl.events.size(), 1u);
    EXPECT_EQ(edl.events[0].number, "002");
    EXPECT_TRUE(hasWarningAt(edl, 2, "00:01:00;00"));
}

TEST(EdlReader, GuessesTheSmallestRateTheFrameFieldsFitWithOneWarning)
{
    const Edl edl = readEdl("FCM: NON-DROP FRAME\n"
                            "001  R1 V C        00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00\n"
                            "002  R2 V C        00:00:00:29 00:00:01:29 00:00:01:00 00:00:02:00\n"
                            "003  R3 V C        00:00:00:28 00:00:01:28 00:00:02:00 00:00:03:00\n");
    EXPECT_EQ(edl.rate, kFps29_97);
    ASSERT_EQ(edl.warnings.size(), 1u);
    EXPECT_EQ(edl.warnings[0].line, 3);
    EXPECT_EQ(edl.events.at(2).recordOutFrame, 90);
}

TEST(EdlReader, ReadsWindows1252ClipNamesAsUtf8)
{
    const Edl edl = readEdl("001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
                            "* FROM CLIP NAME: CAF\xC9 \x93TAKE 2\x94\n");
    EXPECT_EQ(edl.events.at(0).clipName, "CAF\xC3\x89 \xE2\x80\x9CTAKE 2\xE2\x80\x9D");
    EXPECT_TRUE(hasWarningAt(edl, 0, "Windows-1252"));
}

TEST(EdlReader, TurnsAnUnreadableLineIntoAWarningAndReadsOn)
{
    const Edl edl = readEdl("TITLE: BAD LINES\n"
                            "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
                            "002  R2 V C        10:00:00:00 10:00:01:00\n"
                            "* FROM CLIP NAME: belongs to the broken event\n"
                            "003  R3 V C        10:00:00:00 10:00:01:00 01:00:02:00 01:00:03:00\n"
                            "004  R4 V D 99999999999999999999 10:00:00:00 10:00:01:00 01:00:03:00 01:00:04:00\n"
                            "M2   R4  99999999999999999999.0  10:00:00:00\n"
                            "005  R5 V C        10:00:00:00 10:00:01:00 25:00:00:00 25:00:01:00\n"
                            "WHAT IS THIS\n");
    ASSERT_EQ(edl.events.size(), 2u);
    EXPECT_EQ(edl.events[0].number, "001");
    EXPECT_FALSE(edl.events[0].clipName.has_value());  // not given to a neighbour
    EXPECT_EQ(edl.events[1].number, "003");
    EXPECT_FALSE(edl.events[1].speed.has_value());
    std::vector<int> lines;
    for (const auto& warning : edl.warnings)
        lines.push_back(warning.line);
    EXPECT_EQ(lines, (std::vector<int>{3, 6, 7, 8, 9}));
}

TEST(EdlReader, StrictModeThrowsOnTheFirstBadLineWithItsNumber)
{
    EdlReadOptions options;
    options.strict = true;
    const std::string text = "TITLE: STRICT\n"
                             "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
                             "001  R1 V C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n"
                             "002  R2 V Q?       10:00:00:00\n"
                             "NONSENSE\n";
    try {
        readEdl(text, options);
        FAIL() << "strict mode accepted an unreadable line";
    } catch (const EdlReadError& e) {
        EXPECT_EQ(e.line(), 4);
        EXPECT_NE(std::string(e.what()).find("002"), std::string::npos);
    }
}

TEST(EdlReader, StrictModeAcceptsAListThatOnlyHasSanityWarnings)
{
    EdlReadOptions options;
    options.strict = true;
    const Edl edl = readSample("timecode_mismatch.edl", options);
    EXPECT_EQ(edl.events.size(), 20u);
    EXPECT_EQ(edl.warnings.size(), 5u);
}

TEST(EdlReader, WarnsWhenRecordOutComesBeforeRecordIn)
{
    const Edl edl = readEdl("001  R1 V C        10:00:00:00 10:00:01:00 01:00:01:00 01:00:00:00\n");
    ASSERT_EQ(edl.events.size(), 1u);
    EXPECT_TRUE(hasWarningAt(edl, 1, "before record in"));
}

TEST(EdlReader, WarnsWhenLengthsDifferWithoutSpeedOrTransition)
{
    const Edl edl = readEdl(
        "001  R1 V C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:01:00\n"
        "002  R2 V C        10:00:00:00 10:00:02:00 01:00:01:00 01:00:02:00\n"
        "M2   R2             048.0                10:00:00:00\n");
    ASSERT_EQ(edl.warnings.size(), 1u);
    EXPECT_EQ(edl.warnings[0].line, 1);
    EXPECT_NE(edl.warnings[0].message.find("source is 48 frames but record is 24 frames"),
              std::string::npos);
}

TEST(EdlReader, WarnsAboutOverlapsOnOneTrackOnly)
{
    const Edl edl = readEdl(
        "001  R1 AA/V  C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\n"
        "002  R2 A3    C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\n"  // other track
        "003  R3 A2    C        10:00:00:00 10:00:01:00 01:00:01:00 01:00:02:00\n"  // A2 overlap
        "004  R4 V     C        10:00:00:00 10:00:01:00 01:00:02:00 01:00:03:00\n");
    ASSERT_EQ(edl.warnings.size(), 1u);
    EXPECT_EQ(edl.warnings[0].line, 3);
    EXPECT_NE(edl.warnings[0].message.find("overlaps event 001"), std::string::npos);
}

TEST(EdlReader, ReadEdlFileNamesThePathInItsErrors)
{
    const auto missing = std::filesystem::temp_directory_path() / "cuesmith_no_such_list.edl";
    try {
        readEdlFile(missing);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos);
    }

    const auto bad = std::filesystem::temp_directory_path() / "cuesmith_strict_test.edl";
    {
        std::ofstream out(bad, std::ios::binary);
        out << "TITLE: X\r\nGARBAGE\r\n";
    }
    EdlReadOptions options;
    options.strict = true;
    try {
        readEdlFile(bad, options);
        FAIL();
    } catch (const EdlReadError& e) {
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(std::string(e.what()).rfind(bad.string() + ":2: ", 0), 0u) << e.what();
    }
    std::filesystem::remove(bad);
}

// ---------------------------------------------------------------------------------------------
// A feature reel: 700 shots at 23.976 with sync sound, music and effects on A1-A12, two-line
// dissolves, M2 speed changes and LOC markers. Deterministic: a fixed seed and our own
// reduction of the raw engine output (std distributions differ between standard libraries).

constexpr size_t kShots = 700;  // with the audio events, numbers run past 999

struct FeatureReel {
    std::string text;
    size_t eventCount = 0;
    size_t dissolves = 0;
    size_t motions = 0;
    size_t markers = 0;
    int64_t totalShotFrames = 0;
    std::vector<int64_t> markerFrames;
    std::vector<std::string> audioChannels;
};

FeatureReel makeFeatureReel()
{
    std::mt19937 engine(20240611u);
    const auto pick = [&engine](int64_t low, int64_t high) {
        return low + static_cast<int64_t>(engine() % static_cast<uint32_t>(high - low + 1));
    };
    const FrameRate rate = kFps23_976;
    const auto tc = [&rate](int64_t frames) { return formatFrames(frames, rate); };
    const std::vector<std::string> audioSets{"A",  "A2", "AA", "A3", "A4", "A5",  "A6", "A7",
                                             "A8", "A9", "A10", "A11", "A12", "A3/A4"};
    const std::vector<std::string> speeds{"048.0", "012.0", "-024.0", "000.0", "036.0"};
    const std::vector<std::string> colors{"RED", "GREEN", "BLUE", "YELLOW"};

    FeatureReel reel;
    reel.text = "TITLE: FEATURE REEL 1 LOCK V12\nFCM: NON-DROP FRAME\n\n";
    int number = 0;
    int64_t record = 86400;  // 01:00:00:00
    std::string previousReel = "BL";
    int64_t previousSourceOut = 0;
    char line[256];
    const auto event = [&](const std::string& name, const std::string& channels,
                           const std::string& transition, int64_t srcIn, int64_t srcOut,
                           int64_t recIn, int64_t recOut) {
        std::snprintf(line, sizeof line, "%03d  %-8s %-5s %-8s %s %s %s %s\n", number, name.c_str(),
                      channels.c_str(), transition.c_str(), tc(srcIn).c_str(), tc(srcOut).c_str(),
                      tc(recIn).c_str(), tc(recOut).c_str());
        reel.text += line;
        ++reel.eventCount;
    };

    for (int shot = 0; shot < static_cast<int>(kShots); ++shot) {
        const int64_t length = pick(12, 240);
        const std::string name =
            "A" + std::to_string(100 + shot % 900) + "C" + std::to_string(shot % 7);
        const int64_t sourceIn = pick(10 * 3600 * 24, 20 * 3600 * 24);
        const int64_t kind = pick(0, 9);
        ++number;
        if (kind == 0 && shot > 0) {
            const int64_t fade = pick(8, 12);
            event(previousReel, "V", "C", previousSourceOut, previousSourceOut, record, record);
            char transition[16];
            std::snprintf(transition, sizeof transition, "D    %03d", static_cast<int>(fade));
            event(name, "V", transition, sourceIn, sourceIn + length, record, record + length);
            reel.text += "* FROM CLIP NAME:  " + previousReel + ".MOV\n";
            reel.text += "* TO CLIP NAME:  " + name + ".MOV\n";
            ++reel.dissolves;
        } else if (kind == 1) {
            const std::string& speed = speeds[static_cast<size_t>(pick(0, 4))];
            const int64_t sourceLength = speed == "000.0" ? 1 : length * 2 + 1;
            event(name, "V", "C", sourceIn, sourceIn + sourceLength, record, record + length);
            std::snprintf(line, sizeof line, "M2   %-8s       %s                %s\n", name.c_str(),
                          speed.c_str(), tc(sourceIn).c_str());
            reel.text += line;
            ++reel.motions;
        } else {
            event(name, shot % 5 == 0 ? "AA/V" : "V", "C", sourceIn, sourceIn + length, record,
                  record + length);
            reel.text += "* FROM CLIP NAME:  " + name + ".MOV\n";
        }
        if (shot % 25 == 0) {
            const int64_t at = record + length / 2;
            reel.text += "* LOC: " + tc(at) + " " + colors[static_cast<size_t>(shot / 25) % 4]
                         + "     HIT " + std::to_string(shot) + "\n";
            reel.markerFrames.push_back(at);
            ++reel.markers;
        }
        // Music and effects beside the picture: one audio event per shot on its own tracks
        // (never A1/A2 under sync sound), inside the shot so no track overlaps itself.
        if (shot % 2 == 1) {
            const size_t set = static_cast<size_t>(shot / 2) % audioSets.size();
            const std::string channels = shot % 5 == 0 ? std::string("A3/A4") : audioSets[set];
            ++number;
            const int64_t start = pick(0, length / 2);
            event("MX" + std::to_string(shot), channels, "C", 3600 * 24, 3600 * 24 + length - start,
                  record + start, record + length);
            reel.audioChannels.push_back(channels);
        }
        previousReel = name;
        previousSourceOut = sourceIn + length;
        record += length;
        reel.totalShotFrames += length;
    }
    return reel;
}

TEST(EdlReader, ReadsAFeatureReelWithExactRecordFramesAtTheEnd)
{
    const FeatureReel reel = makeFeatureReel();
    EdlReadOptions options;
    options.rate = kFps23_976;
    options.strict = true;  // a clean list reads without a single problem
    const Edl edl = readEdl(reel.text, options);

    EXPECT_EQ(edl.title, "FEATURE REEL 1 LOCK V12");
    EXPECT_TRUE(edl.warnings.empty())
        << edl.warnings.front().line << ": " << edl.warnings.front().message;
    ASSERT_EQ(edl.events.size(), reel.eventCount);
    EXPECT_GT(edl.events.size(), 1000u);
    EXPECT_GE(edl.events.back().number.size(), 4u);  // past 999

    std::vector<const EdlEvent*> video;
    for (const auto& event : edl.events)
        if (event.isVideo())
            video.push_back(&event);
    ASSERT_EQ(video.size(), kShots + reel.dissolves);
    // The picture runs without a gap or an overlap from 01:00:00:00 to the last cut.
    int64_t expectedIn = 86400;
    for (const EdlEvent* event : video) {
        EXPECT_EQ(event->recordInFrame, expectedIn) << event->number;
        expectedIn = event->recordOutFrame;
    }
    EXPECT_EQ(video.back()->recordOutFrame, 86400 + reel.totalShotFrames);
    EXPECT_EQ(video.back()->recordOut, formatFrames(86400 + reel.totalShotFrames, kFps23_976));
    // At 23.976 a frame is exactly 2002 samples at 48 kHz: no drift over the reel.
    EXPECT_EQ(framesToSamples(video.back()->recordOutFrame, edl.rate, 48000)
                  - framesToSamples(86400, edl.rate, 48000),
              reel.totalShotFrames * 2002);

    const auto dissolves =
        std::count_if(edl.events.begin(), edl.events.end(),
                      [](const EdlEvent& e) { return e.transition == EdlTransition::Dissolve; });
    EXPECT_EQ(static_cast<size_t>(dissolves), reel.dissolves);
    EXPECT_GT(reel.dissolves, 30u);
    const auto speeds = std::count_if(edl.events.begin(), edl.events.end(),
                                      [](const EdlEvent& e) { return e.speed.has_value(); });
    EXPECT_EQ(static_cast<size_t>(speeds), reel.motions);
    EXPECT_GT(reel.motions, 30u);
    EXPECT_TRUE(std::any_of(edl.events.begin(), edl.events.end(),
                            [](const EdlEvent& e) { return e.speed && *e.speed < 0; }));

    ASSERT_EQ(edl.markers.size(), reel.markers);
    for (size_t i = 0; i < edl.markers.size(); ++i)
        EXPECT_EQ(edl.markers[i].frame, reel.markerFrames[i]);

    std::vector<std::string> audio;
    for (const auto& event : edl.events)
        if (event.isAudio() && !event.isVideo())
            audio.push_back(event.channels);
    EXPECT_EQ(audio, reel.audioChannels);
    for (const char* channels : {"A", "A2", "AA", "A3", "A7", "A11", "A12", "A3/A4"})
        EXPECT_NE(std::find(audio.begin(), audio.end(), channels), audio.end()) << channels;
}

} // namespace
} // namespace cuesmith
