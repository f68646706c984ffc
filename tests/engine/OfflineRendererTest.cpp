#include "engine/OfflineRenderer.h"

#include "../media/TestAudioFiles.h"
#include "core/SessionEdits.h"
#include "media/AudioFileInfo.h"

#include <cmath>
#include <csignal>
#include <sys/resource.h>
#include <fstream>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kStart = 172972800;  // 01:00:00:00 at 23.976

std::vector<float> readAll(const fs::path& path, int& channels)
{
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    EXPECT_NE(f, nullptr) << path;
    if (f == nullptr)
        return {};
    channels = info.channels;
    std::vector<float> data(static_cast<size_t>(info.frames * info.channels));
    sf_readf_float(f, data.data(), info.frames);
    sf_close(f);
    return data;
}

class OfflineRendererTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-render-" + std::to_string(::getpid()) + "-"
                                              + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(folder);
        fs::create_directories(folder / "stems");
        session.projectName = "Render Test";
        session.frameRate = kFps23_976;
        session.pictureStartFrame = 86400;
        const double freqs[] = {110.0, 220.0, 330.0, 440.0};
        const char* names[] = {"STR", "BRS", "PRC", "ELX"};
        Cue cue;
        cue.number = "1M01";
        cue.startSample = kStart + 2002 * 48;  // 01:00:02:00
        cue.writtenStartSample = cue.startSample;
        cue.lengthSamples = 96000;
        cue.fileSampleRate = 48000;
        for (int i = 0; i < 4; ++i) {
            const auto path = folder / "stems" / (std::string("1M01_Test_v1_") + names[i] + ".wav");
            testing::writeTestWav(path, 48000, i == 2 ? 6 : 2, 96000, cue.startSample, freqs[i]);
            cue.stems.push_back(Stem{names[i], path.string(), i == 2 ? ChannelLayout::Surround51 : ChannelLayout::Stereo});
        }
        session = addCue(session, cue);
        request.outputFolder = folder / "out";
        request.start = kStart;
        request.end = kStart + 48000 * 4;
        request.layout = ChannelLayout::Surround51;
        request.originationDate = "2026-11-25";
        request.originationTime = "12:00:00";
    }
    void TearDown() override { fs::remove_all(folder); }

    fs::path folder;
    Session session;
    RenderRequest request;
};

TEST_F(OfflineRendererTest, StemsAndMixShareStartLengthAndNullAtTwentyFourBits)
{
    const RenderReport report = renderDelivery(session, request);
    ASSERT_EQ(report.files.size(), 5u);
    EXPECT_EQ(report.files.back().bus, "MIX");
    std::vector<std::vector<float>> audio;
    for (const auto& f : report.files) {
        const AudioFileInfo info = readAudioFileInfo(f.path);
        EXPECT_EQ(info.timeReference, kStart) << f.path;
        EXPECT_EQ(info.frames, 48000 * 4) << f.path;
        EXPECT_EQ(info.channels, 6);
        int channels = 0;
        audio.push_back(readAll(f.path, channels));
    }
    double worst = 0.0;
    for (size_t i = 0; i < audio.back().size(); ++i) {
        const double sum = double(audio[0][i]) + audio[1][i] + audio[2][i] + audio[3][i];
        worst = std::max(worst, std::abs(sum - audio[4][i]));
    }
    EXPECT_LT(20.0 * std::log10(worst + 1e-30), -120.0) << "residual " << worst;
    EXPECT_GT(*report.files.back().samplePeakDbfs, -12.0);  // not silence
}

// Four stems each raised 11 dB (0.25 -> 0.89 peak): each stays under full scale, their sum does
// not. At 24 bits the mix clips and says so; in float the stems still sum to it.
TEST_F(OfflineRendererTest, AMixPastFullScaleIsReportedAsClippedAndFloatStillNulls)
{
    for (auto& bus : session.buses)
        bus.automation.volume = {VolumePoint{0, 11.0}};
    const RenderReport fixed = renderDelivery(session, request);
    ASSERT_EQ(fixed.files.size(), 5u);
    for (size_t i = 0; i < 4; ++i)
        EXPECT_FALSE(fixed.files[i].clipped) << fixed.files[i].bus;
    EXPECT_TRUE(fixed.files[4].clipped);
    EXPECT_GT(*fixed.files[4].samplePeakDbfs, 0.0);

    request.format = DeliverySampleFormat::Float32;
    request.outputFolder = folder / "float";
    const RenderReport floating = renderDelivery(session, request);
    for (const auto& f : floating.files)
        EXPECT_FALSE(f.clipped) << f.bus;
    std::vector<std::vector<float>> audio;
    for (const auto& f : floating.files) {
        int channels = 0;
        audio.push_back(readAll(f.path, channels));
    }
    double worst = 0.0, loudest = 0.0;
    for (size_t i = 0; i < audio.back().size(); ++i) {
        const double sum = double(audio[0][i]) + audio[1][i] + audio[2][i] + audio[3][i];
        worst = std::max(worst, std::abs(sum - audio[4][i]));
        loudest = std::max(loudest, std::abs(double(audio[4][i])));
    }
    EXPECT_GT(loudest, 1.0);  // past full scale, kept
    EXPECT_LT(20.0 * std::log10(worst + 1e-30), -120.0) << "residual " << worst;
}

