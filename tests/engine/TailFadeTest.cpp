// A trim from the fitter, rendered through the mixer: the tail fade brings the cue down to
// silence exactly at the hit, for every fade shape.

#include "core/Fitter.h"
#include "core/SessionEdits.h"
#include "engine/BusMixer.h"

#include "MemoryStemSource.h"

#include <cmath>
#include <gtest/gtest.h>

namespace cuesmith {
namespace {

constexpr int64_t kStart = 173068896;
constexpr int64_t kLength = 960000;

TEST(TailFade, ATrimmedCueFadesToSilenceExactlyAtTheHit)
{
    Session s;
    s.frameRate = kFps23_976;
    Cue cue;
    cue.number = "1M01";
    cue.startSample = kStart;
    cue.lengthSamples = kLength;
    Stem stem;
    stem.name = "STR";
    stem.path = "/mem.wav";
    cue.stems = {stem};
    s = addCue(s, cue);
    FitOptions options;
    options.tailFadeSamples = 24000;
    const int64_t hit = kStart + 700001;
    const FitPlan plan = proposeFits(s, "1M01", hit, options);
    ASSERT_EQ(plan.proposals.front().kind, FitKind::Trim);
    const Session fitted = s;

    std::vector<float> tone(2 * static_cast<size_t>(kLength));
    for (size_t i = 0; i < static_cast<size_t>(kLength); ++i)
        tone[2 * i] = tone[2 * i + 1] = 0.5f * static_cast<float>(std::sin(2.0 * M_PI * 220.0 * static_cast<double>(i) / 48000.0));

    for (auto shape : {FadeShape::EqualPower, FadeShape::Linear, FadeShape::SCurve, FadeShape::EqualGain}) {
        testing::MemoryStemSource source(2, tone);
        const Session trimmed = applyFitEdit(fitted, "1M01", plan.proposals.front(), options.crossfadeSamples, shape);
        ASSERT_EQ(trimmed.cues[0].segments.back().fadeOutShape, shape);
        const RenderPlan renderPlan = compileRenderPlan(trimmed, ChannelLayout::Stereo);
        BusMixer mixer;
        mixer.prepare(renderPlan, {&source}, 48000);
        const int64_t from = hit - 36000;  // 12 000 samples at full level, the fade, then 12 000 after the hit
        mixer.process(from, 48000);
        const float* out = mixer.mixOutput();
        auto peak = [&](int64_t a, int64_t b) {  // timeline samples [a, b)
            float p = 0.0f;
            for (int64_t t = a; t < b; ++t)
                p = std::max(p, std::abs(out[2 * (t - from)]));
            return p;
        };
        const std::string name = fadeShapeName(shape);
        EXPECT_GT(peak(hit - 36000, hit - 24000), 0.49f) << name << ": full level before the fade";
        // Each tenth of the fade is quieter than the one before it.
        for (int k = 1; k < 10; ++k)
            EXPECT_LT(peak(hit - 24000 + k * 2400, hit - 24000 + (k + 1) * 2400),
                      peak(hit - 24000 + (k - 1) * 2400, hit - 24000 + k * 2400))
                << name << ": tenth " << k;
        EXPECT_LT(peak(hit - 48, hit), 0.005f) << name << ": the last millisecond is all but silent";
        EXPECT_LT(std::abs(out[2 * (hit - 1 - from)]), 1e-3f) << name << ": the last sample before the hit";
        EXPECT_EQ(peak(hit, hit + 12000), 0.0f) << name << ": silence from the hit on";
    }
}

} // namespace
} // namespace cuesmith
