#include "formats/TextEncoding.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

TEST(TextEncoding, Utf8PassesThroughUnchanged)
{
    EXPECT_TRUE(isValidUtf8("CAF\xC3\x89 SC\xC3\x88NE"));
    EXPECT_EQ(toUtf8("CAF\xC3\x89"), "CAF\xC3\x89");
}

TEST(TextEncoding, Windows1252BecomesUtf8)
{
    EXPECT_FALSE(isValidUtf8("CAF\xC9"));
    EXPECT_EQ(toUtf8("CAF\xC9"), "CAF\xC3\x89");     // É
    EXPECT_EQ(toUtf8("\x93quoted\x94"), "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    EXPECT_EQ(toUtf8("\x81"), "\xEF\xBF\xBD");       // unassigned in Windows-1252
}

TEST(TextEncoding, RefusesOverlongAndSurrogateForms)
{
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));
    EXPECT_FALSE(isValidUtf8("\xE2\x82"));
}

} // namespace
} // namespace cuesmith
