#include "core/StemGrouping.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(StemGrouping, CueNumbersFollowTheReelMCueForm)
{
    for (const char* yes : {"2M07", "1m01", "10M3A", "3M12AB"})
        EXPECT_TRUE(looksLikeCueNumber(yes)) << yes;
    for (const char* no : {"", "M07", "2M", "2X07", "Strings", "2M07-", "v3"})
        EXPECT_FALSE(looksLikeCueNumber(no)) << no;
}

TEST(StemGrouping, FilesGroupByCueInOrderOfAppearance)
{
    const StemGrouping g = groupStemFilesByCue({"/d/2M07_TheChase_v3_STR.wav", "/d/1M01_Opening_v1_STR.wav",
                                                "/d/2M07_TheChase_v3_BRS.wav", "/d/1M01_Opening_v1_PRC.wav"});
    ASSERT_EQ(g.groups.size(), 2u);
    EXPECT_EQ(g.groups[0].cue, "2M07");
    EXPECT_EQ(g.groups[0].version, "v3");
    EXPECT_EQ(g.groups[0].files, (std::vector<std::string>{"/d/2M07_TheChase_v3_STR.wav", "/d/2M07_TheChase_v3_BRS.wav"}));
    EXPECT_EQ(g.groups[1].cue, "1M01");
    EXPECT_EQ(g.groups[1].files.size(), 2u);
    EXPECT_TRUE(g.skipped.empty());
}

TEST(StemGrouping, TheNewestVersionOfACueWinsAndTheOlderAreReported)
{
    const StemGrouping g = groupStemFilesByCue({"2M07_TheChase_v9_STR.wav", "2M07_TheChase_v10_STR.wav",
                                                "2M07_TheChase_v10_BRS.wav", "2m07_TheChase_v9_BRS.wav"});
    ASSERT_EQ(g.groups.size(), 1u);
    EXPECT_EQ(g.groups[0].version, "v10");  // numerically newer, not alphabetically
    EXPECT_EQ(g.groups[0].files, (std::vector<std::string>{"2M07_TheChase_v10_STR.wav", "2M07_TheChase_v10_BRS.wav"}));
    ASSERT_EQ(g.skipped.size(), 1u);
    EXPECT_EQ(g.skipped[0], "2M07 v9 (v10 is newer): 2M07_TheChase_v9_STR.wav, 2m07_TheChase_v9_BRS.wav");
}

TEST(StemGrouping, ANameWithoutACueNumberOrATwiceGivenStemIsRefusedByName)
{
    try {
        groupStemFilesByCue({"2M07_TheChase_v3_STR.wav", "/d/strings final.wav"});
        FAIL();
    } catch (const StemGroupingError& e) {
        EXPECT_EQ(std::string(e.what()), "strings final.wav: the name does not start with a cue number like 2M07 "
                                         "(stems are named <cue>_<title>_<version>_<STEM>.wav)");
    }
    try {
        groupStemFilesByCue({"2M07_TheChase_v3_STR.wav", "other/2M07_TheChase_v3_STR.flac"});
        FAIL();
    } catch (const StemGroupingError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "2M07_TheChase_v3_STR.flac: cue 2M07 already has a STR stem (2M07_TheChase_v3_STR.wav)");
    }
}

TEST(StemGrouping, AnExplicitListMustComeFromOneCueAndVersion)
{
    EXPECT_EQ(cueNumberForStems("", {"a/2M07_X_v1_STR.wav", "a/2M07_X_v1_BRS.wav"}), "2M07");
    EXPECT_EQ(cueNumberForStems("2M07A", {"2M07_X_v1_STR.wav"}), "2M07A");       // an alternate may reuse stems
    EXPECT_EQ(cueNumberForStems("TEMP1", {"strings.wav", "brass.wav"}), "TEMP1");  // names outside the convention
    try {
        cueNumberForStems("3M01", {"1M01_X_v1_STR.wav", "strings.wav", "2M07_Y_v2_BRS.wav"});
        FAIL();
    } catch (const StemGroupingError& e) {
        EXPECT_EQ(std::string(e.what()), "stem 2M07_Y_v2_BRS.wav is named for cue 2M07, 1M01_X_v1_STR.wav for cue 1M01");
    }
    try {
        cueNumberForStems("", {"2M07_X_v1_STR.wav", "2M07_X_v2_BRS.wav"});
        FAIL();
    } catch (const StemGroupingError& e) {
        EXPECT_EQ(std::string(e.what()), "stem 2M07_X_v2_BRS.wav is version v2 of cue 2M07, 2M07_X_v1_STR.wav version v1");
    }
    EXPECT_THROW(cueNumberForStems("", {"strings.wav"}), StemGroupingError);
}

} // namespace
} // namespace cuesmith
