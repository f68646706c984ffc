// Reading a long feature reel's EDL (thousands of events) must feel instant on import.
#include "core/Timecode.h"
#include "formats/EdlReader.h"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <string>

namespace {

std::string syntheticReel(int events)
{
    std::string text = "TITLE: BENCH REEL\nFCM: NON-DROP FRAME\n\n";
    int64_t record = 86400;
    for (int i = 1; i <= events; ++i) {
        const int64_t length = 24 + (i * 37) % 200;
        char line[200];
        std::snprintf(line, sizeof line, "%04d  A%03dC%03d V     C        %s %s %s %s\n", i, i % 997, i % 89,
                      cuesmith::formatFrames(360000 + i * 300, cuesmith::kFps23_976).c_str(),
                      cuesmith::formatFrames(360000 + i * 300 + length, cuesmith::kFps23_976).c_str(),
                      cuesmith::formatFrames(record, cuesmith::kFps23_976).c_str(),
                      cuesmith::formatFrames(record + length, cuesmith::kFps23_976).c_str());
        text += line;
        text += "* FROM CLIP NAME:  A" + std::to_string(i) + "_CLIP.MOV\n";
        record += length;
    }
    return text;
}

void BM_ReadEdl(benchmark::State& state)
{
    const std::string text = syntheticReel(static_cast<int>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(cuesmith::readEdl(text, {cuesmith::kFps23_976, false}));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ReadEdl)->Arg(2000)->Unit(benchmark::kMillisecond);

} // namespace
