#include "core/SessionEdits.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

Cue cueWithStems(const std::string& number, std::vector<std::string> stemNames)
{
    Cue cue;
    cue.number = number;
    cue.lengthSamples = 48000;
    for (const auto& n : stemNames)
        cue.stems.push_back(Stem{n, "/stems/" + number + "_" + n + ".wav", ChannelLayout::Stereo});
    return cue;
}

TEST(SessionEdits, AddingACueLeavesTheOriginalSessionUntouched)
{
    const Session before;
    const Session after = addCue(before, cueWithStems("1M01", {"STR", "BRS"}));
    EXPECT_TRUE(before.cues.empty());
    EXPECT_TRUE(before.buses.empty());
    ASSERT_EQ(after.cues.size(), 1u);
    ASSERT_EQ(after.buses.size(), 2u);
    EXPECT_EQ(after.buses[0].name, "STR");
    EXPECT_EQ(after.buses[1].name, "BRS");
}

TEST(SessionEdits, StemsFeedExistingBusesByName)
{
    Session s = addCue(Session{}, cueWithStems("1M01", {"STR", "BRS"}));
    s = addCue(s, cueWithStems("1M02", {"STR", "PRC"}));
    ASSERT_EQ(s.buses.size(), 3u);
    EXPECT_EQ(s.buses[2].name, "PRC");
}

TEST(SessionEdits, RefusesADuplicateCueNumberOrStemName)
{
    const Session s = addCue(Session{}, cueWithStems("1M01", {"STR"}));
    EXPECT_THROW(addCue(s, cueWithStems("1M01", {"BRS"})), SessionEditError);
    EXPECT_THROW(addCue(s, cueWithStems("1M02", {"BRS", "BRS"})), SessionEditError);
    EXPECT_THROW(addCue(s, cueWithStems("", {"BRS"})), SessionEditError);
    EXPECT_THROW(addCue(s, cueWithStems("1M03", {})), SessionEditError);
}

TEST(SessionEdits, FirstCutSetsPictureStartAndEachNewCutBecomesCurrent)
{
    Session s;
    s.frameRate = kFps23_976;
    CutVersion v1;
    v1.name = "v1";
    EdlEvent e;
    e.channels = "V";
    e.recordInFrame = 86400;
    e.recordOutFrame = 86500;
    v1.edl.events.push_back(e);
    s = addCutVersion(s, v1);
    EXPECT_EQ(s.pictureStartFrame, 86400);
    EXPECT_EQ(s.currentCut, 0);
    EXPECT_EQ(s.pictureLengthSamples(), 100 * 2002);

    CutVersion v2 = v1;
    v2.name = "v2";
    v2.edl.events[0].recordInFrame = 90000;
    const Session s2 = addCutVersion(s, v2);
    EXPECT_EQ(s2.pictureStartFrame, 86400);  // the picture start stays where the reel starts
    EXPECT_EQ(s2.currentCut, 1);
    EXPECT_EQ(s2.currentCutVersion()->name, "v2");
    EXPECT_EQ(s2.cuts[0].get(), s.cuts[0].get());  // unchanged parts are shared, not copied
}

TEST(SessionEdits, DialogueChannelMustExist)
{
    DialogueSource d;
    d.channels = 2;
    d.channel = 2;
    EXPECT_THROW(addDialogueSource(Session{}, d), SessionEditError);
    d.channel = 1;
    EXPECT_EQ(addDialogueSource(Session{}, d).dialogue.size(), 1u);
}

TEST(SessionEdits, SplitsStemFileNamesByTheConvention)
{
    const auto p = parseStemFileName("2M07_TheChase_v3_BRS.wav");
    EXPECT_EQ(p.cue, "2M07");
    EXPECT_EQ(p.title, "TheChase");
    EXPECT_EQ(p.version, "v3");
    EXPECT_EQ(p.stem, "BRS");
    const auto q = parseStemFileName("4M32_Long_Title_Here_ELX.aif");
    EXPECT_EQ(q.title, "Long_Title_Here");
    EXPECT_EQ(q.version, "");
    EXPECT_EQ(q.stem, "ELX");
    const auto r = parseStemFileName("strings.wav");
    EXPECT_EQ(r.cue, "strings");
    EXPECT_EQ(r.stem, "");
}

} // namespace
} // namespace cuesmith
