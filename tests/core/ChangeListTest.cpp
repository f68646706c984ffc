// The change list between two cut versions: every change kind on small hand-built cuts, the demo
// scene's real re-cut (resources/demo), and a generated feature-length reel.

#include "core/ChangeList.h"

#include "FeatureRecut.h"

#include "core/Timecode.h"
#include "formats/EdlReader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#ifndef CUESMITH_SOURCE_DIR
#error "CUESMITH_SOURCE_DIR must name the repository root (the folder holding resources/demo)"
#endif

namespace cuesmith {
namespace {

constexpr int64_t kHour = 86400;  // 01:00:00:00 at 24 fps

using Shot = testing::FeatureShot;

// A cut of back-to-back video events from 01:00:00:00, numbered in order.
Edl cutOf(const std::vector<Shot>& shots, FrameRate rate = kFps24) { return testing::backToBackCut(shots, rate, kHour); }

const ShotChange& changeOf(const ChangeList& list, const std::string& reel)
{
    for (const auto& c : list.changes)
        if (c.oldShot && list.oldShots[*c.oldShot].reel == reel)
            return c;
    for (const auto& c : list.changes)
        if (c.newShot && list.newShots[*c.newShot].reel == reel)
            return c;
    throw std::runtime_error("no change for reel " + reel);
}

const std::vector<Shot> kFourShots{{"A001", 1000, 100}, {"B002", 5000, 80}, {"C003", 9000, 60}, {"D004", 20000, 120}};

TEST(ChangeList, TheSameCutIsUnchangedEverywhere)
{
    const Edl cut = cutOf(kFourShots);
    const ChangeList list = diffCuts(cut, cut);
    ASSERT_EQ(list.changes.size(), 4u);
    for (const auto& c : list.changes) {
        EXPECT_EQ(c.kind, ShotChangeKind::Unchanged);
        EXPECT_EQ(c.shift, 0);
    }
    EXPECT_TRUE(list.newPicture.empty());
    ASSERT_EQ(list.runs.size(), 1u);
    EXPECT_EQ(list.runs[0], (FrameRun{kHour, kHour + 360, 0, false}));
    EXPECT_EQ(list.mapFrame(kHour + 123), kHour + 123);
    EXPECT_EQ(list.mapFrame(kHour - 1), std::nullopt);
    EXPECT_EQ(list.mapFrame(kHour + 360), std::nullopt);
    EXPECT_TRUE(list.sharesMaterial());
}

TEST(ChangeList, AnInsertedShotMovesEverythingAfterItByItsLength)
{
    std::vector<Shot> next = kFourShots;
    next.insert(next.begin() + 1, Shot{"X999", 300, 45});
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));

    EXPECT_EQ(changeOf(list, "A001").kind, ShotChangeKind::Unchanged);
    const ShotChange& inserted = changeOf(list, "X999");
    EXPECT_EQ(inserted.kind, ShotChangeKind::Inserted);
    EXPECT_FALSE(inserted.oldShot.has_value());
    for (const char* reel : {"B002", "C003", "D004"}) {
        EXPECT_EQ(changeOf(list, reel).kind, ShotChangeKind::Moved) << reel;
        EXPECT_EQ(changeOf(list, reel).shift, 45) << reel;
    }
    ASSERT_EQ(list.newPicture.size(), 1u);
    EXPECT_EQ(list.newPicture[0].recordIn, kHour + 100);
    EXPECT_EQ(list.newPicture[0].recordOut, kHour + 145);
    EXPECT_FALSE(list.newPicture[0].extension);
    EXPECT_EQ(list.mapFrame(kHour + 99), kHour + 99);
    EXPECT_EQ(list.mapFrame(kHour + 100), kHour + 145);
    EXPECT_EQ(list.mapFrame(kHour + 359), kHour + 404);
    // The insert sits between A001 and B002 in the listing, which follows the new cut.
    ASSERT_EQ(list.changes.size(), 5u);
    EXPECT_EQ(list.changes[1].kind, ShotChangeKind::Inserted);
    EXPECT_EQ(list.count(ShotChangeKind::Moved), 3u);
}

