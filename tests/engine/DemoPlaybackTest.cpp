// The real-time player on the conformed demo, driven the way an audio device drives it: blocks of
// device size into non-interleaved buffers. Inside Player::process() nothing may allocate or lock,
// including across a program swap (an edit while playing) and a ducking A/B change; what it plays
// must be the offline delivery render, sample for sample, once an A/B crossfade has settled.
// Needs CUESMITH_DEMO_SESSION (CTest builds the demo first: resources/demo/build_session.sh).

#include "RealTimeProbe.h"
#include "dsp/ChannelMatrix.h"
#include "engine/DeliveryPlan.h"
#include "engine/OfflineRenderer.h"
#include "engine/Player.h"
#include "formats/SessionFile.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

constexpr int kChannels = 6;  // the demo renders 5.1; a 6-output device plays it unfolded
constexpr int kDeviceBlock = 512;

Session demoSession()
{
    const char* path = std::getenv("CUESMITH_DEMO_SESSION");
    if (path == nullptr)
        throw std::runtime_error("CUESMITH_DEMO_SESSION is not set: run this test through CTest");
    return loadSession(path);
}

// The offline render's full mix (float, 5.1, interleaved) over the picture.
std::vector<float> offlineMix(const Session& session, bool dialogueProcessing)
{
    RenderRequest request;
    request.outputFolder = fs::temp_directory_path() / ("cuesmith-play-" + std::to_string(::getpid()));
    request.layout = ChannelLayout::Surround51;
    request.format = DeliverySampleFormat::Float32;
    request.dialogueProcessing = dialogueProcessing;
    const RenderReport report = renderDelivery(session, request);
    SF_INFO info{};
    SNDFILE* f = sf_open(report.files.back().path.c_str(), SFM_READ, &info);
    if (f == nullptr)
        throw std::runtime_error("cannot read the offline mix");
    std::vector<float> mix(static_cast<size_t>(info.frames * info.channels));
    sf_readf_float(f, mix.data(), info.frames);
    sf_close(f);
    fs::remove_all(request.outputFolder);
    return mix;
}

struct Shared {
    Session session;
    std::vector<float> ducked, undipped;
};

const Shared& shared()
{
    static const Shared s = [] {
        Shared x;
        x.session = demoSession();
        x.ducked = offlineMix(x.session, true);
        x.undipped = offlineMix(x.session, false);
        return x;
    }();
    return s;
}

std::unique_ptr<PlaybackProgram> program(const Session& session)
{
    return std::make_unique<PlaybackProgram>(compileDeliveryPlan(session, ChannelLayout::Surround51, true),
                                             Player::kMaxBlockFrames);
}

// Plays `frames` from the playhead into `out` (interleaved, kChannels), waiting for the disk
// between blocks as a real device's period would; counts what process() must never do.
struct Driver {
    Driver(Player& p, PlaybackProgram* current) : player(p), program(current) {}
    Player& player;
    PlaybackProgram* program;  // the current one, to pace its streamer from this thread
    size_t allocations = 0, locks = 0;
    std::vector<float> out;
    std::vector<std::vector<float>> device = std::vector<std::vector<float>>(kChannels, std::vector<float>(kDeviceBlock));

    void play(int64_t frames)
    {
        for (int64_t done = 0; done < frames; done += kDeviceBlock) {
            const int n = static_cast<int>(std::min<int64_t>(kDeviceBlock, frames - done));
            program->streamer().waitUntilReady(player.playhead(), n);
            float* buffers[kChannels];
            for (int c = 0; c < kChannels; ++c)
                buffers[c] = device[static_cast<size_t>(c)].data();
            {
                testing::RealTimeProbe probe;
                player.process(buffers, kChannels, n);
                allocations += probe.allocations();
                locks += probe.locks();
            }
            for (int f = 0; f < n; ++f)
                for (int c = 0; c < kChannels; ++c)
                    out.push_back(device[static_cast<size_t>(c)][static_cast<size_t>(f)]);
        }
    }
};

