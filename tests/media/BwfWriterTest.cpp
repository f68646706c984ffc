#include "media/BwfWriter.h"

#include "media/AudioFileInfo.h"

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

// Finds a RIFF chunk's payload by id; empty when absent.
std::string riffChunk(const fs::path& path, const char* id)
{
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t pos = 12;
    while (pos + 8 <= bytes.size()) {
        uint32_t size = 0;
        std::memcpy(&size, bytes.data() + pos + 4, 4);
        if (bytes.compare(pos, 4, id) == 0)
            return bytes.substr(pos + 8, size);
        pos += 8 + size + (size & 1);
    }
    return {};
}

class BwfWriterTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-bwf-" + std::to_string(::getpid()));
        fs::create_directories(folder);
        metadata.description = "1M01 STR stem";
        metadata.originatorReference = "CUESMITH-TEST";
        metadata.originationDate = "2026-11-25";
        metadata.originationTime = "10:11:12";
        metadata.timeReference = 172972800;
        metadata.project = "THE LAST FERRY";
        metadata.timecodeRate = kFps23_976;
        metadata.trackNames = {"STR L", "STR R", "STR C", "STR LFE", "STR Ls", "STR Rs"};
    }
    void TearDown() override { fs::remove_all(folder); }

    fs::path folder;
    BwfMetadata metadata;
};

TEST_F(BwfWriterTest, WritesExtensibleWavWithSmpteMaskBextAndIxml)
{
    const fs::path path = folder / "STR.wav";
    BwfWriter writer(path, 48000, ChannelLayout::Surround51, DeliveryChannelOrder::Smpte, DeliverySampleFormat::Pcm24,
                     metadata);
    std::vector<float> block(6 * 480, 0.25f);
    writer.write(block.data(), 480);
    EXPECT_FALSE(fs::exists(path)) << "the final name must not exist before finish()";
    writer.finish();
    ASSERT_TRUE(fs::exists(path));
    EXPECT_FALSE(fs::exists(writer.temporaryPath()));

    const AudioFileInfo info = readAudioFileInfo(path);
    EXPECT_EQ(info.channels, 6);
    EXPECT_EQ(info.frames, 480);
    EXPECT_EQ(info.timeReference, 172972800);
    EXPECT_EQ(info.description, "1M01 STR stem");

    const std::string fmt = riffChunk(path, "fmt ");
    ASSERT_GE(fmt.size(), 40u);
    uint16_t tag = 0, bits = 0;
    uint32_t mask = 0;
    std::memcpy(&tag, fmt.data(), 2);
    std::memcpy(&bits, fmt.data() + 14, 2);
    std::memcpy(&mask, fmt.data() + 20, 4);
    EXPECT_EQ(tag, 0xFFFE);  // WAVE_FORMAT_EXTENSIBLE
    EXPECT_EQ(bits, 24);
    EXPECT_EQ(mask, 0x3Fu);  // FL FR FC LFE BL BR

    const std::string ixml = riffChunk(path, "iXML");
    EXPECT_NE(ixml.find("<PROJECT>THE LAST FERRY</PROJECT>"), std::string::npos) << ixml;
    EXPECT_NE(ixml.find("<NAME>STR LFE</NAME>"), std::string::npos);
    EXPECT_NE(ixml.find("<TRACK_COUNT>6</TRACK_COUNT>"), std::string::npos);
    EXPECT_NE(ixml.find("<TIMECODE_RATE>24000/1001</TIMECODE_RATE>"), std::string::npos);
    EXPECT_NE(ixml.find("<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>172972800</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>"),
              std::string::npos);

    const std::string bext = riffChunk(path, "bext");
    ASSERT_GE(bext.size(), 602u);
    EXPECT_EQ(bext.substr(256, 8), "Cuesmith");
    // EBU Tech 3285: Description 256, Originator 32, OriginatorReference 32, date 10, time 8.
    EXPECT_EQ(bext.substr(288, 13), "CUESMITH-TEST");
    EXPECT_EQ(bext.substr(320, 10), "2026-11-25");
    EXPECT_EQ(bext.substr(330, 8), "10:11:12");
}

TEST_F(BwfWriterTest, SevenOneMaskAndFloatFormat)
{
    const fs::path path = folder / "mix71.wav";
    BwfWriter writer(path, 48000, ChannelLayout::Surround71, DeliveryChannelOrder::Smpte,
                     DeliverySampleFormat::Float32, metadata);
    std::vector<float> block(8 * 100, 1.5f);  // over full scale: float keeps it
    writer.write(block.data(), 100);
    writer.finish();
    const std::string fmt = riffChunk(path, "fmt ");
    uint32_t mask = 0;
    uint16_t bits = 0;
    std::memcpy(&bits, fmt.data() + 14, 2);
    std::memcpy(&mask, fmt.data() + 20, 4);
    EXPECT_EQ(bits, 32);
    EXPECT_EQ(mask, 0x63Fu);  // FL FR FC LFE BL BR SL SR
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr);
    std::vector<float> back(800);
    EXPECT_EQ(sf_readf_float(f, back.data(), 100), 100);
    sf_close(f);
    EXPECT_FLOAT_EQ(back[0], 1.5f);
}