TEST(ChangeList, ADeletedShotLeavesNoMappingAndPullsTheRestEarlier)
{
    std::vector<Shot> next = kFourShots;
    next.erase(next.begin() + 1);
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));
    EXPECT_EQ(changeOf(list, "B002").kind, ShotChangeKind::Deleted);
    EXPECT_FALSE(changeOf(list, "B002").newShot.has_value());
    EXPECT_EQ(changeOf(list, "C003").kind, ShotChangeKind::Moved);
    EXPECT_EQ(changeOf(list, "C003").shift, -80);
    EXPECT_EQ(list.mapFrame(kHour + 100), std::nullopt);
    EXPECT_EQ(list.mapFrame(kHour + 179), std::nullopt);
    EXPECT_EQ(list.mapFrame(kHour + 180), kHour + 100);
    EXPECT_TRUE(list.newPicture.empty());
}

TEST(ChangeList, TrimsSayWhichEndAndHowManyFrames)
{
    std::vector<Shot> next = kFourShots;
    next[1] = Shot{"B002", 5010, 65};  // 10 frames off the head, 5 off the tail
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));
    const ShotChange& b = changeOf(list, "B002");
    EXPECT_EQ(b.kind, ShotChangeKind::Trimmed);
    EXPECT_EQ(b.headTrimmed, 10);
    EXPECT_EQ(b.tailTrimmed, 5);
    EXPECT_EQ(b.headExtended, 0);
    EXPECT_EQ(b.tailExtended, 0);
    EXPECT_EQ(b.shift, -10);  // its remaining frames start 10 frames earlier on the record side
    EXPECT_EQ(changeOf(list, "C003").shift, -15);
    EXPECT_EQ(list.mapFrame(kHour + 100), std::nullopt);  // the trimmed head
    EXPECT_EQ(list.mapFrame(kHour + 110), kHour + 100);
    EXPECT_EQ(list.mapFrame(kHour + 175), std::nullopt);  // the trimmed tail
}

TEST(ChangeList, ExtensionsAreNewPictureInsideAMatchedShot)
{
    std::vector<Shot> next = kFourShots;
    next[2] = Shot{"C003", 8992, 80};  // 8 frames more at the head, 12 at the tail
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));
    const ShotChange& c = changeOf(list, "C003");
    EXPECT_EQ(c.kind, ShotChangeKind::Extended);
    EXPECT_EQ(c.headExtended, 8);
    EXPECT_EQ(c.tailExtended, 12);
    EXPECT_EQ(c.shift, 8);
    EXPECT_EQ(changeOf(list, "D004").shift, 20);
    ASSERT_EQ(list.newPicture.size(), 2u);
    EXPECT_TRUE(list.newPicture[0].extension);
    EXPECT_EQ(list.newPicture[0].recordIn, kHour + 180);
    EXPECT_EQ(list.newPicture[0].length(), 8);
    EXPECT_EQ(list.newPicture[1].recordIn, kHour + 248);
    EXPECT_EQ(list.newPicture[1].length(), 12);
}

TEST(ChangeList, AShotMovedElsewhereIsReorderedWhileTheShotsItJumpedOverMerelySlide)
{
    // B002 (80 frames) moves from second to after C003... and D004; the others slide.
    std::vector<Shot> next{kFourShots[0], kFourShots[2], kFourShots[3], kFourShots[1]};
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));
    const ShotChange& b = changeOf(list, "B002");
    EXPECT_EQ(b.kind, ShotChangeKind::Reordered);
    EXPECT_TRUE(b.reordered);
    EXPECT_EQ(b.shift, 180);
    EXPECT_EQ(changeOf(list, "C003").kind, ShotChangeKind::Moved);
    EXPECT_EQ(changeOf(list, "C003").shift, -80);
    EXPECT_FALSE(changeOf(list, "C003").reordered);
    EXPECT_EQ(changeOf(list, "D004").kind, ShotChangeKind::Moved);
    EXPECT_EQ(changeOf(list, "A001").kind, ShotChangeKind::Unchanged);
    EXPECT_EQ(list.mapFrame(kHour + 100), kHour + 280);
    EXPECT_EQ(list.mapFrame(kHour + 180), kHour + 100);
    EXPECT_EQ(list.count(ShotChangeKind::Reordered), 1u);
}

