#include "dsp/SpeechDetector.h"
#include "dsp/SpeechFeatures.h"

#include "SpeechCorpus.h"

#include <gtest/gtest.h>
#include <soxr.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

// Real speech (../shared/data/speech) over real music (singularity-music), the truth known frame
// by frame: SpeechCorpus.h defines the corpus, the truth and the SMR; docs/SPEECH_DETECTION.md
// has the full measurements (bench/SpeechDetectionEval.cpp).

namespace cuesmith {
namespace {

using namespace cuesmith::testing;

std::vector<std::filesystem::path> speechPaths(const std::vector<std::string>& names)
{
    std::vector<std::filesystem::path> paths;
    for (const auto& name : names)
        paths.push_back(speechFile(name));
    return paths;
}

std::vector<std::filesystem::path> musicPaths(const std::vector<std::string>& names)
{
    std::vector<std::filesystem::path> paths;
    for (const auto& name : names) {
        paths.push_back(musicFile(name));
        if (!std::filesystem::exists(paths.back()))
            throw std::runtime_error(paths.back().string() + " is missing: install singularity-music (scripts/install-deps)");
    }
    return paths;
}

std::vector<float> resampled(const std::vector<float>& in, int rate)
{
    std::vector<float> out(in.size() * static_cast<size_t>(rate) / kCorpusRate + 1);
    size_t done = 0;
    const auto quality = soxr_quality_spec(SOXR_MQ, 0);  // ample for detection, and quick under sanitizers
    const auto error = soxr_oneshot(kCorpusRate, rate, 1, in.data(), in.size(), nullptr, out.data(), out.size(), &done,
                                    nullptr, &quality, nullptr);
    if (error)
        throw std::runtime_error(error);
    out.resize(done);
    return out;
}

struct Detected {
    std::vector<SpeechRegion> regions;
    std::vector<float> confidence;
    int64_t samples = 0;
};

Detected detect(const std::vector<float>& mono, int rate, const SpeechDetectorSettings& settings = {}, size_t block = 48000)
{
    SpeechDetector detector(rate, settings);
    for (size_t at = 0; at < mono.size(); at += block)
        detector.process(std::span(mono).subspan(at, std::min(block, mono.size() - at)));
    detector.finish();
    return {detector.regions(), detector.frameConfidence(), detector.samplesProcessed()};
}

FrameScore score(const Corpus& corpus, const Detected& d, int rate = kCorpusRate)
{
    return scoreFrames(corpus.truth, framesInRegions(d.regions, corpus.truth.size(), rate));
}

std::string describe(const FrameScore& s)
{
    char text[64];
    std::snprintf(text, sizeof text, "P %.3f R %.3f F1 %.3f", s.precision(), s.recall(), s.f1());
    return text;
}

// The measured figures go to the log too, not only when a test fails.
void report(const std::string& what, const std::string& figures)
{
    std::printf("  %s: %s\n", what.c_str(), figures.c_str());
    ::testing::Test::RecordProperty(what, figures);
}

// The corpora are built once: decoding the music is the slow part.
class SpeechOverMusic : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        try {
            // The lines and tracks the model never saw, 30 s of each track.
            CorpusRecipe heldOut;
            heldOut.speech = speechPaths(heldOutSpeech());
            heldOut.music = musicPaths(heldOutMusic());
            heldOut.musicStartSeconds = 20.0;
            heldOut.musicSeconds = 30.0;
            heldOut_ = std::make_unique<Corpus>(buildCorpus(heldOut));

            // All four recordings over all thirteen tracks, later in each track.
            CorpusRecipe everything;
            everything.speech = speechPaths({"LJ050-0131.wav", "LJ050-0075.wav", "common_voice_en_17299458.wav", "LJ050-0115.wav"});
            auto names = heldOutMusic();
            names.insert(names.end(), tuningMusic().begin(), tuningMusic().end());
            everything.music = musicPaths(names);
            everything.musicStartSeconds = 70.0;
            everything.musicSeconds = 16.0;
            everything.seed = 7;
            everything_ = std::make_unique<Corpus>(buildCorpus(everything));

