#include "core/Timecode.h"

#include <gtest/gtest.h>

namespace cuesmith {
namespace {

int64_t frames(const char* tc, const FrameRate& rate)
{
    const auto f = parseTimecodeFrames(tc, rate);
    EXPECT_TRUE(f.has_value()) << tc;
    return f.value_or(-1);
}

TEST(Timecode, OneHourAt23976And48kIsSample172972800NotTheFloatingSecondsAnswer)
{
    EXPECT_EQ(frames("01:00:00:00", kFps23_976), 86400);
    EXPECT_EQ(framesToSamples(86400, kFps23_976, 48000), 172972800);
    EXPECT_NE(framesToSamples(86400, kFps23_976, 48000), 172800000);
    EXPECT_EQ(samplesToFrames(172972800, kFps23_976, 48000), 86400);
    EXPECT_EQ(samplesToFrames(172972799, kFps23_976, 48000), 86399);
}

TEST(Timecode, ParsesAndFormatsBothSeparators)
{
    const auto nd = parseTimecode("01:02:03:04");
    ASSERT_TRUE(nd);
    EXPECT_EQ(nd->hours, 1);
    EXPECT_EQ(nd->minutes, 2);
    EXPECT_EQ(nd->seconds, 3);
    EXPECT_EQ(nd->frames, 4);
    EXPECT_FALSE(nd->dropFrameSeparator);
    EXPECT_EQ(formatTimecode(*nd), "01:02:03:04");
    const auto df = parseTimecode("01:02:03;04");
    ASSERT_TRUE(df);
    EXPECT_TRUE(df->dropFrameSeparator);
    EXPECT_EQ(formatTimecode(*df), "01:02:03;04");
}

TEST(Timecode, RefusesMalformedText)
{
    for (const char* bad : {"", "1:00:00:00", "01:00:00", "01:60:00:00", "01:00:60:00", "24:00:00:00",
                            "01-00-00-00", "aa:bb:cc:dd", "01:00:00:000", " 01:00:00:00"})
        EXPECT_FALSE(parseTimecode(bad).has_value()) << bad;
}

TEST(Timecode, FrameFieldMustFitTheRate)
{
    EXPECT_FALSE(parseTimecodeFrames("01:00:00:24", kFps24));
    EXPECT_TRUE(parseTimecodeFrames("01:00:00:24", kFps25));
    EXPECT_FALSE(parseTimecodeFrames("01:00:00:25", kFps25));
    EXPECT_TRUE(parseTimecodeFrames("01:00:00:29", kFps29_97));
    EXPECT_TRUE(parseTimecodeFrames("01:00:00:59", kFps59_94Drop));
}

TEST(Timecode, DropFrameSkipsTwoLabelsEachMinuteButTheTenth)
{
    EXPECT_EQ(frames("00:00:59;29", kFps29_97Drop), 1799);
    EXPECT_EQ(frames("00:01:00;02", kFps29_97Drop), 1800);
    EXPECT_FALSE(parseTimecodeFrames("00:01:00;00", kFps29_97Drop));
    EXPECT_FALSE(parseTimecodeFrames("00:01:00;01", kFps29_97Drop));
    // The tenth minute keeps its labels.
    EXPECT_TRUE(parseTimecodeFrames("00:10:00;00", kFps29_97Drop));
    EXPECT_EQ(frames("00:10:00;00", kFps29_97Drop), 17982);
    EXPECT_EQ(frames("00:09:59;29", kFps29_97Drop), 17981);
    EXPECT_EQ(formatFrames(1800, kFps29_97Drop), "00:01:00;02");
    EXPECT_EQ(formatFrames(1799, kFps29_97Drop), "00:00:59;29");
    EXPECT_EQ(formatFrames(17982, kFps29_97Drop), "00:10:00;00");
    EXPECT_EQ(formatFrames(17981, kFps29_97Drop), "00:09:59;29");
}

TEST(Timecode, DropFrameHourIsWithinOneFrameOfRealTime)
{
    // One hour of 29.97 DF labels is 107892 frames = 3599.9964 s: the labels track the clock.
    EXPECT_EQ(frames("01:00:00;00", kFps29_97Drop), 107892);
    // 107892 x 1601.6 = 172799827.2: the frame begins inside that sample, so its first sample is the next.
    EXPECT_EQ(framesToSamples(107892, kFps29_97Drop, 48000), 172799828);
    // Non-drop 29.97 counts 108000 frames and drifts 3.6 s an hour.
    EXPECT_EQ(frames("01:00:00:00", kFps29_97), 108000);
}

TEST(Timecode, SixtyFourFpsDropSkipsFourLabels)
{
    EXPECT_EQ(frames("00:00:59;59", kFps59_94Drop), 3599);
    EXPECT_EQ(frames("00:01:00;04", kFps59_94Drop), 3600);
    EXPECT_FALSE(parseTimecodeFrames("00:01:00;03", kFps59_94Drop));
    EXPECT_EQ(formatFrames(3600, kFps59_94Drop), "00:01:00;04");
    EXPECT_EQ(frames("01:00:00;00", kFps59_94Drop), 215784);
}

TEST(Timecode, EveryFrameOfADayRoundTripsAtDropFrameRates)
{
    for (const FrameRate& rate : {kFps29_97Drop, kFps59_94Drop}) {
        const int64_t day = framesPerDay(rate);
        for (int64_t f = 0; f < day; f += 7) {
            const Timecode tc = framesToTimecode(f, rate);
            ASSERT_TRUE(isValidTimecode(tc, rate)) << formatTimecode(tc);
            ASSERT_EQ(timecodeToFrames(tc, rate), f) << formatTimecode(tc);
        }
    }
}

TEST(Timecode, MinuteBoundariesRoundTripAtEveryRate)
{
    for (auto it = supportedFrameRatesBegin(); it != supportedFrameRatesEnd(); ++it) {
        const FrameRate& rate = *it;
        const int base = rate.timecodeBase();
        for (int minute = 1; minute < 24 * 60; ++minute) {
            // The first label of this minute follows the last label of the one before.
            const int firstFrameLabel = minute % 10 == 0 ? 0 : rate.droppedLabelsPerMinute();
            const Timecode first{minute / 60, minute % 60, 0, firstFrameLabel, rate.dropFrame};
            const Timecode lastBefore{(minute - 1) / 60, (minute - 1) % 60, 59, base - 1, rate.dropFrame};
            ASSERT_TRUE(isValidTimecode(first, rate)) << formatTimecode(first);
            const int64_t f = timecodeToFrames(first, rate);
            ASSERT_EQ(timecodeToFrames(lastBefore, rate), f - 1) << formatTimecode(first);
            ASSERT_EQ(framesToTimecode(f, rate), first);
            ASSERT_EQ(framesToTimecode(f - 1, rate), lastBefore);
        }
    }
}

TEST(Timecode, CountsWrapAcrossMidnight)
{
    EXPECT_EQ(formatFrames(framesPerDay(kFps24), kFps24), "00:00:00:00");
    EXPECT_EQ(formatFrames(framesPerDay(kFps24) - 1, kFps24), "23:59:59:23");
    EXPECT_EQ(formatFrames(-1, kFps24), "23:59:59:23");
    EXPECT_EQ(formatFrames(framesPerDay(kFps29_97Drop) - 1, kFps29_97Drop), "23:59:59;29");
    EXPECT_EQ(formatFrames(framesPerDay(kFps29_97Drop) + 1800, kFps29_97Drop), "00:01:00;02");
    EXPECT_EQ(framesPerDay(kFps29_97Drop), 2589408);
    EXPECT_EQ(framesPerDay(kFps23_976), 2073600);
}

TEST(Timecode, TwentyThreeNineSevenSixCountsLabelsAtTwentyFour)
{
    EXPECT_EQ(frames("00:00:01:00", kFps23_976), 24);
    EXPECT_EQ(formatFrames(24, kFps23_976), "00:00:01:00");
    // Each frame is exactly 2002 samples at 48 kHz.
    EXPECT_EQ(framesToSamples(1, kFps23_976, 48000), 2002);
    EXPECT_EQ(framesToSamples(1, kFps24, 48000), 2000);
}

TEST(Timecode, SampleOfAFrameIsTheFirstSampleAtOrAfterItsExactStart)
{
    // 29.97 at 48 kHz: a frame is 1601.6 samples, so frame 1 starts inside sample 1601.
    EXPECT_EQ(framesToSamples(1, kFps29_97, 48000), 1602);
    EXPECT_EQ(framesToSamples(5, kFps29_97, 48000), 8008);
    EXPECT_EQ(samplesToFrames(1601, kFps29_97, 48000), 0);
    EXPECT_EQ(samplesToFrames(1602, kFps29_97, 48000), 1);
    for (int64_t f = 0; f < 10000; ++f)
        ASSERT_EQ(samplesToFrames(framesToSamples(f, kFps29_97, 44100), kFps29_97, 44100), f);
}

TEST(Timecode, NegativeSamplesFloorToTheFrameBefore)
{
    EXPECT_EQ(samplesToFrames(-1, kFps24, 48000), -1);
    EXPECT_EQ(framesToSamples(-1, kFps24, 48000), -2000);
}

} // namespace
} // namespace cuesmith
