#include "DialogueBandEq.h"

#include "EnvelopeGain.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cuesmith {

float DialogueBandEq::channelWeight(ChannelLayout layout, int channel, bool includeSurrounds)
{
    if (layout == ChannelLayout::Mono || layout == ChannelLayout::Stereo)
        return 1.0f;
    switch (channel) {  // SMPTE order
    case 0:
    case 1: return 0.6f;  // L R
    case 2: return 1.0f;  // C: where the dialogue is
    case 3: return 0.0f;  // LFE: never
    default: return includeSurrounds ? 0.6f : 0.0f;
    }
}

DialogueBandEq::Biquad DialogueBandEq::lowShelf(double sampleRate, double frequency, double gainDb)
{
    // RBJ audio EQ cookbook low shelf, shelf slope 1.
    const double a = std::pow(10.0, gainDb / 40.0);
    const double w0 = 2.0 * std::numbers::pi * frequency / sampleRate;
    const double cosw = std::cos(w0);
    const double alpha = std::sin(w0) / 2.0 * std::sqrt(2.0);
    const double k = 2.0 * std::sqrt(a) * alpha;
    const double a0 = (a + 1) + (a - 1) * cosw + k;
    Biquad q;
    q.b0 = a * ((a + 1) - (a - 1) * cosw + k) / a0;
    q.b1 = 2 * a * ((a - 1) - (a + 1) * cosw) / a0;
    q.b2 = a * ((a + 1) - (a - 1) * cosw - k) / a0;
    q.a1 = -2 * ((a - 1) + (a + 1) * cosw) / a0;
    q.a2 = ((a + 1) + (a - 1) * cosw - k) / a0;
    return q;
}

void DialogueBandEq::prepare(double sampleRate, ChannelLayout layout, const DialogueEqSettings& settings,
                             GainEnvelope depth)
{
    sampleRate_ = sampleRate;
    channels_ = channelCount(layout);
    const double nyquist = sampleRate / 2.0;
    lowHz_ = std::clamp(std::isnan(settings.lowHz) ? 250.0 : settings.lowHz, 20.0, nyquist * 0.9);
    highHz_ = std::clamp(std::isnan(settings.highHz) ? 2000.0 : settings.highHz, lowHz_ * 1.01, nyquist * 0.95);
    depth_ = std::move(depth);
    for (int c = 0; c < channels_; ++c)
        weight_[static_cast<size_t>(c)] = channelWeight(layout, c, settings.includeSurrounds);
    reset();
}

void DialogueBandEq::reset()
{
    cutState_ = {};
    restoreState_ = {};
}

void DialogueBandEq::continueFrom(const DialogueBandEq& previous)
{
    if (previous.channels_ != channels_)
        return;
    cutState_ = previous.cutState_;
    restoreState_ = previous.restoreState_;
}

// audio thread (pow and trig once per 32 samples while the cut moves)
void DialogueBandEq::setCoefficients(double depthDb)
{
    for (int c = 0; c < channels_; ++c) {
        const double d = depthDb * weight_[static_cast<size_t>(c)];
        cut_[static_cast<size_t>(c)] = lowShelf(sampleRate_, highHz_, d);
        restore_[static_cast<size_t>(c)] = lowShelf(sampleRate_, lowHz_, -d);
    }
}

// audio thread
void DialogueBandEq::process(int64_t start, float* x, int frames, double scaleFrom, double scaleTo)
{
    if (depth_.points().empty() || frames <= 0)
        return;
    for (int64_t g = envelopeGridFloor(start); g < start + frames; g += kEnvelopeGrid) {
        const int64_t from = std::max(g, start), to = std::min(g + kEnvelopeGrid, start + frames);
        const double scale = scaleFrom == scaleTo ? scaleFrom
                                                  : scaleFrom + (scaleTo - scaleFrom) * static_cast<double>(from - start) / frames;
        const double depth = std::min(0.0, depth_.at(g)) * scale;
        if (depth == 0.0) {
            // Uncut: the signal passes untouched; the history stays current so a cut can start
            // from it without a step (an identity filter's output equals its input).
            for (int64_t t = from; t < to; ++t)
                for (int c = 0; c < channels_; ++c) {
                    const double v = x[(t - start) * channels_ + c];
                    for (Stage* s : {&cutState_[static_cast<size_t>(c)], &restoreState_[static_cast<size_t>(c)]}) {
                        s->x2 = s->x1;
                        s->x1 = v;
                        s->y2 = s->y1;
                        s->y1 = v;
                    }
                }
            continue;
        }
        setCoefficients(depth);
        for (int c = 0; c < channels_; ++c) {
            if (weight_[static_cast<size_t>(c)] == 0.0f) {
                continue;
            }
            const Biquad& p = cut_[static_cast<size_t>(c)];
            const Biquad& q = restore_[static_cast<size_t>(c)];
            Stage& s = cutState_[static_cast<size_t>(c)];
            Stage& r = restoreState_[static_cast<size_t>(c)];
            for (int64_t t = from; t < to; ++t) {
                float& sample = x[(t - start) * channels_ + c];
                const double in = sample;
                const double mid = p.b0 * in + p.b1 * s.x1 + p.b2 * s.x2 - p.a1 * s.y1 - p.a2 * s.y2;
                s.x2 = s.x1;
                s.x1 = in;
                s.y2 = s.y1;
                s.y1 = mid;
                const double out = q.b0 * mid + q.b1 * r.x1 + q.b2 * r.x2 - q.a1 * r.y1 - q.a2 * r.y2;
                r.x2 = r.x1;
                r.x1 = mid;
                r.y2 = r.y1;
                r.y1 = out;
                sample = static_cast<float>(out);
            }
        }
    }
}

} // namespace cuesmith
