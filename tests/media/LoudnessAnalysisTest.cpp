#include "media/LoudnessAnalysis.h"

#include "media/AudioFileInfo.h"
#include "media/BwfWriter.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <sndfile.h>
#include <unistd.h>
#include <vector>

#ifndef CUESMITH_SHARED_DATA_DIR
#error "CUESMITH_SHARED_DATA_DIR must name the shared data folder (the one holding speech/)"
#endif

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

// BS.1770 weights a surround channel by 1.41, i.e. +1.49 dB.
const double kSurroundGainDb = 10.0 * std::log10(1.41);

double decibels(double linear) { return 20.0 * std::log10(linear); }
double fromDecibels(double db) { return std::pow(10.0, db / 20.0); }

// Writes 32-bit float WAVs (no quantisation between the signal and what is measured).
void writeSignal(const fs::path& path, int sampleRate, int channels, int64_t frames,
                 const std::function<double(int64_t, int)>& sample)
{
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    std::vector<float> block(static_cast<size_t>(4096 * channels));
    for (int64_t done = 0; done < frames;) {
        const int64_t n = std::min<int64_t>(4096, frames - done);
        for (int64_t i = 0; i < n; ++i)
            for (int c = 0; c < channels; ++c)
                block[static_cast<size_t>(i * channels + c)] = static_cast<float>(sample(done + i, c));
        sf_writef_float(file, block.data(), n);
        done += n;
    }
    sf_close(file);
}

double sine(double amplitude, double frequency, int64_t frame, int rate, double phase = 0.0)
{
    return amplitude * std::sin(2.0 * M_PI * frequency * static_cast<double>(frame) / rate + phase);
}

void expectNoNaN(const LoudnessReport& r)
{
    EXPECT_FALSE(r.integratedLufs && !std::isfinite(*r.integratedLufs));
    EXPECT_TRUE(std::isfinite(r.loudnessRangeLu));
    EXPECT_FALSE(r.truePeakDbtp && !std::isfinite(*r.truePeakDbtp));
    EXPECT_FALSE(r.samplePeakDbfs && !std::isfinite(*r.samplePeakDbfs));
}

class LoudnessAnalysisTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        folder = fs::temp_directory_path()
                 / ("cuesmith-loudness-" + std::to_string(::getpid()) + "-" + std::string(test->name()));
        fs::create_directories(folder);
    }
    void TearDown() override { fs::remove_all(folder); }

    // A 997 Hz sine of the given peak level in one channel of a 48 kHz file, silence elsewhere.
    LoudnessReport oneChannelTone(int channels, int channel, double peakDbfs = -20.0)
    {
        const auto path = folder / ("tone-" + std::to_string(channels) + "-" + std::to_string(channel) + ".wav");
        writeSignal(path, 48000, channels, 10 * 48000, [&](int64_t f, int c) {
            return c == channel ? sine(fromDecibels(peakDbfs), 997.0, f, 48000) : 0.0;
        });
        return analyzeLoudness(path);
    }

    fs::path folder;
};

// A sine of amplitude A reads -0.691 + 10 log10(A²/2) + K-weighting gain at 997 Hz (+0.691 dB by
// the definition of the -0.691 offset) = 20 log10(A) - 3.01 LUFS per channel; in both channels of
// a stereo file, 20 log10(A). So a stereo sine at -23 dBFS peak reads -23.0 LUFS (EBU Tech 3341
// case 1). FFmpeg's ebur128 filter reads the file this test writes as I -23.0 LUFS, LRA 0.0 LU,
// true peak -23.0 dBFS.
TEST_F(LoudnessAnalysisTest, AStereoSineAtMinus23DbfsPeakReadsMinus23Lufs)
{
    const auto path = folder / "tech3341-1.wav";
    writeSignal(path, 48000, 2, 20 * 48000, [](int64_t f, int) { return sine(fromDecibels(-23.0), 997.0, f, 48000); });
    const LoudnessReport r = analyzeLoudness(path);
    ASSERT_TRUE(r.integratedLufs);
    EXPECT_NEAR(*r.integratedLufs, -23.0, 0.1);
    EXPECT_NEAR(r.loudnessRangeLu, 0.0, 0.1);
    ASSERT_TRUE(r.samplePeakDbfs && r.truePeakDbtp);
    EXPECT_NEAR(*r.samplePeakDbfs, -23.0, 0.01);
    EXPECT_NEAR(*r.truePeakDbtp, -23.0, 0.1);
    EXPECT_EQ(r.frames, 20 * 48000);
    EXPECT_EQ(r.sampleRate, 48000);
    EXPECT_EQ(r.channels, 2);
}