size_t differing(const std::vector<float>& played, const std::vector<float>& reference, size_t fromFrame)
{
    size_t d = 0;
    for (size_t i = 0; i < played.size(); ++i)
        d += played[i] != reference[fromFrame * kChannels + i];
    return d;
}

TEST(DemoPlayback, PlaysTheDeliveryMixWithoutAllocatingOrLockingAcrossAProgramSwap)
{
    const Shared& s = shared();
    const int64_t start = s.session.pictureStartSample();
    const int64_t length = s.session.pictureLengthSamples();
    Player player;
    auto first = program(s.session);
    Driver driver(player, first.get());
    player.locate(start);
    player.setProgram(std::move(first));
    player.play();
    driver.play(length / 2);

    // An edit while playing: a new program (same session here, so the same sound) is swapped in.
    auto second = program(s.session);
    PlaybackProgram* next = second.get();
    player.setProgram(std::move(second));
    driver.program = next;
    driver.play(length - length / 2);
    player.collectGarbage();

    EXPECT_EQ(driver.allocations, 0u);
    EXPECT_EQ(driver.locks, 0u);
    EXPECT_EQ(player.underruns(), 0u);
    EXPECT_EQ(player.framesPlayed(), static_cast<uint64_t>(length));
    EXPECT_EQ(player.playhead(), start + length);
    ASSERT_EQ(driver.out.size(), s.ducked.size());
    EXPECT_EQ(differing(driver.out, s.ducked, 0), 0u);
}

TEST(DemoPlayback, DuckingABCrossfadesBetweenTheUndippedAndTheDuckedRender)
{
    const Shared& s = shared();
    const int64_t start = s.session.pictureStartSample();
    const int64_t length = s.session.pictureLengthSamples();
    Player player;
    auto p = program(s.session);
    Driver driver(player, p.get());
    player.setDialogueProcessing(false);
    player.locate(start);
    player.setProgram(std::move(p));
    player.play();
    // Switch where ducking changes the sound most, half a crossfade before it.
    size_t loudest = 0;
    for (size_t i = 0; i < s.ducked.size(); ++i)
        if (std::abs(s.ducked[i] - s.undipped[i]) > std::abs(s.ducked[loudest] - s.undipped[loudest]))
            loudest = i;
    const int64_t offPart = std::max<int64_t>(kDeviceBlock, (static_cast<int64_t>(loudest / kChannels) - BusMixer::kDialogueRampFrames / 2)
                                                                / kDeviceBlock * kDeviceBlock);
    driver.play(offPart);
    // Off: the undipped render exactly.
    EXPECT_EQ(differing(driver.out, s.undipped, 0), 0u);

    player.setDialogueProcessing(true);
    driver.out.clear();
    driver.play(length - offPart);
    EXPECT_EQ(driver.allocations, 0u);
    EXPECT_EQ(driver.locks, 0u);

    // After the crossfade (BusMixer::kDialogueRampFrames, rounded up to whole blocks): the ducked
    // render, up to the dialogue filters' fading memory of the time they were off (inaudible), and
    // exactly once the cut has gone back to flat (a flat filter's memory is its input).
    const size_t ramp = (BusMixer::kDialogueRampFrames + kDeviceBlock - 1) / kDeviceBlock * kDeviceBlock;
    double memory = 0.0;
    size_t lastDifference = 0;
    for (size_t i = ramp * kChannels; i < driver.out.size(); ++i) {
        const float reference = s.ducked[static_cast<size_t>(offPart) * kChannels + i];
        memory = std::max(memory, static_cast<double>(std::abs(driver.out[i] - reference)));
        if (driver.out[i] != reference)
            lastDifference = i / kChannels;
    }
    EXPECT_LT(memory, 1e-3);  // -60 dBFS at worst, fading
    EXPECT_LT(lastDifference, static_cast<size_t>(s.session.sampleRate)) << "not yet the ducked render a second on";
    std::printf("after the ramp: largest difference %.3g, last at %.2f s after the switch\n", memory,
                static_cast<double>(lastDifference) / 48000.0);

    // During it: no click. No sample-to-sample step beyond the larger of the two renders' steps
    // there, and every sample near the span between the two renders.
    double worstStep = 0.0, referenceStep = 0.0, outside = 0.0;
    for (size_t f = 1; f < ramp; ++f)
        for (int c = 0; c < kChannels; ++c) {
            const size_t i = f * kChannels + static_cast<size_t>(c), r = static_cast<size_t>(offPart) * kChannels + i;
            worstStep = std::max(worstStep, static_cast<double>(std::abs(driver.out[i] - driver.out[i - kChannels])));
            for (const auto* ref : {&s.ducked, &s.undipped})
                referenceStep = std::max(referenceStep, static_cast<double>(std::abs((*ref)[r] - (*ref)[r - kChannels])));
            const float lo = std::min(s.ducked[r], s.undipped[r]), hi = std::max(s.ducked[r], s.undipped[r]);
            outside = std::max(outside, static_cast<double>(std::max(lo - driver.out[i], driver.out[i] - hi)));
        }
    EXPECT_GT(referenceStep, 0.0) << "the demo is silent where the A/B change happens";
    EXPECT_LE(worstStep, referenceStep * 1.25 + 1e-4);
    EXPECT_LT(outside, 0.02);
}

