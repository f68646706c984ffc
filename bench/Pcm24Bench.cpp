// 24-bit packing and unpacking: ours (dsp/Pcm24) against libsndfile's conversion, which the
// delivery writer and the stem reader used before. Per sample; 8192 frames of 5.1 per call, the
// renderer's block.
#include "dsp/Pcm24.h"

#include <benchmark/benchmark.h>
#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

constexpr size_t kSamples = 8192 * 6;

std::vector<float> musicLike()
{
    std::vector<float> s(kSamples);
    for (size_t i = 0; i < s.size(); ++i)
        s[i] = 0.3f * std::sin(0.001f * static_cast<float>(i)) + 0.05f * std::sin(0.37f * static_cast<float>(i));
    return s;
}

void BM_Pcm24Pack(benchmark::State& state)
{
    const auto samples = musicLike();
    std::vector<uint8_t> packed(3 * kSamples);
    for (auto _ : state) {
        cuesmith::floatToPcm24(samples.data(), samples.size(), packed.data());
        benchmark::DoNotOptimize(packed.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kSamples));
}
BENCHMARK(BM_Pcm24Pack);

void BM_Pcm24Unpack(benchmark::State& state)
{
    const auto samples = musicLike();
    std::vector<uint8_t> packed(3 * kSamples);
    cuesmith::floatToPcm24(samples.data(), samples.size(), packed.data());
    std::vector<float> out(kSamples);
    for (auto _ : state) {
        cuesmith::pcm24ToFloat(packed.data(), kSamples, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kSamples));
}
BENCHMARK(BM_Pcm24Unpack);

// libsndfile writing the same floats to a 24-bit WAV on /dev/null (its conversion plus a write
// that costs nothing).
void BM_LibsndfilePack(benchmark::State& state)
{
    const auto samples = musicLike();
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 6;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* file = sf_open("/dev/null", SFM_WRITE, &info);
    if (file == nullptr) {
        state.SkipWithError("cannot open /dev/null");
        return;
    }
    sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    for (auto _ : state)
        benchmark::DoNotOptimize(sf_writef_float(file, samples.data(), 8192));
    sf_close(file);
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kSamples));
}
BENCHMARK(BM_LibsndfilePack);

} // namespace