// EBU Tech 3341 case 4: -72, -36, -23, -36, -72 dBFS for 10, 10, 60, 10, 10 s. The absolute gate
// (-70 LUFS) drops the -72 parts and the relative gate (10 LU below) the -36 ones: -23.0 LUFS.
TEST_F(LoudnessAnalysisTest, BothGatesLeaveOnlyTheLoudPartOfTech3341Case4)
{
    const auto path = folder / "tech3341-4.wav";
    const int rate = 48000;
    writeSignal(path, rate, 2, 100 * rate, [&](int64_t f, int) {
        const int64_t s = f / rate;
        const double level = s < 10 ? -72.0 : s < 20 ? -36.0 : s < 80 ? -23.0 : s < 90 ? -36.0 : -72.0;
        return sine(fromDecibels(level), 1000.0, f, rate);
    });
    const LoudnessReport r = analyzeLoudness(path);
    ASSERT_TRUE(r.integratedLufs);
    EXPECT_NEAR(*r.integratedLufs, -23.0, 0.1);
}

TEST_F(LoudnessAnalysisTest, FiveOneLeavesTheLfeOutAndWeightsTheSurrounds)
{
    // SMPTE order L R C LFE Ls Rs.
    const LoudnessReport left = oneChannelTone(6, 0);
    const LoudnessReport centre = oneChannelTone(6, 2);
    const LoudnessReport lfe = oneChannelTone(6, 3);
    const LoudnessReport leftSurround = oneChannelTone(6, 4);
    const LoudnessReport rightSurround = oneChannelTone(6, 5);

    ASSERT_TRUE(left.integratedLufs && centre.integratedLufs && leftSurround.integratedLufs
                && rightSurround.integratedLufs);
    EXPECT_NEAR(*left.integratedLufs, -20.0 - 3.01, 0.1);
    EXPECT_NEAR(*centre.integratedLufs, *left.integratedLufs, 0.01);
    EXPECT_NEAR(*leftSurround.integratedLufs - *left.integratedLufs, kSurroundGainDb, 0.01);
    EXPECT_NEAR(*rightSurround.integratedLufs - *left.integratedLufs, kSurroundGainDb, 0.01);

    EXPECT_FALSE(lfe.integratedLufs) << *lfe.integratedLufs;
    expectNoNaN(lfe);
    // Peaks still see the LFE: QC limits apply to every channel.
    ASSERT_TRUE(lfe.samplePeakDbfs);
    EXPECT_NEAR(*lfe.samplePeakDbfs, -20.0, 0.01);
}