            CorpusRecipe musicAlone = heldOut;
            musicAlone.withSpeech = false;
            musicAlone.musicStartSeconds = 100.0;
            musicAlone_ = std::make_unique<Corpus>(buildCorpus(musicAlone));
        } catch (const std::exception& e) {
            error_ = e.what();
        }
    }
    static void TearDownTestSuite()
    {
        heldOut_.reset();
        everything_.reset();
        musicAlone_.reset();
    }
    void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

    static const Corpus& heldOut() { return *heldOut_; }
    static const Corpus& everything() { return *everything_; }
    static const Corpus& musicAlone() { return *musicAlone_; }

private:
    static inline std::unique_ptr<Corpus> heldOut_, everything_, musicAlone_;
    static inline std::string error_;
};

TEST_F(SpeechOverMusic, FindsHeldOutSpeechOverHeldOutMusicAtZeroDbWithAnF1OfAtLeastNinetyPercent)
{
    ASSERT_GT(heldOut().speechFrames(), 5000);  // minutes of real lines, not a token few
    const auto s = score(heldOut(), detect(heldOut().mix, kCorpusRate));
    report("held-out speech over held-out music at 0 dB", describe(s));
    EXPECT_GE(s.f1(), 0.90) << describe(s);
}

TEST_F(SpeechOverMusic, FindsAllFourRecordingsOverAllThirteenTracksWithAnF1OfAtLeastNinetyPercent)
{
    const auto s = score(everything(), detect(everything().mix, kCorpusRate));
    report("all speech over all music at 0 dB", describe(s));
    EXPECT_GE(s.f1(), 0.90) << describe(s);
}

TEST_F(SpeechOverMusic, MusicAloneGetsNearlyNoSpeech)
{
    const auto d = detect(musicAlone().mix, kCorpusRate);
    const auto s = score(musicAlone(), d);
    const double minutes = static_cast<double>(musicAlone().mix.size()) / kCorpusRate / 60.0;
    char figures[96];
    std::snprintf(figures, sizeof figures, "%.1f %% of frames marked, %zu regions in %.1f min", 100.0 * s.falsePositiveRate(),
                  d.regions.size(), minutes);
    report("music alone", figures);
    EXPECT_LE(s.falsePositiveRate(), 0.03) << s.falsePositives << " frames marked";
    EXPECT_LE(static_cast<double>(d.regions.size()) / minutes, 2.0) << d.regions.size() << " regions in " << minutes << " min";
}

TEST_F(SpeechOverMusic, DoesNotDependOnTheLevelOrTheSampleRate)
{
    const double reference = score(heldOut(), detect(heldOut().mix, kCorpusRate)).f1();
    std::vector<float> quieter = heldOut().mix;
    for (auto& x : quieter)
        x *= 0.0316f;  // -30 dB
    const auto atMinus30 = score(heldOut(), detect(quieter, kCorpusRate));
    EXPECT_NEAR(atMinus30.f1(), reference, 0.02) << describe(atMinus30);

    // The first 90 s at other rates (resampling is slow under the sanitizers), against the same
    // 90 s at 48 kHz.
    Corpus part;
    part.mix.assign(heldOut().mix.begin(), heldOut().mix.begin() + 90 * kCorpusRate);
    part.truth.assign(heldOut().truth.begin(), heldOut().truth.begin() + 9000);
    const double partReference = score(part, detect(part.mix, kCorpusRate)).f1();
    for (int rate : {16000, 44100}) {
        const auto s = score(part, detect(resampled(part.mix, rate), rate), rate);
        EXPECT_NEAR(s.f1(), partReference, 0.02) << rate << " Hz: " << describe(s);
    }
}

