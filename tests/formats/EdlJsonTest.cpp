// The JSON form printed by `cuesmith edl show --json`: field names, types and nulls.

#include "formats/EdlJson.h"
#include "formats/JsonText.h"

#include "formats/EdlReader.h"

#include <gtest/gtest.h>

#include <string>

namespace cuesmith {
namespace {

const char* const kList = "TITLE: REEL 1 LOCK V12\n"
                          "FCM: NON-DROP FRAME\n"
                          "001  A003C012 V     C        14:22:10:05 14:22:14:17 01:00:00:00 01:00:04:12\n"
                          "* FROM CLIP NAME:  A003C012_230911_R1AB.MOV\n"
                          "002  A004C003 V     C        15:01:02:00 15:01:02:00 01:00:04:12 01:00:04:12\n"
                          "002  A005C001 V     D    024 09:12:00:10 09:12:06:03 01:00:04:12 01:00:10:05\n"
                          "* FROM CLIP NAME:  A004C003.MOV\n"
                          "* TO CLIP NAME:  A005C001.MOV\n"
                          "* LOC: 01:00:06:12 RED     DOOR SLAM\n"
                          "003  A006C001 AA/V  C        09:00:00:00 09:00:02:00 01:00:10:05 01:00:14:05\n"
                          "M2   A006C001       048.0                09:00:00:00\n"
                          "004  A007C001 V     W001 010 09:00:00:00 09:00:01:00 01:00:14:05 01:00:15:05\n"
                          "GARBAGE LINE\n";

nlohmann::json listJson()
{
    EdlReadOptions options;
    options.rate = kFps23_976;
    return edlToJson(readEdl(kList, options));
}

TEST(EdlJson, WritesListFieldsWithTheRateName)
{
    const auto json = listJson();
    EXPECT_EQ(json["title"], "REEL 1 LOCK V12");
    EXPECT_EQ(json["rate"], "23.976");
    EXPECT_EQ(json["drop_frame"], false);
    ASSERT_TRUE(json["events"].is_array());
    EXPECT_EQ(json["events"].size(), 5u);
}

TEST(EdlJson, WritesACutEventWithTimecodesAsWrittenAndFrameNumbers)
{
    const auto event = listJson()["events"][0];
    EXPECT_EQ(event.size(), 13u);
    EXPECT_EQ(event["number"], "001");
    EXPECT_EQ(event["reel"], "A003C012");
    EXPECT_EQ(event["channels"], "V");
    EXPECT_EQ(event["transition"], "C");
    EXPECT_TRUE(event["transition_frames"].is_number_integer());
    EXPECT_EQ(event["transition_frames"], 0);
    EXPECT_EQ(event["source_in"], "14:22:10:05");
    EXPECT_EQ(event["source_out"], "14:22:14:17");
    EXPECT_EQ(event["record_in"], "01:00:00:00");
    EXPECT_EQ(event["record_out"], "01:00:04:12");
    EXPECT_TRUE(event["record_in_frame"].is_number_integer());
    EXPECT_EQ(event["record_in_frame"], 86400);
    EXPECT_EQ(event["record_out_frame"], 86400 + 4 * 24 + 12);
    EXPECT_EQ(event["clip_name"], "A003C012_230911_R1AB.MOV");
    EXPECT_TRUE(event["speed"].is_null());
}

TEST(EdlJson, WritesBothLinesOfADissolve)
{
    const auto json = listJson();
    const auto outgoing = json["events"][1];
    const auto incoming = json["events"][2];
    EXPECT_EQ(outgoing["number"], "002");
    EXPECT_EQ(incoming["number"], "002");
    EXPECT_EQ(outgoing["transition"], "C");
    EXPECT_EQ(outgoing["clip_name"], "A004C003.MOV");
    EXPECT_EQ(incoming["transition"], "D");
    EXPECT_EQ(incoming["transition_frames"], 24);
    EXPECT_EQ(incoming["clip_name"], "A005C001.MOV");
    EXPECT_EQ(incoming["record_out_frame"], 86400 + 10 * 24 + 5);
}

TEST(EdlJson, WritesM2SpeedAsANumberAndWipeCodeAsWritten)
{
    const auto json = listJson();
    const auto motion = json["events"][3];
    EXPECT_EQ(motion["channels"], "AA/V");
    ASSERT_TRUE(motion["speed"].is_number());
    EXPECT_DOUBLE_EQ(motion["speed"].get<double>(), 48.0);
    EXPECT_TRUE(motion["clip_name"].is_null());
    const auto wipe = json["events"][4];
    EXPECT_EQ(wipe["transition"], "W001");
    EXPECT_EQ(wipe["transition_frames"], 10);
}

TEST(EdlJson, WritesMarkersAndWarnings)
{
    const auto json = listJson();
    ASSERT_EQ(json["markers"].size(), 1u);
    const auto marker = json["markers"][0];
    EXPECT_EQ(marker["timecode"], "01:00:06:12");
    EXPECT_EQ(marker["frame"], 86400 + 6 * 24 + 12);
    EXPECT_EQ(marker["color"], "RED");
    EXPECT_EQ(marker["name"], "DOOR SLAM");
    ASSERT_EQ(json["warnings"].size(), 1u);
    EXPECT_EQ(json["warnings"][0]["line"], 13);
    EXPECT_TRUE(json["warnings"][0]["message"].is_string());
}

TEST(EdlJson, WritesDropFrameRateName)
{
    const auto json = edlToJson(readEdl("FCM: DROP FRAME\n"
                                        "001  R1 V C 00:00:00;00 00:00:01;00 01:00:00;00 01:00:01;00\n"));
    EXPECT_EQ(json["rate"], "29.97df");
    EXPECT_EQ(json["drop_frame"], true);
    EXPECT_EQ(json["events"][0]["record_in"], "01:00:00;00");
    EXPECT_EQ(json["events"][0]["record_in_frame"], 107892);
}

TEST(EdlJson, InvalidUtf8BecomesReplacementCharactersInTheText)
{
    Edl edl;
    EdlEvent event;
    event.reel = "R\xFF";
    event.clipName = std::string("bad \xC3");
    edl.events.push_back(event);
    const auto json = edlToJson(edl);
    std::string text;
    EXPECT_NO_THROW(text = jsonText(json));
    EXPECT_NE(text.find("\"R\xEF\xBF\xBD\""), std::string::npos) << text;
    EXPECT_EQ(json["events"][0]["transition"], "C");
}

} // namespace
} // namespace cuesmith