TEST_F(BwfWriterTest, TwentyFourBitRoundsToTheNearestStepAndClipsInsteadOfWrapping)
{
    const fs::path path = folder / "pcm.wav";
    BwfWriter writer(path, 48000, ChannelLayout::Stereo, DeliveryChannelOrder::Smpte, DeliverySampleFormat::Pcm24,
                     metadata);
    const float lsb = 1.0f / 8388608.0f;
    std::vector<float> block = {0.5f, -0.5f, 3.4f * lsb, -3.6f * lsb, 1.7f, -1.7f};
    writer.write(block.data(), 3);
    writer.finish();
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr);
    std::vector<int> back(6);
    sf_command(f, SFC_SET_SCALE_FLOAT_INT_READ, nullptr, SF_FALSE);
    EXPECT_EQ(sf_readf_int(f, back.data(), 3), 3);
    sf_close(f);
    EXPECT_EQ(back[0] >> 8, 4194304);
    EXPECT_EQ(back[1] >> 8, -4194304);
    EXPECT_EQ(back[2] >> 8, 3);
    EXPECT_EQ(back[3] >> 8, -4);
    EXPECT_EQ(back[4] >> 8, 8388607);
    EXPECT_EQ(back[5] >> 8, -8388608);
}

TEST_F(BwfWriterTest, AnAbandonedWriterLeavesNoFileBehind)
{
    const fs::path path = folder / "abandoned.wav";
    {
        BwfWriter writer(path, 48000, ChannelLayout::Stereo, DeliveryChannelOrder::Smpte,
                         DeliverySampleFormat::Pcm24, metadata);
        std::vector<float> block(2 * 100, 0.1f);
        writer.write(block.data(), 100);
    }
    EXPECT_TRUE(fs::is_empty(folder));
}

// Runs in a forked child: a file-size limit makes the kernel refuse writes past 64 KiB, as a full
// disk would. Exits 0 when the writer failed naming the file and left nothing behind.
[[noreturn]] void writePastAFileSizeLimit(const fs::path& folder, const BwfMetadata& metadata)
{
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{65536, 65536};
    setrlimit(RLIMIT_FSIZE, &limit);
    const fs::path path = folder / "full.wav";
    try {
        BwfWriter writer(path, 48000, ChannelLayout::Stereo, DeliveryChannelOrder::Smpte, DeliverySampleFormat::Pcm24,
                         metadata);
        std::vector<float> block(2 * 48000, 0.1f);
        for (int i = 0; i < 10; ++i)
            writer.write(block.data(), 48000);
        writer.finish();
    } catch (const std::runtime_error& e) {
        const bool named = std::string(e.what()).find("full.wav") != std::string::npos;
        std::exit(named && fs::is_empty(folder) ? 0 : 2);
    }
    std::exit(3);
}

TEST_F(BwfWriterTest, AFullDiskFailsWithTheFileNameAndLeavesNothing)
{
    EXPECT_EXIT(writePastAFileSizeLimit(folder, metadata), ::testing::ExitedWithCode(0), "");
}

TEST_F(BwfWriterTest, FilmOrderCarriesNoSpeakerMask)
{
    const fs::path path = folder / "film.wav";
    BwfWriter writer(path, 48000, ChannelLayout::Surround51, DeliveryChannelOrder::Film, DeliverySampleFormat::Pcm24,
                     metadata);
    writer.finish();
    const std::string fmt = riffChunk(path, "fmt ");
    ASSERT_GE(fmt.size(), 24u);
    uint32_t mask = 1;
    std::memcpy(&mask, fmt.data() + 20, 4);
    EXPECT_EQ(mask, 0u);
}

TEST(BwfSpeakers, SmpteAndFilmOrders)
{
    EXPECT_EQ(speakerNames(ChannelLayout::Surround51, DeliveryChannelOrder::Smpte),
              (std::vector<std::string>{"L", "R", "C", "LFE", "Ls", "Rs"}));
    EXPECT_EQ(speakerNames(ChannelLayout::Surround51, DeliveryChannelOrder::Film),
              (std::vector<std::string>{"L", "C", "R", "Ls", "Rs", "LFE"}));
    EXPECT_EQ(speakerNames(ChannelLayout::Surround71, DeliveryChannelOrder::Smpte),
              (std::vector<std::string>{"L", "R", "C", "LFE", "Lss", "Rss", "Lrs", "Rrs"}));
}

} // namespace
} // namespace cuesmith
