// The dialogue-band EQ while it cuts (a steady -6 dB), per frame, in the renderer's 8192-frame
// blocks: 5.1 front channels only (the default), 5.1 with the surrounds, stereo.
#include "dsp/DialogueBandEq.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

void run(benchmark::State& state, cuesmith::ChannelLayout layout, bool surrounds)
{
    cuesmith::DialogueBandEq eq;
    cuesmith::DialogueEqSettings settings;
    settings.includeSurrounds = surrounds;
    eq.prepare(48000.0, layout, layout, settings, cuesmith::GainEnvelope({{0, -6.0}}));  // a bus of its own layout
    const int channels = cuesmith::channelCount(layout);
    std::vector<float> x(static_cast<size_t>(8192 * channels));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = 0.1f * std::sin(0.01f * static_cast<float>(i));
    int64_t t = 0;
    for (auto _ : state) {
        eq.process(t, x.data(), 8192);
        t += 8192;
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations() * 8192);  // frames
}

void BM_DialogueBandEqFiveOneFront(benchmark::State& state) { run(state, cuesmith::ChannelLayout::Surround51, false); }
void BM_DialogueBandEqFiveOneAll(benchmark::State& state) { run(state, cuesmith::ChannelLayout::Surround51, true); }
void BM_DialogueBandEqStereo(benchmark::State& state) { run(state, cuesmith::ChannelLayout::Stereo, false); }
BENCHMARK(BM_DialogueBandEqFiveOneFront);
BENCHMARK(BM_DialogueBandEqFiveOneAll);
BENCHMARK(BM_DialogueBandEqStereo);

} // namespace
