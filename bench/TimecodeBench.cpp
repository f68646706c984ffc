// Timecode conversions run for every event, marker and ruler tick: they must stay cheap.
#include "core/Timecode.h"

#include <benchmark/benchmark.h>

namespace {

void BM_ParseDropFrameTimecode(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(cuesmith::parseTimecodeFrames("01:23:45;17", cuesmith::kFps29_97Drop));
}
BENCHMARK(BM_ParseDropFrameTimecode);

void BM_FormatDropFrameTimecode(benchmark::State& state)
{
    int64_t f = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(cuesmith::formatFrames(f++, cuesmith::kFps29_97Drop));
}
BENCHMARK(BM_FormatDropFrameTimecode);

void BM_FramesToSamples23976(benchmark::State& state)
{
    int64_t f = 86400;
    for (auto _ : state)
        benchmark::DoNotOptimize(cuesmith::framesToSamples(f++, cuesmith::kFps23_976, 48000));
}
BENCHMARK(BM_FramesToSamples23976);

} // namespace