// A film-order delivery (L C R Ls Rs LFE) names its channels in iXML: the analysis finds the LFE
// last and leaves it out, as it does the SMPTE file's fourth channel.
TEST_F(LoudnessAnalysisTest, AFilmOrderDeliveryIsReadInFilmOrderFromItsTrackNames)
{
    auto deliver = [&](DeliveryChannelOrder order, const fs::path& path) {
        BwfMetadata meta;
        for (const auto& name : speakerNames(ChannelLayout::Surround51, order))
            meta.trackNames.push_back("MIX " + name);
        BwfWriter writer(path, 48000, ChannelLayout::Surround51, order, DeliverySampleFormat::Float32, meta);
        const auto names = speakerNames(ChannelLayout::Surround51, order);
        const int left = 0, lfe = static_cast<int>(std::find(names.begin(), names.end(), "LFE") - names.begin());
        std::vector<float> block(6 * 4800, 0.0f);
        for (int64_t done = 0; done < 10 * 48000; done += 4800) {
            for (int i = 0; i < 4800; ++i) {
                const float x = static_cast<float>(fromDecibels(-20.0) * std::sin(2.0 * M_PI * 997.0 * static_cast<double>(done + i) / 48000.0));
                block[static_cast<size_t>(6 * i + left)] = x;
                block[static_cast<size_t>(6 * i + lfe)] = 4.0f * x;  // loud: counted if taken for a surround
            }
            writer.write(block.data(), 4800);
        }
        writer.finish();
    };
    const fs::path smpte = folder / "smpte.wav", film = folder / "film.wav";
    deliver(DeliveryChannelOrder::Smpte, smpte);
    deliver(DeliveryChannelOrder::Film, film);
    EXPECT_EQ(readAudioFileInfo(film).trackNames.back(), "MIX LFE");
    EXPECT_EQ(lfePositionOf(readAudioFileInfo(film)), LfePosition::Film);
    EXPECT_EQ(lfePositionOf(readAudioFileInfo(smpte)), LfePosition::Smpte);

    const LoudnessReport fromSmpte = analyzeLoudness(smpte), fromFilm = analyzeLoudness(film);
    ASSERT_TRUE(fromSmpte.integratedLufs && fromFilm.integratedLufs);
    EXPECT_NEAR(*fromSmpte.integratedLufs, -20.0 - 3.01, 0.1);  // the left channel alone
    EXPECT_NEAR(*fromFilm.integratedLufs, *fromSmpte.integratedLufs, 0.01);
    // Read as SMPTE, the film file's LFE would count as a surround.
    EXPECT_GT(*analyzeLoudness(film, false).integratedLufs, *fromSmpte.integratedLufs + 10.0);
}

TEST_F(LoudnessAnalysisTest, SevenOneLeavesTheLfeOutAndWeightsAllFourSurrounds)
{
    // SMPTE order L R C LFE Lss Rss Lrs Rrs.
    const LoudnessReport left = oneChannelTone(8, 0);
    ASSERT_TRUE(left.integratedLufs);
    EXPECT_NEAR(*left.integratedLufs, -23.01, 0.1);
    EXPECT_FALSE(oneChannelTone(8, 3).integratedLufs);
    for (int surround = 4; surround < 8; ++surround) {
        const LoudnessReport r = oneChannelTone(8, surround);
        ASSERT_TRUE(r.integratedLufs) << surround;
        EXPECT_NEAR(*r.integratedLufs - *left.integratedLufs, kSurroundGainDb, 0.01) << "channel " << surround;
    }
}

// A sine at a quarter of the sample rate sampled 45° off its peaks: every sample is ±A/√2, but
// the waveform between them reaches A, 3.01 dB higher.
TEST_F(LoudnessAnalysisTest, TruePeakFindsThePeakBetweenTheSamples)
{
    const auto path = folder / "intersample.wav";
    writeSignal(path, 48000, 2, 5 * 48000, [](int64_t f, int) { return sine(0.5, 12000.0, f, 48000, M_PI / 4); });
    const LoudnessReport r = analyzeLoudness(path);
    ASSERT_TRUE(r.samplePeakDbfs && r.truePeakDbtp);
    EXPECT_NEAR(*r.samplePeakDbfs, decibels(0.5 / std::sqrt(2.0)), 0.01);  // -9.03
    EXPECT_NEAR(*r.truePeakDbtp, decibels(0.5), 0.2);                      // -6.02
    EXPECT_GT(*r.truePeakDbtp, *r.samplePeakDbfs + 2.5);
}

