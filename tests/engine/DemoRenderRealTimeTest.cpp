// The whole demo (cut v2, ducks and dialogue EQ on) through the real-time mixing path in small
// device-sized blocks, counting allocations and mutex acquisitions inside process(); then the
// same samples must come out of the offline delivery render. Needs CUESMITH_DEMO_SESSION (CTest
// builds the demo first: resources/demo/build_session.sh).

#include "RealTimeProbe.h"
#include "engine/BusMixer.h"
#include "engine/DialogueMasking.h"
#include "engine/DiskStreamer.h"
#include "engine/OfflineRenderer.h"
#include "formats/SessionFile.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

Session demoSession()
{
    const char* path = std::getenv("CUESMITH_DEMO_SESSION");
    if (path == nullptr)
        throw std::runtime_error("CUESMITH_DEMO_SESSION is not set: run this test through CTest");
    return loadSession(path);
}

TEST(DemoRender, ProcessNeitherAllocatesNorLocksAndMatchesTheOfflineRenderSampleForSample)
{
    const Session session = demoSession();
    ASSERT_FALSE(session.speech().empty()) << "the demo's dialogue was not detected";

    RenderPlan plan = compileRenderPlan(session, ChannelLayout::Surround51);
    applyDialogueEq(plan, session, measureDialogueMasking(session, 250.0, 2000.0));
    size_t ducking = 0, carving = 0;
    for (const auto& bus : plan.buses) {
        ducking += !bus.gain.isUnity();
        carving += !bus.eqDepth.points().empty();
    }
    EXPECT_GT(ducking, 0u);
    EXPECT_GT(carving, 0u);

    constexpr int kDeviceBlock = 480;  // 10 ms: what an audio device asks for
    DiskStreamer::Options options;
    options.maxBlockFrames = kDeviceBlock;
    DiskStreamer streamer(plan, options);
    BusMixer mixer;
    mixer.prepare(plan, streamer, kDeviceBlock);
    const int64_t start = session.pictureStartSample();
    const int64_t end = start + session.pictureLengthSamples();
    streamer.start(start);
    size_t allocations = 0, locks = 0;
    std::vector<float> mix;
    mix.reserve(static_cast<size_t>((end - start) * 6));
    for (int64_t t = start; t < end; t += kDeviceBlock) {
        const int n = static_cast<int>(std::min<int64_t>(kDeviceBlock, end - t));
        streamer.waitUntilReady(t, n);  // offline pacing, outside process()
        {
            testing::RealTimeProbe probe;
            mixer.process(t, n);
            allocations += probe.allocations();
            locks += probe.locks();
        }
        mix.insert(mix.end(), mixer.mixOutput(), mixer.mixOutput() + n * 6);
    }
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(locks, 0u);
    EXPECT_EQ(streamer.underruns(), 0u);

    // The offline render (8192-frame blocks, its own threads) gives the very same samples.
    RenderRequest request;
    request.outputFolder = fs::temp_directory_path() / ("cuesmith-demo-rt-" + std::to_string(::getpid()));
    request.layout = ChannelLayout::Surround51;
    request.format = DeliverySampleFormat::Float32;
    const RenderReport report = renderDelivery(session, request);
    SF_INFO info{};
    SNDFILE* f = sf_open(report.files.back().path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr);
    std::vector<float> offline(static_cast<size_t>(info.frames * info.channels));
    sf_readf_float(f, offline.data(), info.frames);
    sf_close(f);
    fs::remove_all(request.outputFolder);
    ASSERT_EQ(offline.size(), mix.size());
    size_t differing = 0;
    for (size_t i = 0; i < mix.size(); ++i)
        differing += offline[i] != mix[i];
    EXPECT_EQ(differing, 0u);
}

TEST(DemoRender, TheProbeSeesAllocationsAndLocks)
{
    std::mutex m;
    testing::RealTimeProbe probe;
    auto* p = new int(3);
    { std::lock_guard lock(m); }
    delete p;
    EXPECT_GE(probe.allocations(), 1u);
    EXPECT_GE(probe.locks(), 1u);
}

} // namespace
} // namespace cuesmith
