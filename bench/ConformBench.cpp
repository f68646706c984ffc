// Re-conforming a feature reel must feel instant: diff two 2 000-event cuts, then map 300 cues.
// The budget is well under 100 ms for the whole conform (diff included).
#include "core/ChangeList.h"
#include "core/Conform.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace cuesmith;

constexpr int64_t kHour = 86400;  // 01:00:00:00 at 23.976

struct Shot {
    std::string reel;
    int64_t sourceIn = 0;
    int64_t length = 0;
};

Edl cutOf(const std::vector<Shot>& shots)
{
    Edl edl;
    edl.rate = kFps23_976;
    int64_t record = kHour;
    int number = 1;
    for (const auto& s : shots) {
        EdlEvent e;
        e.number = std::to_string(number++);
        e.reel = s.reel;
        e.channels = "V";
        e.clipName = s.reel + "_CLIP.MOV";
        e.sourceInFrame = s.sourceIn;
        e.sourceOutFrame = s.sourceIn + s.length;
        e.recordInFrame = record;
        e.recordOutFrame = record + s.length;
        record += s.length;
        edl.events.push_back(e);
    }
    return edl;
}

// The same re-cut as tests/core/ConformTest.cpp: every 50th shot deleted, a shot inserted after
// every 70th, every 40th trimmed by 5 frames, every 97th moved ten places later.
struct Recut {
    Session session;
    CutVersion next;
};

Recut makeRecut(int events, int cues)
{
    std::vector<Shot> shots;
    for (int i = 0; i < events; ++i)
        shots.push_back(Shot{"R" + std::to_string(i), 100000 + int64_t{i} * 400, 24 + (i * 37) % 200});
    struct Placed {
        Shot shot;
        int old = -1;
    };
    std::vector<Placed> next;
    for (int i = 0; i < events; ++i) {
        if (i % 50 == 49)
            continue;
        Shot s = shots[static_cast<size_t>(i)];
        if (i % 40 == 39)
            s.length -= 5;
        next.push_back(Placed{s, i});
        if (i % 70 == 69)
            next.push_back(Placed{Shot{"NEW" + std::to_string(i), 5000, 30}, -1});
    }
    for (size_t k = 0; k + 11 < next.size(); ++k)
        if (next[k].old >= 0 && next[k].old % 97 == 96) {
            const Placed moved = next[k];
            next.erase(next.begin() + static_cast<std::ptrdiff_t>(k));
            next.insert(next.begin() + static_cast<std::ptrdiff_t>(k + 10), moved);
            k += 10;
        }
    std::vector<Shot> newShots;
    for (const auto& p : next)
        newShots.push_back(p.shot);

    Recut r;
    r.session.frameRate = kFps23_976;
    r.session.sampleRate = 48000;
    CutVersion v1;
    v1.name = "v1";
    v1.edl = cutOf(shots);
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
    r.next.edl = cutOf(newShots);
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
