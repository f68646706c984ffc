// Re-conforming a feature reel must feel instant: diff two 2 000-event cuts, then map 300 cues.
// The budget is well under 100 ms for the whole conform (diff included).
#include "core/ChangeList.h"
#include "core/Conform.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"
#include "core/FeatureRecut.h"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace cuesmith;

void BM_DiffCuts(benchmark::State& state)
{
    const testing::FeatureConform r = testing::makeFeatureConform(static_cast<int>(state.range(0)), 0, true);
    const Edl& oldCut = r.session.currentCutVersion()->edl;
    for (auto _ : state)
        benchmark::DoNotOptimize(diffCuts(oldCut, r.next.edl));
}
BENCHMARK(BM_DiffCuts)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_ConformSession(benchmark::State& state)
{
    const testing::FeatureConform r =
        testing::makeFeatureConform(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), true);
    for (auto _ : state)
        benchmark::DoNotOptimize(conformSession(r.session, r.next));
}
BENCHMARK(BM_ConformSession)->Args({2000, 300})->Unit(benchmark::kMillisecond);

} // namespace
