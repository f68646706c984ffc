#include "TruePeakMeter.h"

#include <algorithm>
#include <cmath>
#include <soxr.h>
#include <stdexcept>
#include <string>

namespace cuesmith {

namespace {

// Largest |x| of a block. Eight independent lanes let the compiler use vector max instructions
// (a single running maximum is a serial dependency chain it cannot vectorise at -O2).
float absolutePeak(const float* x, size_t n)
{
    float lanes[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t k = 0; k < 8; ++k) {
            const float a = std::fabs(x[i + k]);
            lanes[k] = a > lanes[k] ? a : lanes[k];
        }
    float peak = 0.0f;
    for (float lane : lanes)
        peak = std::max(peak, lane);
    for (; i < n; ++i)
        peak = std::max(peak, std::fabs(x[i]));
    return peak;
}

} // namespace

struct TruePeakMeter::Resampler {
    soxr_t handle = nullptr;
    ~Resampler()
    {
        if (handle != nullptr)
            soxr_delete(handle);
    }
};

TruePeakMeter::TruePeakMeter(int sampleRate, int channels)
    : resampler_(std::make_unique<Resampler>()), channels_(channels)
{
    if (sampleRate <= 0 || channels <= 0)
        throw std::invalid_argument("cannot measure a true peak at " + std::to_string(sampleRate) + " Hz with "
                                    + std::to_string(channels) + " channels");
    // 4x at 48 kHz, 2x at 96 kHz, none at 192 kHz: at least 192 kHz as BS.1770 asks.
    factor_ = static_cast<size_t>(std::max(1, (192000 + sampleRate - 1) / sampleRate));
    if (factor_ == 1)
        return;
    soxr_error_t error = nullptr;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    resampler_->handle = soxr_create(sampleRate, static_cast<double>(sampleRate) * static_cast<double>(factor_),
                                     static_cast<unsigned>(channels), &error, &io, &quality, nullptr);
    if (resampler_->handle == nullptr)
        throw std::invalid_argument(std::string("libsoxr cannot oversample: ") + (error ? error : "unknown error"));
}

TruePeakMeter::~TruePeakMeter() = default;

void TruePeakMeter::add(const float* interleaved, size_t frames)
{
    samplePeak_ = std::max(samplePeak_, static_cast<double>(absolutePeak(interleaved, frames * static_cast<size_t>(channels_))));
    if (factor_ == 1)
        return;
    output_.resize(frames * factor_ * static_cast<size_t>(channels_) + 64 * static_cast<size_t>(channels_));
    size_t consumed = 0;
    while (consumed < frames) {
        size_t used = 0, produced = 0;
        const soxr_error_t error =
            soxr_process(resampler_->handle, interleaved + consumed * static_cast<size_t>(channels_), frames - consumed,
                         &used, output_.data(), output_.size() / static_cast<size_t>(channels_), &produced);
        if (error != nullptr)
            throw std::runtime_error(std::string("libsoxr failed while oversampling: ") + error);
        truePeak_ = std::max(truePeak_, static_cast<double>(absolutePeak(output_.data(), produced * static_cast<size_t>(channels_))));
        consumed += used;
        if (used == 0 && produced == 0)
            break;
    }
}

double TruePeakMeter::peak() const
{
    return std::max(truePeak_, samplePeak_);
}

} // namespace cuesmith