TEST(SpeechDetector, FindsSpeechOverRoomToneAndDoorSlams)
{
    CorpusRecipe recipe;
    recipe.speech = speechPaths({"LJ050-0075.wav", "common_voice_en_17299458.wav", "LJ050-0115.wav", "LJ050-0131.wav"});
    recipe.withMusic = false;
    recipe.musicSeconds = 60.0;
    recipe.roomToneDb = -60.0;
    recipe.doorSlams = 4;
    const Corpus corpus = buildCorpus(recipe);
    const auto s = score(corpus, detect(corpus.mix, kCorpusRate));
    report("speech over room tone and door slams", describe(s));
    EXPECT_GE(s.f1(), 0.90) << describe(s);
}

TEST(SpeechDetector, RoomToneAloneGetsNoRegionAtAnyLevel)
{
    for (double level : {-60.0, -45.0, -30.0}) {
        const auto tone = pinkNoise(20 * kCorpusRate, level, 5);
        EXPECT_TRUE(detect(tone, kCorpusRate).regions.empty()) << level << " dBFS";
    }
}

TEST(SpeechDetector, DoorSlamsAloneGetNoRegion)
{
    auto mix = pinkNoise(30 * kCorpusRate, -60.0, 6);
    for (int i = 0; i < 10; ++i) {
        const auto slam = doorSlam(-3.0 + i % 3 * -6.0, 100 + static_cast<uint32_t>(i));
        const size_t at = static_cast<size_t>(i) * 3 * kCorpusRate + 12345;
        for (size_t j = 0; j < slam.size(); ++j)
            mix[at + j] += slam[j];
    }
    EXPECT_TRUE(detect(mix, kCorpusRate).regions.empty());
}

TEST(SpeechDetector, RegionsLieOnTheTenMillisecondGridWithConfidencesBetweenZeroAndOne)
{
    const auto line = loadSpeechLine(speechFile("LJ050-0131.wav"));
    std::vector<float> mono = pinkNoise(12 * kCorpusRate, -60.0, 7);
    for (size_t i = 0; i < line.samples.size(); ++i)
        mono[kCorpusRate + i] += line.samples[i];
    for (int rate : {22050, 44100, 48000}) {  // 220.5, 441 and 480 samples a frame
        const auto input = resampled(mono, rate);
        const auto d = detect(input, rate, {}, 1000);
        ASSERT_EQ(static_cast<int64_t>(d.confidence.size()), SpeechFeatures::frameCount(d.samples, rate));
        ASSERT_FALSE(d.regions.empty()) << rate;
        auto onGrid = [&](int64_t sample) {
            const int64_t k = sample * 100 / rate;
            return SpeechFeatures::frameStart(k, rate) == sample || SpeechFeatures::frameStart(k + 1, rate) == sample;
        };
        int64_t previousEnd = 0;
        for (const auto& r : d.regions) {
            EXPECT_TRUE(onGrid(r.start)) << rate << ": " << r.start;
            EXPECT_TRUE(onGrid(r.end) || r.end == d.samples) << rate << ": " << r.end;
            EXPECT_LT(r.start, r.end);
            EXPECT_GE(r.start, previousEnd);
            EXPECT_LE(r.end, d.samples);
            EXPECT_GE(r.confidence, 0.0f);
            EXPECT_LE(r.confidence, 1.0f);
            previousEnd = r.end;
        }
        for (float c : d.confidence)
            ASSERT_TRUE(c >= 0.0f && c <= 1.0f) << c;
        // The line (7.7 s, starting 1 s in) is found where it is.
        EXPECT_NEAR(static_cast<double>(d.regions.front().start) / rate, 1.0 + 0.1, 0.3) << rate;
    }
}

