#include "media/TruePeakMeter.h"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

namespace cuesmith {
namespace {

double db(double linear) { return 20.0 * std::log10(linear); }

TEST(TruePeakMeter, FindsThePeakBetweenSamplesOfAQuarterRateSine)
{
    // 12 kHz at 48 kHz, 45 degrees: every sample is +-0.3536 (-9.03 dBFS) but the wave peaks at 0.5.
    std::vector<float> stereo(2 * 48000);
    for (size_t i = 0; i < 48000; ++i)
        stereo[2 * i] = stereo[2 * i + 1] =
            0.5f * static_cast<float>(std::sin(2.0 * M_PI * 12000.0 * static_cast<double>(i) / 48000.0 + M_PI / 4.0));
    TruePeakMeter meter(48000, 2);
    for (size_t done = 0; done < 48000; done += 1000)
        meter.add(stereo.data() + 2 * done, 1000);
    EXPECT_NEAR(db(meter.peak()), db(0.5), 0.1);
}

TEST(TruePeakMeter, IsNeverBelowTheSamplePeakAndZeroForSilence)
{
    TruePeakMeter silent(48000, 6);
    std::vector<float> zeros(6 * 4800, 0.0f);
    silent.add(zeros.data(), 4800);
    EXPECT_EQ(silent.peak(), 0.0);

    // One full-scale sample as the very last input: inside the oversampler's delay, still counted.
    TruePeakMeter meter(48000, 1);
    std::vector<float> last(480, 0.0f);
    last.back() = -0.9f;
    meter.add(last.data(), last.size());
    EXPECT_GE(meter.peak(), static_cast<double>(0.9f));
}

TEST(TruePeakMeter, NeedsNoOversamplingAt192k)
{
    TruePeakMeter meter(192000, 1);
    const float x[3] = {0.1f, -0.7f, 0.2f};
    meter.add(x, 3);
    EXPECT_NEAR(meter.peak(), 0.7, 1e-7);
    EXPECT_THROW(TruePeakMeter(0, 2), std::invalid_argument);
}

} // namespace
} // namespace cuesmith
