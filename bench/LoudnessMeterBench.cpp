// Delivery renders meter every file they write, so the meters' cost per sample is the render's
// measuring budget (about 2 ns/sample). 5.1 at 48 kHz, interleaved float, fed in the renderer's
// 8192-frame blocks from a 10 s signal (too big for L2: the blocks come from L3, as they do from
// the mixing thread). Also the libraries the meters replaced, on the same blocks: libebur128
// (integrated, range, sample peak), the libsoxr (HQ, 4x) true peak, and libebur128's true peak.
//
// Built by CMake as part of cuesmith_bench, or alone (one line):
//   g++ -std=c++20 -O2 -Isrc bench/LoudnessMeterBench.cpp src/dsp/LoudnessMeter.cpp
//       src/dsp/KWeightedEnergy.cpp src/dsp/LoudnessGating.cpp src/dsp/TruePeakMeter.cpp
//       -lbenchmark -lbenchmark_main -lebur128 -lsoxr -pthread -o /tmp/loudness_bench
//   /tmp/loudness_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "dsp/KWeightedEnergy.h"
#include "dsp/LoudnessMeter.h"
#include "dsp/TruePeakMeter.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cmath>
#include <ebur128.h>
#include <random>
#include <soxr.h>
#include <stdexcept>
#include <vector>