TEST(SpeechDetector, SilenceAndEmptyInputGiveNoRegionsAndNoNaN)
{
    const auto silent = detect(std::vector<float>(5 * kCorpusRate, 0.0f), kCorpusRate);
    EXPECT_TRUE(silent.regions.empty());
    EXPECT_EQ(silent.confidence.size(), 500u);
    for (float c : silent.confidence)
        ASSERT_EQ(c, 0.0f);

    const auto empty = detect({}, kCorpusRate);
    EXPECT_TRUE(empty.regions.empty());
    EXPECT_TRUE(empty.confidence.empty());
    EXPECT_TRUE(detectSpeech({}, 8000).empty());

    // Damaged input counts as silence rather than poisoning the analysis.
    std::vector<float> damaged(2 * kCorpusRate, std::numeric_limits<float>::quiet_NaN());
    damaged[100] = std::numeric_limits<float>::infinity();
    const auto d = detect(damaged, kCorpusRate);
    EXPECT_TRUE(d.regions.empty());
    for (float c : d.confidence)
        ASSERT_TRUE(std::isfinite(c));
}

TEST(SpeechDetector, BlockSizeDoesNotChangeTheResult)
{
    const auto line = loadSpeechLine(speechFile("common_voice_en_17299458.wav"));
    std::vector<float> mono = pinkNoise(5 * kCorpusRate, -50.0, 8);
    for (size_t i = 0; i < line.samples.size(); ++i)
        mono[kCorpusRate + i] += line.samples[i];
    const auto whole = detect(mono, kCorpusRate, {}, mono.size());
    for (size_t block : {size_t{1}, size_t{441}, size_t{100000}}) {
        const auto d = detect(mono, kCorpusRate, {}, block);
        EXPECT_EQ(d.confidence, whole.confidence) << block;
        EXPECT_EQ(d.regions, whole.regions) << block;
    }
}

TEST(SpeechDetector, RejectsSampleRatesOutsideEightTo192Kilohertz)
{
    EXPECT_THROW(SpeechDetector(7999), std::invalid_argument);
    EXPECT_THROW(SpeechDetector(192001), std::invalid_argument);
    EXPECT_NO_THROW(SpeechDetector(8000));
    EXPECT_NO_THROW(SpeechDetector(192000));
    EXPECT_THROW(speechRegions({}, 0, 0, {}), std::invalid_argument);
}

// The decision logic on made-up confidences: 1 where speech is, 0 elsewhere, at 48 kHz.
std::vector<float> confidences(size_t frames, std::initializer_list<std::pair<size_t, size_t>> speech)
{
    std::vector<float> c(frames, 0.0f);
    for (auto [first, end] : speech)
        std::fill(c.begin() + static_cast<std::ptrdiff_t>(first), c.begin() + static_cast<std::ptrdiff_t>(end), 1.0f);
    return c;
}

SpeechDetectorSettings settings(double pause, double hangover, double minimum = 0.0)
{
    SpeechDetectorSettings s;
    s.minimumPauseSeconds = pause;
    s.hangoverSeconds = hangover;
    s.minimumSpeechSeconds = minimum;
    return s;
}

TEST(SpeechRegions, MinimumPauseBridgesShorterGapsOnly)
{
    const auto c = confidences(1000, {{100, 200}, {225, 300}, {400, 500}});  // gaps of 250 ms and 1 s
    const auto bridged = speechRegions(c, 48000, 1000 * 480, settings(0.3, 0.0));
    ASSERT_EQ(bridged.size(), 2u);
    EXPECT_EQ(bridged[0], (SpeechRegion{100 * 480, 300 * 480, 1.0f - 25.0f / 200.0f}));
    EXPECT_EQ(bridged[1], (SpeechRegion{400 * 480, 500 * 480, 1.0f}));
    EXPECT_EQ(speechRegions(c, 48000, 1000 * 480, settings(0.2, 0.0)).size(), 3u);
    EXPECT_EQ(speechRegions(c, 48000, 1000 * 480, settings(1.5, 0.0)).size(), 1u);
}