TEST(ChangeList, OfTwoSwappedShotsTheShorterOneIsTheOneThatMoved)
{
    std::vector<Shot> next{kFourShots[0], kFourShots[2], kFourShots[1], kFourShots[3]};
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(next));
    EXPECT_EQ(changeOf(list, "C003").kind, ShotChangeKind::Reordered);  // 60 frames
    EXPECT_EQ(changeOf(list, "B002").kind, ShotChangeKind::Moved);      // 80 frames
    EXPECT_EQ(changeOf(list, "D004").kind, ShotChangeKind::Unchanged);
}

TEST(ChangeList, MatchesBySourceMaterialNotByEventNumberOrRecordPosition)
{
    // Same shots, renumbered and laid out from 02:00:00:00: every shot moved by one hour.
    Edl later = cutOf(kFourShots);
    int number = 40;
    for (auto& e : later.events) {
        e.number = std::to_string(number--);
        e.recordInFrame += kHour;
        e.recordOutFrame += kHour;
    }
    const ChangeList list = diffCuts(cutOf(kFourShots), later);
    for (const auto& c : list.changes) {
        EXPECT_EQ(c.kind, ShotChangeKind::Moved);
        EXPECT_EQ(c.shift, kHour);
    }
    // A different clip of the same reel at other source timecode is not the same picture.
    std::vector<Shot> other = kFourShots;
    other[1].sourceIn = 7000;
    const ChangeList changed = diffCuts(cutOf(kFourShots), cutOf(other));
    EXPECT_EQ(changeOf(changed, "B002").kind, ShotChangeKind::Deleted);
    EXPECT_EQ(changed.count(ShotChangeKind::Inserted), 1u);
}

TEST(ChangeList, AReversionedVfxShotIsTheSameShot)
{
    std::vector<Shot> before{{"A001", 1000, 100}, {"VFX_010_v11", 3000, 50, "VFX_010_v11.mov"}, {"B002", 5000, 80}};
    std::vector<Shot> after = before;
    after[1] = Shot{"VFX_010_v12", 3000, 50, "VFX_010_v12.mov"};
    const ChangeList list = diffCuts(cutOf(before), cutOf(after));
    const ShotChange& vfx = changeOf(list, "VFX_010_v11");
    EXPECT_EQ(vfx.kind, ShotChangeKind::Unchanged);
    EXPECT_TRUE(vfx.reversioned);
    ASSERT_EQ(vfx.notes.size(), 1u);
    EXPECT_EQ(vfx.notes[0], "re-versioned VFX_010_v11 -> VFX_010_v12");
    EXPECT_EQ(list.count(ShotChangeKind::Inserted), 0u);
}

TEST(ChangeList, ARenamedReelIsFoundByItsClipName)
{
    std::vector<Shot> before{{"A001", 1000, 100, "A001C003_230911.MOV"}, {"B002", 5000, 80, "B002C001.MOV"}};
    std::vector<Shot> after = before;
    after[0].reel = "A001C003";  // a longer reel name in another exporter
    const ChangeList list = diffCuts(cutOf(before), cutOf(after));
    const ShotChange& a = changeOf(list, "A001");
    EXPECT_EQ(a.kind, ShotChangeKind::Unchanged);
    ASSERT_FALSE(a.notes.empty());
    EXPECT_NE(a.notes[0].find("reel renamed A001 -> A001C003"), std::string::npos);
}