TEST_F(OfflineRendererTest, TheCueStartsOnItsExactSample)
{
    const RenderReport report = renderDelivery(session, request);
    int channels = 0;
    const auto str = readAll(report.files[0].path, channels);
    const size_t cueStart = static_cast<size_t>(2002 * 48);
    // The test sine starts at phase 0: silence up to and including the spot, then its second
    // sample, 0.25 sin(2 pi 110 / 48000), exactly one sample later (to 24-bit precision).
    for (size_t f = 0; f <= cueStart; ++f)
        ASSERT_EQ(str[f * 6], 0.0f) << f;
    EXPECT_NEAR(str[(cueStart + 1) * 6], 0.25 * std::sin(2.0 * M_PI * 110.0 / 48000.0), 2e-7);
    EXPECT_NEAR(str[(cueStart + 2) * 6], 0.25 * std::sin(2.0 * M_PI * 220.0 / 48000.0), 2e-7);
}

TEST_F(OfflineRendererTest, FilmOrderMovesLfeLastAndKeepsLoudness)
{
    const RenderReport smpte = renderDelivery(session, request);
    request.order = DeliveryChannelOrder::Film;
    request.outputFolder = folder / "film";
    const RenderReport film = renderDelivery(session, request);
    int channels = 0;
    const auto a = readAll(smpte.files[2].path, channels);  // PRC: 5.1 stem, signal in every channel
    const auto b = readAll(film.files[2].path, channels);
    // SMPTE L R C LFE Ls Rs -> film L C R Ls Rs LFE
    const int map[6] = {0, 2, 1, 4, 5, 3};
    for (size_t f = 0; f < 48000; f += 997)
        for (int c = 0; c < 6; ++c)
            ASSERT_EQ(b[f * 6 + static_cast<size_t>(c)], a[f * 6 + static_cast<size_t>(map[c])]);
    ASSERT_TRUE(smpte.files[2].integratedLufs && film.files[2].integratedLufs);
    EXPECT_NEAR(*smpte.files[2].integratedLufs, *film.files[2].integratedLufs, 0.01);
}

TEST_F(OfflineRendererTest, AFailedRenderLeavesTheEarlierDeliveryUntouched)
{
    const RenderReport first = renderDelivery(session, request);
    std::vector<std::string> before;
    for (const auto& f : first.files) {
        std::ifstream in(f.path, std::ios::binary);
        before.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    fs::remove(session.cues[0].stems[1].path);  // a stem goes missing
    request.end = kStart + 48000 * 6;
    try {
        renderDelivery(session, request);
        FAIL() << "rendered with a missing stem";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("1M01_Test_v1_BRS.wav"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("cue 1M01"), std::string::npos) << e.what();
    }
    for (size_t i = 0; i < first.files.size(); ++i) {
        std::ifstream in(first.files[i].path, std::ios::binary);
        EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), before[i]);
    }
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(request.outputFolder)) {
        ++files;
        EXPECT_EQ(entry.path().extension(), ".wav") << entry.path();
    }
    EXPECT_EQ(files, 5u);
}

// Runs in a forked child: after a first delivery, a file-size limit makes the kernel refuse the
// second render's writes past 1 MB, as a full disk would. Exits 0 when the render failed with one
// line naming a delivery file and the disk, and the first delivery is byte for byte as it was.
[[noreturn]] void renderOntoAFullDisk(const Session& session, RenderRequest request)
{
    const RenderReport first = renderDelivery(session, request);
    std::vector<std::string> before;
    for (const auto& f : first.files) {
        std::ifstream in(f.path, std::ios::binary);
        before.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1 << 20, 1 << 20};
    setrlimit(RLIMIT_FSIZE, &limit);
    request.end = *request.end + 48000 * 8;  // 12 s of 5.1: 3.5 MB a file
    bool refused = false;
    try {
        renderDelivery(session, request);
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        refused = what.find(".wav") != std::string::npos && what.find("disk full") != std::string::npos
                  && what.find('\n') == std::string::npos;
    }
    bool untouched = true;
    for (size_t i = 0; i < first.files.size(); ++i) {
        std::ifstream in(first.files[i].path, std::ios::binary);
        untouched = untouched
                    && std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) == before[i];
    }
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(request.outputFolder))
        files += entry.path().extension() == ".wav" ? 1 : 100;  // a leftover partial counts loudly
    std::exit(refused && untouched && files == 5 ? 0 : 2);
}

TEST_F(OfflineRendererTest, AFullDiskFailsOnOneLineAndLeavesTheEarlierDeliveryUntouched)
{
    EXPECT_EXIT(renderOntoAFullDisk(session, request), ::testing::ExitedWithCode(0), "");
}

TEST_F(OfflineRendererTest, RefusesEmptyRangesAndEmptySessions)
{
    request.end = request.start;
    EXPECT_THROW(renderDelivery(session, request), std::runtime_error);
    EXPECT_THROW(renderDelivery(Session{}, RenderRequest{}), std::runtime_error);
}

TEST(DeliveryFileStem, KeepsOnlySafeCharacters)
{
    EXPECT_EQ(deliveryFileStem("THE LAST FERRY: SC/12"), "THE_LAST_FERRY__SC_12");
    EXPECT_EQ(deliveryFileStem("title_s01e01_v04.MXStem-6ch"), "title_s01e01_v04.MXStem-6ch");
    EXPECT_EQ(deliveryFileStem(""), "untitled");
}

} // namespace
} // namespace cuesmith
