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

constexpr int64_t kHour = 86400;  // 01:00:00:00 at 23.976

struct Recut {
    Session session;
    CutVersion next;
};

// The re-cut of tests/core/FeatureRecut.h with `cues` cues of 20 s spread over the old cut.
Recut makeRecut(int events, int cues)
{
    const testing::FeatureRecut recut = testing::makeFeatureRecut(events, 0, true);
    Recut r;
    r.session.frameRate = kFps23_976;
    r.session.sampleRate = 48000;
    CutVersion v1;
    v1.name = "v1";
    v1.edl = testing::backToBackCut(recut.oldShots, kFps23_976, kHour);
    r.session = addCutVersion(r.session, v1);
    const int64_t frames = *cutEndFrame(v1.edl) - kHour;
    for (int c = 0; c < cues; ++c) {
        Cue cue;
        cue.number = "C" + std::to_string(c);
        cue.stems = {Stem{"STR", "/stems/" + cue.number + "_STR.wav", ChannelLayout::Stereo}};
        cue.startSample = framesToSamples(kHour + frames * c / cues + 7, kFps23_976, 48000) + 333;
        cue.writtenStartSample = cue.startSample;
        cue.lengthSamples = 20 * 48000;
        cue.fileSampleRate = 48000;
        r.session = addCue(r.session, cue);
    }
    r.next.name = "v2";
    r.next.edl = testing::backToBackCut(testing::shotsOf(recut.newShots), kFps23_976, kHour);
    return r;
}

void BM_DiffCuts(benchmark::State& state)
{
    const Recut r = makeRecut(static_cast<int>(state.range(0)), 0);
    const Edl& oldCut = r.session.currentCutVersion()->edl;
    for (auto _ : state)
        benchmark::DoNotOptimize(diffCuts(oldCut, r.next.edl));
}
BENCHMARK(BM_DiffCuts)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_ConformSession(benchmark::State& state)
{
    const Recut r = makeRecut(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    for (auto _ : state)
        benchmark::DoNotOptimize(conformSession(r.session, r.next));
}
BENCHMARK(BM_ConformSession)->Args({2000, 300})->Unit(benchmark::kMillisecond);

} // namespace