TEST(ChangeList, TheClipNameBreaksTiesBetweenOverlappingSourcesOfOneReel)
{
    // A tape-style reel: two clips share the reel and overlapping timecode. The clip name decides.
    std::vector<Shot> before{{"001", 1000, 50, "TAKE_1"}, {"002", 5000, 20, "OTHER"}, {"001", 1000, 50, "TAKE_2"}};
    std::vector<Shot> after{{"001", 1000, 50, "TAKE_2"}, {"002", 5000, 20, "OTHER"}, {"001", 1000, 50, "TAKE_1"}};
    const ChangeList list = diffCuts(cutOf(before), cutOf(after));
    EXPECT_EQ(list.mapFrame(kHour), kHour + 70);       // TAKE_1 went to the end
    EXPECT_EQ(list.mapFrame(kHour + 70), kHour);       // TAKE_2 came to the front
}

TEST(ChangeList, NormalisesCaseExtensionsAndVersionSuffixes)
{
    std::string version;
    EXPECT_EQ(normaliseMaterialName("VFX_010_v11", &version), "VFX_010");
    EXPECT_EQ(version, "v11");
    EXPECT_EQ(normaliseMaterialName("vfx_010_V012.mov", &version), "VFX_010");
    EXPECT_EQ(version, "v012");
    EXPECT_EQ(normaliseMaterialName("SH010v3", &version), "SH010");
    EXPECT_EQ(normaliseMaterialName("comp.v2", &version), "COMP");
    EXPECT_EQ(normaliseMaterialName("A001C003_230911_R1AB.MOV", &version), "A001C003_230911_R1AB");
    EXPECT_EQ(version, "");
    EXPECT_EQ(normaliseMaterialName("A005C001", &version), "A005C001");
    EXPECT_EQ(normaliseMaterialName("V12", &version), "V12");  // a bare version is a name
    EXPECT_EQ(normaliseMaterialName("REV", &version), "REV");
}

TEST(ChangeList, AudioOnlyLinesAndTheOutgoingLineOfADissolveAreNotShots)
{
    Edl cut = cutOf(kFourShots);
    EdlEvent audio = cut.events[0];
    audio.channels = "A";
    audio.reel = "SOUND";
    audio.recordOutFrame = kHour + 360;
    EdlEvent outgoing = cut.events[1];
    outgoing.number = cut.events[2].number;
    outgoing.recordInFrame = outgoing.recordOutFrame = cut.events[2].recordInFrame;
    outgoing.sourceInFrame = outgoing.sourceOutFrame;
    cut.events[2].transition = EdlTransition::Dissolve;
    cut.events[2].transitionFrames = 12;
    cut.events.insert(cut.events.begin() + 2, outgoing);
    cut.events.push_back(audio);

    const auto shots = cutShots(cut);
    ASSERT_EQ(shots.size(), 4u);
    EXPECT_EQ(shots[2].reel, "C003");
    EXPECT_EQ(shots[2].transitionFrames, 12);

    // The dissolve made shorter: same shots, a note on the transition.
    Edl next = cut;
    next.events[3].transitionFrames = 6;
    const ChangeList list = diffCuts(cut, next);
    EXPECT_EQ(list.count(ShotChangeKind::Unchanged), 4u);
    const ShotChange& c = changeOf(list, "C003");
    ASSERT_EQ(c.notes.size(), 1u);
    EXPECT_EQ(c.notes[0], "dissolve 12 frames -> dissolve 6 frames");
}

