#include "media/TempoDetection.h"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <sndfile.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

// A drum-like track: 15 ms noise bursts every beat from `first`, plus a quiet pad.
void writeClickTrack(const fs::path& path, double bpm, int64_t first, int64_t length)
{
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    std::vector<float> audio(static_cast<size_t>(length * 2), 0.0f);
    const double period = 60.0 * 48000.0 / bpm;
    for (double t = static_cast<double>(first); t < static_cast<double>(length); t += period)
        for (int i = 0; i < 720 && static_cast<int64_t>(t) + i < length; ++i) {
            const float v = 0.6f * noise(rng) * std::exp(-static_cast<float>(i) / 150.0f);
            audio[static_cast<size_t>((static_cast<int64_t>(t) + i) * 2)] += v;
            audio[static_cast<size_t>((static_cast<int64_t>(t) + i) * 2 + 1)] += v;
        }
    for (int64_t i = 0; i < length; ++i) {
        const float pad = 0.05f * static_cast<float>(std::sin(2.0 * M_PI * 220.0 * static_cast<double>(i) / 48000.0));
        audio[static_cast<size_t>(i * 2)] += pad;
        audio[static_cast<size_t>(i * 2 + 1)] += pad;
    }
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr);
    sf_writef_float(f, audio.data(), length);
    sf_close(f);
}

TEST(TempoDetection, FindsTheTempoAndPhaseOfADrumTrack)
{
    const fs::path folder = fs::temp_directory_path() / ("cuesmith-tempo-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    const int64_t length = 48000 * 20;
    writeClickTrack(folder / "x_PRC.wav", 120.0, 6000, length);
    writeClickTrack(folder / "x_STR.wav", 77.0, 1000, length);  // a distraction the detector must skip
    const TempoDetectionResult r =
        detectTempo({{folder / "x_STR.wav", "STR"}, {folder / "x_PRC.wav", "PRC"}}, 48000, length);
    EXPECT_TRUE(r.fromPercussion);
    EXPECT_NEAR(r.bpm, 120.0, 0.6);  // measured 120.18: aubio's beat times run 0.15 % fast here
    EXPECT_EQ(r.map.source, TempoSource::Detected);
    // Every true click has a map beat within one frame at 24 fps (measured worst: 30 ms at 20 s).
    int64_t worst = 0;
    for (int64_t click = 6000; click < length - 24000; click += 24000) {
        int64_t nearest = INT64_MAX;
        for (int64_t b : r.map.beats)
            nearest = std::min<int64_t>(nearest, std::llabs(b - click));
        worst = std::max(worst, nearest);
    }
    EXPECT_LE(worst, 2000) << "worst beat error " << worst << " samples";
    fs::remove_all(folder);
}

TEST(TempoDetection, SilenceHasNoBeat)
{
    const fs::path folder = fs::temp_directory_path() / ("cuesmith-tempo-silent-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open((folder / "s.wav").c_str(), SFM_WRITE, &info);
    std::vector<float> zeros(48000 * 5, 0.0f);
    sf_writef_float(f, zeros.data(), static_cast<sf_count_t>(zeros.size()));
    sf_close(f);
    EXPECT_THROW(detectTempo({{folder / "s.wav", "STR"}}, 48000, 48000 * 5), std::runtime_error);
    fs::remove_all(folder);
}

TEST(TempoDetection, PercussionNames)
{
    EXPECT_TRUE(isPercussionStem("PRC"));
    EXPECT_TRUE(isPercussionStem("drums"));
    EXPECT_FALSE(isPercussionStem("STR"));
}

} // namespace
} // namespace cuesmith