TEST_F(LoudnessAnalysisTest, SilenceHasNoLoudnessAndNoPeaksRatherThanNaN)
{
    const auto path = folder / "silence.wav";
    writeSignal(path, 48000, 2, 3 * 48000, [](int64_t, int) { return 0.0; });
    const LoudnessReport r = analyzeLoudness(path);
    EXPECT_FALSE(r.integratedLufs);
    EXPECT_FALSE(r.truePeakDbtp);
    EXPECT_FALSE(r.samplePeakDbfs);
    EXPECT_EQ(r.loudnessRangeLu, 0.0);
    EXPECT_EQ(r.frames, 3 * 48000);
    expectNoNaN(r);

    // Less than one 400 ms gating block has no integrated loudness either, but has peaks.
    LoudnessMeter meter;
    meter.prepare(48000, 1);
    std::vector<float> tone(9600);
    for (size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(sine(0.5, 997.0, static_cast<int64_t>(i), 48000));
    meter.addFrames(tone.data(), tone.size());
    EXPECT_FALSE(meter.report().integratedLufs);
    EXPECT_TRUE(meter.report().samplePeakDbfs);
    expectNoNaN(meter.report());
}

TEST_F(LoudnessAnalysisTest, TheStreamingMeterAgreesWithTheFileAnalysisWhateverTheBlocks)
{
    const auto path = folder / "noise.wav";
    std::mt19937 random(7);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::vector<float> samples;
    writeSignal(path, 44100, 6, 8 * 44100, [&](int64_t f, int c) {
        // A slow swing of about 20 dB over the 8 seconds gives the file a loudness range.
        const double swell = 0.1 + 0.9 * std::abs(std::sin(M_PI * static_cast<double>(f) / (8 * 44100)));
        const double v = noise(random) * swell * (c == 3 ? 0.0 : 1.0);
        samples.push_back(static_cast<float>(v));
        return v;
    });
    const LoudnessReport file = analyzeLoudness(path);

    LoudnessMeter meter;
    meter.prepare(44100, 6);
    const size_t sizes[] = {1, 4410, 999, 65536};
    size_t frame = 0, total = samples.size() / 6;
    for (size_t i = 0; frame < total; ++i) {
        const size_t n = std::min(sizes[i % 4], total - frame);
        meter.addFrames(samples.data() + frame * 6, n);
        frame += n;
    }
    const LoudnessReport streamed = meter.report();
    ASSERT_TRUE(file.integratedLufs && streamed.integratedLufs);
    EXPECT_DOUBLE_EQ(*streamed.integratedLufs, *file.integratedLufs);
    EXPECT_DOUBLE_EQ(streamed.loudnessRangeLu, file.loudnessRangeLu);
    EXPECT_DOUBLE_EQ(*streamed.truePeakDbtp, *file.truePeakDbtp);
    EXPECT_DOUBLE_EQ(*streamed.samplePeakDbfs, *file.samplePeakDbfs);
    EXPECT_EQ(streamed.frames, file.frames);
    EXPECT_GT(file.loudnessRangeLu, 3.0);

    // prepare() starts over.
    meter.prepare(48000, 2);
    EXPECT_EQ(meter.report().frames, 0);
    EXPECT_FALSE(meter.report().integratedLufs);
}

// Measured with FFmpeg 5.1 (its ebur128 filter works at 48 kHz, so it resamples the 22.05 kHz
// file first):
//   ffmpeg -nostats -i LJ050-0131.wav -af ebur128=peak=true -f null -
// Summary: I = -22.6 LUFS, LRA = 3.3 LU, true peak = -5.6 dBFS. Loudness range is not compared:
// libebur128 takes a 3 s short-term block every second, FFmpeg every 100 ms, and on a 7.7 s file
// the two sets of blocks differ (we read 2.65 LU); on a programme-length file they agree.
TEST_F(LoudnessAnalysisTest, RealSpeechReadsWhatFfmpegReads)
{
    const auto path = fs::path(CUESMITH_SHARED_DATA_DIR) / "speech" / "LJ050-0131.wav";
    const LoudnessReport r = analyzeLoudness(path);
    EXPECT_EQ(r.sampleRate, 22050);
    EXPECT_EQ(r.channels, 1);
    ASSERT_TRUE(r.integratedLufs);
    EXPECT_NEAR(*r.integratedLufs, -22.6, 0.2);
    ASSERT_TRUE(r.truePeakDbtp);
    EXPECT_NEAR(*r.truePeakDbtp, -5.6, 0.3);
}

TEST_F(LoudnessAnalysisTest, AMissingFileIsRefusedNamingIt)
{
    try {
        analyzeLoudness(folder / "missing.wav");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing.wav: no such file"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace cuesmith