namespace {

constexpr int kRate = 48000;
constexpr int kChannels = 6;
constexpr size_t kBlockFrames = 8192;

// Ten seconds of 5.1: noise through a gentle low-pass (roughly music's falling spectrum), every
// channel different; the LFE is the low-passed noise only. `swell`: a level moving over 10 dB
// twice a second, as programme does; without it the level is constant, the true-peak meter's
// worst case (it skips what cannot beat the peak so far).
std::vector<float> makeSignal(bool swell)
{
    const size_t frames = 10 * static_cast<size_t>(kRate);
    std::vector<float> s(frames * kChannels);
    std::mt19937 random(11);
    std::normal_distribution<float> noise(0.0f, 0.1f);
    float low[kChannels] = {};
    for (size_t f = 0; f < frames; ++f) {
        const float gain =
            swell ? 0.3f + 0.7f * static_cast<float>(std::fabs(std::sin(M_PI * static_cast<double>(f) / kRate))) : 1.0f;
        for (size_t c = 0; c < kChannels; ++c) {
            const float n = noise(random);
            low[c] = 0.9f * low[c] + 0.1f * n;
            s[f * kChannels + c] = gain * (c == 3 ? 2.0f * low[c] : 0.5f * n + low[c]);
        }
    }
    return s;
}

const std::vector<float>& signal(bool swell = true)
{
    static const std::vector<float> programme = makeSignal(true);
    static const std::vector<float> steady = makeSignal(false);
    return swell ? programme : steady;
}

// Calls `meter(block, frames)` on consecutive blocks of the signal, wrapping around.
template <typename Meter>
void run(benchmark::State& state, Meter&& meter, bool swell = true)
{
    const std::vector<float>& s = signal(swell);
    const size_t blocks = s.size() / kChannels / kBlockFrames;
    size_t b = 0;
    for (auto _ : state) {
        meter(s.data() + b * kBlockFrames * kChannels, kBlockFrames);
        b = (b + 1) % blocks;
    }
    // Reported as the time per sample (one channel of one frame).
    state.counters["per_sample"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * kBlockFrames * kChannels,
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_LoudnessMeter(benchmark::State& state)
{
    cuesmith::LoudnessMeter meter;
    meter.prepare(kRate, kChannels);
    run(state, [&](const float* block, size_t frames) { meter.addFrames(block, frames); });
    benchmark::DoNotOptimize(meter.report());
}
BENCHMARK(BM_LoudnessMeter);

void BM_KWeightedEnergy(benchmark::State& state)
{
    cuesmith::KWeightedEnergy energy;
    energy.prepare(kRate, cuesmith::loudnessChannelWeights(kChannels));
    run(state, [&](const float* block, size_t frames) { energy.add(block, frames); });
    benchmark::DoNotOptimize(energy.energies().data());
}
BENCHMARK(BM_KWeightedEnergy);

void BM_TruePeakMeter(benchmark::State& state)
{
    cuesmith::TruePeakMeter meter(kRate, kChannels);
    run(state, [&](const float* block, size_t frames) { meter.add(block, frames); });
    benchmark::DoNotOptimize(meter.peak());
}
BENCHMARK(BM_TruePeakMeter);

void BM_TruePeakMeterSteadyLevel(benchmark::State& state)
{
    cuesmith::TruePeakMeter meter(kRate, kChannels);
    run(state, [&](const float* block, size_t frames) { meter.add(block, frames); }, false);
    benchmark::DoNotOptimize(meter.peak());
}
BENCHMARK(BM_TruePeakMeterSteadyLevel);

// What the renderer used before: libebur128 for loudness and sample peak ...
void BM_Libebur128(benchmark::State& state)
{
    ebur128_state* st = ebur128_init(kChannels, kRate, EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK);
    const int map[kChannels] = {EBUR128_LEFT,   EBUR128_RIGHT,         EBUR128_CENTER,
                                EBUR128_UNUSED, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    for (unsigned c = 0; c < kChannels; ++c)
        ebur128_set_channel(st, c, map[c]);
    run(state, [&](const float* block, size_t frames) { ebur128_add_frames_float(st, block, frames); });
    double loudness = 0.0;
    ebur128_loudness_global(st, &loudness);
    benchmark::DoNotOptimize(loudness);
    ebur128_destroy(&st);
}
BENCHMARK(BM_Libebur128);

// libebur128's own true peak (its 4x interpolator), for comparison.
void BM_Libebur128TruePeak(benchmark::State& state)
{
    ebur128_state* st = ebur128_init(kChannels, kRate, EBUR128_MODE_TRUE_PEAK);
    run(state, [&](const float* block, size_t frames) { ebur128_add_frames_float(st, block, frames); });
    double peak = 0.0;
    ebur128_true_peak(st, 0, &peak);
    benchmark::DoNotOptimize(peak);
    ebur128_destroy(&st);
}
BENCHMARK(BM_Libebur128TruePeak);

// The old meter's scan of libsoxr's output: eight lanes, so the compiler vectorises it.
float absolutePeak(const float* x, size_t n)
{
    float lanes[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t k = 0; k < 8; ++k)
            lanes[k] = std::max(lanes[k], std::fabs(x[i + k]));
    float peak = *std::max_element(lanes, lanes + 8);
    for (; i < n; ++i)
        peak = std::max(peak, std::fabs(x[i]));
    return peak;
}

// ... and libsoxr (HQ, 4x, all channels interleaved) plus a scan of its output for true peak.
void BM_LibsoxrTruePeak(benchmark::State& state)
{
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t error = nullptr;
    soxr_t soxr = soxr_create(kRate, 4.0 * kRate, kChannels, &error, &io, &quality, nullptr);
    if (soxr == nullptr)
        throw std::runtime_error(error);
    std::vector<float> out((kBlockFrames * 4 + 64) * kChannels);
    float peak = 0.0f;
    run(state, [&](const float* block, size_t frames) {
        size_t consumed = 0;
        while (consumed < frames) {
            size_t used = 0, produced = 0;
            soxr_process(soxr, block + consumed * kChannels, frames - consumed, &used, out.data(),
                         out.size() / kChannels, &produced);
            peak = std::max(peak, absolutePeak(out.data(), produced * kChannels));
            consumed += used;
            if (used == 0 && produced == 0)
                break;
        }
    });
    benchmark::DoNotOptimize(peak);
    soxr_delete(soxr);
}
BENCHMARK(BM_LibsoxrTruePeak);

} // namespace
