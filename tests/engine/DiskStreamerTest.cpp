#include "engine/DiskStreamer.h"

#include "AllocationCounter.h"
#include "engine/BusMixer.h"
#include "engine/FileStemSource.h"

#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <sndfile.h>
#include <thread>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

// A 48 kHz float WAV of seeded noise: every frame differs, so a misplaced read cannot pass.
void writeNoiseWav(const fs::path& path, int channels, int64_t frames, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-0.5f, 0.5f);
    std::vector<float> v(static_cast<size_t>(channels * frames));
    for (auto& x : v)
        x = d(rng);
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr);
    sf_writef_float(f, v.data(), frames);
    sf_close(f);
}

class DiskStreamerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-stream-" + std::to_string(::getpid()) + "-"
                                              + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(folder);
        fs::create_directories(folder);
        plan.sampleRate = 48000;
        plan.outputLayout = ChannelLayout::Surround51;
        addStem("STR", ChannelLayout::Surround51, 200000, 1);
        addStem("BRS", ChannelLayout::Stereo, 200000, 2);
        plan.buses.resize(2);
        plan.buses[0].name = "STR";
        plan.buses[1].name = "BRS";
    }
    void TearDown() override { fs::remove_all(folder); }

    void addStem(const std::string& name, ChannelLayout layout, int64_t frames, unsigned seed)
    {
        const auto path = folder / (name + ".wav");
        writeNoiseWav(path, channelCount(layout), frames, seed);
        plan.stems.push_back(PlanStem{path.string(), "1M01", layout, 48000, frames});
        plan.stemToBus.push_back(ChannelMatrix::between(layout, plan.outputLayout));
    }
    void addClip(int stem, int64_t start, int64_t length, int64_t sourceStart)
    {
        PlanClip c;
        c.stem = stem;
        c.bus = stem;
        c.timelineStart = start;
        c.length = length;
        c.sourceStart = sourceStart;
        plan.clips.push_back(c);
        std::sort(plan.clips.begin(), plan.clips.end(),
                  [](const PlanClip& a, const PlanClip& b) { return a.timelineStart < b.timelineStart; });
        plan.longestClip = std::max(plan.longestClip, length);
        plan.start = plan.clips.front().timelineStart;
        plan.end = std::max(plan.end, start + length);
    }

    // The mix of [from, to) through a mixer reading `audio`, block by block.
    std::vector<float> mix(ClipAudio& audio, DiskStreamer* wait, int64_t from, int64_t to, int block)
    {
        BusMixer mixer;
        mixer.prepare(plan, audio, block);
        std::vector<float> out;
        for (int64_t t = from; t < to; t += block) {
            const int n = static_cast<int>(std::min<int64_t>(block, to - t));
            if (wait != nullptr)
                wait->waitUntilReady(t, n);
            mixer.process(t, n);
            out.insert(out.end(), mixer.mixOutput(), mixer.mixOutput() + n * mixer.outputChannels());
        }
        return out;
    }

    std::vector<float> directMix(int64_t from, int64_t to, int block)
    {
        std::vector<std::unique_ptr<FileStemSource>> sources;
        std::vector<StemSource*> pointers;
        for (const auto& s : plan.stems) {
            sources.push_back(std::make_unique<FileStemSource>(s.path, 48000));
            pointers.push_back(sources.back().get());
        }
        StemClipAudio direct(plan, pointers);
        return mix(direct, nullptr, from, to, block);
    }

    fs::path folder;
    RenderPlan plan;
};

TEST_F(DiskStreamerTest, StreamedMixEqualsReadingTheFilesDirectly)
{
    addClip(0, 1000, 150000, 0);
    addClip(1, 5000, 60000, 20000);
    addClip(1, 65000, 70000, 100);  // the same stem again, from elsewhere in the file
    DiskStreamer::Options options;
    options.ringFrames = 8192;
    options.chunkFrames = 3000;  // not a divisor of the ring: writes wrap mid-chunk
    options.maxBlockFrames = 1024;
    DiskStreamer streamer(plan, options);
    streamer.start(0);
    const auto streamed = mix(streamer, &streamer, 0, 160000, 1024);
    const auto direct = directMix(0, 160000, 1024);
    ASSERT_EQ(streamed.size(), direct.size());
    EXPECT_EQ(streamed, direct);
    EXPECT_EQ(streamer.underruns(), 0u);
}

TEST_F(DiskStreamerTest, ManyShortClipsShareASmallPoolOfRings)
{
    for (int i = 0; i < 150; ++i)
        addClip(i % 2, i * 1200, 1500, (i * 977) % 150000);  // overlapping neighbours
    DiskStreamer::Options options;
    options.ringFrames = 4096;
    options.chunkFrames = 1024;
    options.maxBlockFrames = 512;
    DiskStreamer streamer(plan, options);
    streamer.start(0);
    const auto streamed = mix(streamer, &streamer, 0, 181500, 512);
    EXPECT_EQ(streamed, directMix(0, 181500, 512));
}

TEST_F(DiskStreamerTest, ReadingAClipAllocatesNothing)
{
    addClip(0, 0, 100000, 0);
    addClip(1, 0, 100000, 0);
    DiskStreamer streamer(plan, {});
    BusMixer mixer;
    mixer.prepare(plan, streamer, 1024);
    streamer.start(0);
    size_t allocations = 0;
    for (int64_t t = 0; t < 100000; t += 1024) {
        streamer.waitUntilReady(t, 1024);
        testing::CountAllocations count;
        mixer.process(t, 1024);
        allocations += count.count();
    }
    EXPECT_EQ(allocations, 0u);
}

TEST_F(DiskStreamerTest, WithoutWaitingMissingAudioIsSilenceAndAJumpBackRecovers)
{
    addClip(0, 0, 190000, 0);
    DiskStreamer::Options options;
    options.maxBlockFrames = 1024;
    DiskStreamer streamer(plan, options);
    BusMixer mixer;
    mixer.prepare(plan, streamer, 1024);
    // Nothing started yet: the audio thread gets silence and counts it.
    mixer.process(50000, 1024);
    for (int i = 0; i < 1024 * 6; ++i)
        ASSERT_EQ(mixer.mixOutput()[i], 0.0f);
    EXPECT_GT(streamer.underruns(), 0u);

    // Real time: the player never waits; the disk thread catches up at the new position.
    streamer.start(50000);
    const auto expected = directMix(50000, 51024, 1024);
    bool matched = false;
    for (int attempt = 0; attempt < 500 && !matched; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        mixer.process(50000, 1024);
        matched = std::equal(expected.begin(), expected.end(), mixer.mixOutput());
    }
    EXPECT_TRUE(matched);

    // A jump back to the start of the clip (a locate): the ring is refilled there.
    const auto early = directMix(0, 1024, 1024);
    matched = false;
    for (int attempt = 0; attempt < 500 && !matched; ++attempt) {
        mixer.process(0, 1024);
        matched = std::equal(early.begin(), early.end(), mixer.mixOutput());
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_TRUE(matched);
}

TEST_F(DiskStreamerTest, AMissingStemFileIsRefusedNamingTheCueAndFile)
{
    plan.stems[1].path = (folder / "gone.wav").string();
    try {
        DiskStreamer streamer(plan, {});
        FAIL() << "expected a refusal";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cue 1M01: "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("gone.wav"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace cuesmith