TEST(ChangeList, BlackFollowsTheShotBeforeIt)
{
    std::vector<Shot> before{{"A001", 1000, 100}, {"BL", 0, 24}, {"B002", 5000, 80}};
    std::vector<Shot> after{{"X999", 0, 30}, {"A001", 1000, 100}, {"BL", 0, 24}, {"B002", 5000, 80}};
    const ChangeList list = diffCuts(cutOf(before), cutOf(after));
    EXPECT_EQ(list.mapFrame(kHour + 110), kHour + 140);
    EXPECT_EQ(changeOf(list, "BL").kind, ShotChangeKind::Moved);
    EXPECT_EQ(list.runs.size(), 1u);  // all of it moved 30 frames as one
}

TEST(ChangeList, ARecordGapIsBlackToo)
{
    Edl before = cutOf(kFourShots);
    for (size_t i = 1; i < before.events.size(); ++i) {  // 10 frames of nothing after the first shot
        before.events[i].recordInFrame += 10;
        before.events[i].recordOutFrame += 10;
    }
    Edl after = before;
    after.events.erase(after.events.begin() + 2);  // C003 goes; the gap stays
    for (size_t i = 2; i < after.events.size(); ++i) {
        after.events[i].recordInFrame -= 60;
        after.events[i].recordOutFrame -= 60;
    }
    const ChangeList list = diffCuts(before, after);
    EXPECT_EQ(list.mapFrame(kHour + 105), kHour + 105);
    EXPECT_EQ(changeOf(list, "(gap)").kind, ShotChangeKind::Unchanged);
    EXPECT_EQ(changeOf(list, "D004").shift, -60);
}

TEST(ChangeList, MaterialUsedTwiceMapsToOnePlaceAndTheRepeatIsNewPicture)
{
    std::vector<Shot> after = kFourShots;
    after.push_back(Shot{"A001", 1020, 30});  // a flashback to part of the first shot
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf(after));
    EXPECT_EQ(changeOf(list, "A001").kind, ShotChangeKind::Unchanged);
    EXPECT_EQ(list.mapFrame(kHour + 25), kHour + 25);
    ASSERT_EQ(list.count(ShotChangeKind::Inserted), 1u);
    const ShotChange& repeat = list.changes.back();
    EXPECT_EQ(repeat.kind, ShotChangeKind::Inserted);
    ASSERT_EQ(repeat.notes.size(), 1u);
    EXPECT_EQ(repeat.notes[0], "repeats material the old cut shows elsewhere");
}

TEST(ChangeList, CutsSharingNoMaterialSaySo)
{
    const ChangeList list = diffCuts(cutOf(kFourShots), cutOf({{"Z001", 1, 100}, {"Z002", 500, 50}}));
    EXPECT_FALSE(list.sharesMaterial());
    EXPECT_EQ(list.count(ShotChangeKind::Deleted), 4u);
    EXPECT_EQ(list.count(ShotChangeKind::Inserted), 2u);
    ASSERT_EQ(list.warnings.size(), 1u);
    EXPECT_TRUE(list.runs.empty());
}

TEST(ChangeList, ASpeedChangedShotStillMatchesAndSaysItIsApproximate)
{
    Edl before = cutOf(kFourShots);
    Edl after = before;
    before.events[1].speed = 48.0;  // double speed: 80 record frames show 160 source frames
    before.events[1].sourceOutFrame = before.events[1].sourceInFrame + 160;
    after.events[1].speed = 48.0;
    after.events[1].sourceOutFrame = after.events[1].sourceInFrame + 160;
    const ChangeList same = diffCuts(before, after);
    EXPECT_EQ(changeOf(same, "B002").kind, ShotChangeKind::Unchanged);

    after.events[1].speed.reset();  // back to normal speed: the same first 80 source frames
    after.events[1].sourceOutFrame = after.events[1].sourceInFrame + 80;
    const ChangeList changed = diffCuts(before, after);
    const ShotChange& b = changeOf(changed, "B002");
    EXPECT_NE(b.kind, ShotChangeKind::Deleted);
    ASSERT_FALSE(b.notes.empty());
    EXPECT_NE(b.notes.back().find("speed changed"), std::string::npos);
}