TEST(DemoPlayback, StopIsSilentAndPlayResumesFromALocatedSample)
{
    const Shared& s = shared();
    const int64_t start = s.session.pictureStartSample();
    Player player;
    auto p = program(s.session);
    Driver driver(player, p.get());
    player.setProgram(std::move(p));
    const int64_t from = start + 5 * s.session.sampleRate + 123;  // not on a block boundary
    player.locate(from);
    driver.play(4 * kDeviceBlock);  // stopped
    for (float v : driver.out)
        ASSERT_EQ(v, 0.0f);
    EXPECT_EQ(player.playhead(), from);
    EXPECT_EQ(player.framesPlayed(), 0u);

    driver.out.clear();
    player.play();
    driver.play(20 * kDeviceBlock);
    EXPECT_EQ(differing(driver.out, s.ducked, static_cast<size_t>(from - start)), 0u);
    EXPECT_GT(player.takePeak(0), 0.0f);
    EXPECT_EQ(player.takePeak(0), 0.0f) << "taking the peak resets it";
}

TEST(DemoPlayback, AStereoDeviceHearsTheMixFoldedDown)
{
    const Shared& s = shared();
    const int64_t start = s.session.pictureStartSample();
    Player player;
    auto p = program(s.session);
    PlaybackProgram* current = p.get();
    player.setProgram(std::move(p));
    const int64_t from = start + 3 * s.session.sampleRate;
    player.locate(from);
    player.play();
    std::vector<float> left(kDeviceBlock), right(kDeviceBlock);
    float* buffers[] = {left.data(), right.data()};
    const ChannelMatrix fold = ChannelMatrix::between(ChannelLayout::Surround51, ChannelLayout::Stereo);
    const std::vector<float> ones(kDeviceBlock, 1.0f);
    double worst = 0.0, level = 0.0;
    for (int block = 0; block < 50; ++block) {
        const int64_t at = player.playhead();
        current->streamer().waitUntilReady(at, kDeviceBlock);
        player.process(buffers, 2, kDeviceBlock);
        std::vector<float> expected(static_cast<size_t>(kDeviceBlock * 2), 0.0f);
        fold.addScaled(s.ducked.data() + (at - start) * kChannels, ones.data(), expected.data(), kDeviceBlock);
        for (int f = 0; f < kDeviceBlock; ++f) {
            worst = std::max(worst, static_cast<double>(std::abs(left[static_cast<size_t>(f)] - expected[static_cast<size_t>(2 * f)])));
            worst = std::max(worst, static_cast<double>(std::abs(right[static_cast<size_t>(f)] - expected[static_cast<size_t>(2 * f + 1)])));
            level = std::max(level, static_cast<double>(std::abs(left[static_cast<size_t>(f)])));
        }
    }
    EXPECT_GT(level, 0.01);
    EXPECT_EQ(worst, 0.0);
}

} // namespace
} // namespace cuesmith