TEST(SpeechRegions, HangoverExtendsEachRegionPastItsLastSpeechFrame)
{
    const auto c = confidences(1000, {{100, 200}, {600, 700}});
    const auto regions = speechRegions(c, 44100, 1000 * 441, settings(0.3, 0.15));
    ASSERT_EQ(regions.size(), 2u);
    EXPECT_EQ(regions[0].start, 100 * 441);
    EXPECT_EQ(regions[0].end, 215 * 441);
    EXPECT_EQ(regions[1].end, 715 * 441);
    EXPECT_EQ(regions[0].confidence, 1.0f);  // over the speech, not the hangover

    // A hangover that reaches the next line makes one region; at the end it stops at the input's end.
    const auto merged = speechRegions(confidences(300, {{100, 200}, {240, 290}}), 48000, 300 * 480 - 7, settings(0.1, 0.5));
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].start, 100 * 480);
    EXPECT_EQ(merged[0].end, 300 * 480 - 7);
}

TEST(SpeechRegions, MinimumSpeechDropsBlips)
{
    const auto c = confidences(1000, {{100, 110}, {400, 460}});  // 100 ms and 600 ms
    const auto regions = speechRegions(c, 48000, 1000 * 480, settings(0.3, 0.1, 0.25));
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_EQ(regions[0].start, 400 * 480);
}

TEST(SpeechRegions, ARegionMustReachTheConfirmationSomewhere)
{
    auto c = confidences(1000, {{100, 200}, {400, 500}});
    std::fill(c.begin() + 100, c.begin() + 200, 0.7f);  // above the threshold, never above 0.8
    c[450] = 0.7f;                                       // one weaker frame inside a confirmed run
    auto s = settings(0.3, 0.0);
    s.confirmation = 0.8f;
    const auto regions = speechRegions(c, 48000, 1000 * 480, s);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_EQ(regions[0].start, 400 * 480);
    EXPECT_EQ(regions[0].end, 500 * 480);
    s.confirmation = 0.6f;
    EXPECT_EQ(speechRegions(c, 48000, 1000 * 480, s).size(), 2u);
    // A weak run bridged to a confirmed one belongs to its line.
    EXPECT_EQ(speechRegions(c, 48000, 1000 * 480, settings(2.5, 0.0)).size(), 1u);
}

TEST(SpeechRegions, AbsurdSettingsAreClamped)
{
    SpeechDetectorSettings absurd;
    absurd.threshold = 0.0f;
    absurd.minimumPauseSeconds = -3.0;
    absurd.hangoverSeconds = 1e9;
    absurd.minimumSpeechSeconds = std::numeric_limits<double>::quiet_NaN();
    const auto clamped = clampedSpeechSettings(absurd);
    EXPECT_EQ(clamped.threshold, 0.01f);
    EXPECT_EQ(clamped.minimumPauseSeconds, 0.0);
    EXPECT_EQ(clamped.hangoverSeconds, 5.0);
    EXPECT_EQ(clamped.minimumSpeechSeconds, SpeechDetectorSettings{}.minimumSpeechSeconds);
    SpeechDetectorSettings below;
    below.threshold = 0.9f;
    below.confirmation = 0.2f;  // a confirmation under the threshold would confirm nothing more
    EXPECT_EQ(clampedSpeechSettings(below).confirmation, 0.9f);
    EXPECT_EQ(clampedSpeechSettings(SpeechDetectorSettings{}).threshold, SpeechDetectorSettings{}.threshold);

    // A zero threshold does not turn silence into speech, and a negative pause bridges nothing.
    const auto c = confidences(1000, {{100, 200}, {201, 300}});
    const auto regions = speechRegions(c, 48000, 1000 * 480, absurd);
    ASSERT_EQ(regions.size(), 1u);  // the hangover, clamped to 5 s, merges the two runs
    EXPECT_EQ(regions[0].start, 100 * 480);
    EXPECT_EQ(regions[0].end, 800 * 480);
    SpeechDetector detector(48000, absurd);
    EXPECT_EQ(detector.settings().threshold, 0.01f);
    detector.process(std::vector<float>(48000, 0.0f));
    detector.finish();
    EXPECT_TRUE(detector.regions().empty());
}

} // namespace
} // namespace cuesmith