// --- the demo scene ------------------------------------------------------------------------

const std::filesystem::path kDemo = std::filesystem::path(CUESMITH_SOURCE_DIR) / "resources" / "demo";

ChangeList demoChanges()
{
    const EdlReadOptions options{kFps23_976, false};
    return diffCuts(readEdlFile(kDemo / "scene_v1.edl", options), readEdlFile(kDemo / "scene_v2.edl", options));
}

int64_t tc(const char* text) { return *parseTimecodeFrames(text, kFps23_976); }

TEST(ChangeList, DemoSceneV1ToV2HasExactlyTheThreeChangesOfItsReadme)
{
    const ChangeList list = demoChanges();
    ASSERT_EQ(list.oldShots.size(), 10u);
    ASSERT_EQ(list.newShots.size(), 11u);
    EXPECT_EQ(list.oldEnd, tc("01:01:00:00"));
    EXPECT_EQ(list.newEnd, tc("01:01:00:12"));

    struct Expected {
        const char* reel;
        ShotChangeKind kind;
        int64_t shift;
    };
    const std::vector<Expected> expected{
        {"A001C003", ShotChangeKind::Unchanged, 0}, {"A002C001", ShotChangeKind::Unchanged, 0},
        {"A003C004", ShotChangeKind::Moved, 60},    {"B002C002", ShotChangeKind::Moved, 60},
        {"A004C002", ShotChangeKind::Moved, 60},    {"A005C001", ShotChangeKind::Moved, 60},
        {"A005C003", ShotChangeKind::Reordered, 228}, {"B003C001", ShotChangeKind::Trimmed, -36},
        {"A006C002", ShotChangeKind::Moved, 12},    {"A006C005", ShotChangeKind::Moved, 12},
    };
    for (const auto& e : expected) {
        const ShotChange& c = changeOf(list, e.reel);
        EXPECT_EQ(c.kind, e.kind) << e.reel << " is " << shotChangeKindName(c.kind);
        EXPECT_EQ(c.shift, e.shift) << e.reel;
    }
    const ShotChange& trimmed = changeOf(list, "B003C001");
    EXPECT_EQ(trimmed.headTrimmed, 0);
    EXPECT_EQ(trimmed.tailTrimmed, 48);
    EXPECT_FALSE(trimmed.reordered);
    const ShotChange& inserted = changeOf(list, "A002C004");
    EXPECT_EQ(inserted.kind, ShotChangeKind::Inserted);
    EXPECT_EQ(list.newShots[*inserted.newShot].event, "003");
    EXPECT_EQ(list.count(ShotChangeKind::Deleted), 0u);
    EXPECT_EQ(list.count(ShotChangeKind::Extended), 0u);

    // The dissolve's incoming line is the shot; it keeps its 24-frame overlap.
    EXPECT_EQ(list.newShots[*changeOf(list, "A005C001").newShot].transitionFrames, 24);

    ASSERT_EQ(list.newPicture.size(), 1u);
    EXPECT_EQ(list.newPicture[0].recordIn, tc("01:00:10:18"));
    EXPECT_EQ(list.newPicture[0].length(), 60);

    // The markers of the README follow their shots.
    EXPECT_EQ(list.mapFrame(tc("01:00:06:12")), tc("01:00:06:12"));  // DOOR SLAM
    EXPECT_EQ(list.mapFrame(tc("01:00:33:12")), tc("01:00:43:00"));  // HAND ON RAIL
    EXPECT_EQ(list.mapFrame(tc("01:00:40:08")), tc("01:00:38:20"));  // SHE LOOKS BACK
    EXPECT_EQ(list.mapFrame(tc("01:00:55:00")), tc("01:00:55:12"));  // FERRY HORN
    EXPECT_EQ(list.mapFrame(tc("01:00:43:00")), std::nullopt);       // B003C001's trimmed tail
    EXPECT_EQ(list.mapFrame(tc("01:00:44:23")), std::nullopt);

    // Listed in new-cut order: the trimmed shot now comes before the one that moved after it.
    std::vector<std::string> order;
    for (const auto& c : list.changes)
        order.push_back(c.oldShot ? list.oldShots[*c.oldShot].reel : list.newShots[*c.newShot].reel);
    EXPECT_EQ(order, (std::vector<std::string>{"A001C003", "A002C001", "A002C004", "A003C004", "B002C002",
                                               "A004C002", "A005C001", "B003C001", "A005C003", "A006C002",
                                               "A006C005"}));
}

