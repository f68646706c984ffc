#include "core/Fitter.h"
#include "core/SessionEdits.h"
#include "engine/BusMixer.h"

#include "MemoryStemSource.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kStart = 173068896;

// A cue of a 220.1 Hz tone cut two bars (5 s = 1100.5 periods) shorter through the fitter, so the
// two sides of the splice are half a period apart, rendered through the mixer.
double largestStepRatio(int64_t crossfade, FadeShape shape)
{
    Session s;
    s.frameRate = kFps23_976;
    Cue cue;
    cue.number = "1M01";
    cue.startSample = kStart;
    cue.lengthSamples = 960000;
    cue.stems = {{"STR", "/mem.wav", ChannelLayout::Stereo}};
    cue.tempo = tempoMapFromBpm(96.0, 4, 4, 0, cue.lengthSamples, 48000);
    s = addCue(s, cue);
    FitOptions options;
    options.allowStretch = false;
    options.crossfadeSamples = std::max<int64_t>(crossfade, 2);
    const FitPlan plan = proposeFits(s, "1M01", kStart + 840000 - 240000, options);
    s = applyFitEdit(s, "1M01", plan.proposals.front(), crossfade, shape);
    const int64_t spliceAt = kStart + plan.proposals.front().fromSample;

    std::vector<float> tone(2 * 960000);
    for (size_t i = 0; i < 960000; ++i)
        tone[2 * i] = tone[2 * i + 1] = 0.5f * static_cast<float>(std::sin(2.0 * M_PI * 220.1 * static_cast<double>(i) / 48000.0));
    testing::MemoryStemSource source(2, tone);
    const RenderPlan renderPlan = compileRenderPlan(s, ChannelLayout::Stereo);
    BusMixer mixer;
    mixer.prepare(renderPlan, {&source}, 48000);
    mixer.process(spliceAt - 24000, 48000);
    const float* out = mixer.mixOutput();
    double spliceStep = 0.0, materialStep = 0.0;
    for (int i = 1; i < 48000; ++i) {
        const double step = std::abs(out[2 * i] - out[2 * (i - 1)]);
        const bool nearSplice = std::abs(i - 24000) <= crossfade / 2 + 2;
        (nearSplice ? spliceStep : materialStep) = std::max(nearSplice ? spliceStep : materialStep, step);
    }
    return spliceStep / materialStep;
}

TEST(Splice, ACrossfadedBarCutHasNoClick)
{
    for (auto shape : {FadeShape::EqualPower, FadeShape::Linear, FadeShape::SCurve, FadeShape::EqualGain}) {
        const double ratio = largestStepRatio(1440, shape);
        EXPECT_LT(ratio, 1.5) << fadeShapeName(shape) << ": the splice steps " << ratio << "x the material's largest step";
    }
}

TEST(Splice, AHardCutAtTheSamePlaceWouldClick)
{
    // Guards the measurement: without a crossfade the phase jump is a click many times larger.
    EXPECT_GT(largestStepRatio(0, FadeShape::Linear), 5.0);
}

} // namespace
} // namespace cuesmith