// --- a feature-length reel -----------------------------------------------------------------

// 2 000 shots; the new version deletes every 50th, inserts a 30-frame shot after every 70th,
// trims 5 frames off the tail of every 40th and moves every 97th shot 10 places later. Each old
// shot's expected new record in (or none) comes with it.
struct GeneratedRecut {
    Edl oldCut, newCut;
    std::vector<std::optional<int64_t>> newRecordIn;
    std::vector<int64_t> keptLength;
};

GeneratedRecut generateRecut(int events)
{
    const testing::FeatureRecut recut = testing::makeFeatureRecut(events, 997, true);
    const auto& shots = recut.oldShots;
    const auto& next = recut.newShots;
    GeneratedRecut g;
    g.oldCut = testing::backToBackCut(shots, kFps23_976, kHour);
    g.newRecordIn.assign(shots.size(), std::nullopt);
    g.keptLength.assign(shots.size(), 0);
    int64_t record = kHour;
    for (const auto& p : next) {
        if (p.old >= 0) {
            g.newRecordIn[static_cast<size_t>(p.old)] = record;
            g.keptLength[static_cast<size_t>(p.old)] = p.shot.length;
        }
        record += p.shot.length;
    }
    g.newCut = testing::backToBackCut(testing::shotsOf(next), kFps23_976, kHour);
    return g;
}

TEST(ChangeList, AFeatureLengthReelMapsEveryShotWhereItWent)
{
    const GeneratedRecut g = generateRecut(2000);
    // Its speed is measured by bench/ConformBench.cpp, never asserted here.
    const ChangeList list = diffCuts(g.oldCut, g.newCut);

    size_t checked = 0;
    for (size_t i = 0; i < g.newRecordIn.size(); ++i) {
        const EdlEvent& e = g.oldCut.events[i];
        if (!g.newRecordIn[i]) {
            EXPECT_EQ(list.mapFrame(e.recordInFrame), std::nullopt) << i;
            continue;
        }
        EXPECT_EQ(list.mapFrame(e.recordInFrame), *g.newRecordIn[i]) << i;
        EXPECT_EQ(list.mapFrame(e.recordInFrame + g.keptLength[i] - 1), *g.newRecordIn[i] + g.keptLength[i] - 1) << i;
        if (g.keptLength[i] < e.recordOutFrame - e.recordInFrame) {
            EXPECT_EQ(list.mapFrame(e.recordInFrame + g.keptLength[i]), std::nullopt) << i;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 2000u - 40u);
    EXPECT_EQ(list.count(ShotChangeKind::Deleted), 40u);
    EXPECT_EQ(list.count(ShotChangeKind::Inserted), 23u);  // 28, less the five after a deleted shot
    EXPECT_GE(list.count(ShotChangeKind::Reordered), 15u);
    const ShotChange* moved = list.changeForOldShot(96);
    ASSERT_NE(moved, nullptr);
    EXPECT_EQ(moved->kind, ShotChangeKind::Reordered);
    const ShotChange* trimmed = list.changeForOldShot(39);
    ASSERT_NE(trimmed, nullptr);
    EXPECT_EQ(trimmed->kind, ShotChangeKind::Trimmed);
    EXPECT_EQ(trimmed->tailTrimmed, 5);
}

} // namespace
} // namespace cuesmith
