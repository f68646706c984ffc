#include "ChannelMatrix.h"

namespace cuesmith {

namespace {

constexpr float kMinus3dB = 0.70710678f;

// Indices in SMPTE order.
enum : int { L = 0, R = 1, C = 2, LFE = 3, LS = 4, RS = 5, LRS = 6, RRS = 7 };

} // namespace

ChannelMatrix ChannelMatrix::between(ChannelLayout from, ChannelLayout to)
{
    ChannelMatrix m;
    m.inputs_ = channelCount(from);
    m.outputs_ = channelCount(to);
    auto set = [&](int out, int in, float g) { m.gains_[static_cast<size_t>(out)][static_cast<size_t>(in)] = g; };

    if (from == to) {
        for (int c = 0; c < m.inputs_; ++c)
            set(c, c, 1.0f);
        m.identity_ = true;
        return m;
    }
    if (from == ChannelLayout::Mono) {
        if (to == ChannelLayout::Stereo) {
            set(L, 0, kMinus3dB);
            set(R, 0, kMinus3dB);
        } else {
            set(C, 0, 1.0f);
        }
        return m;
    }
    if (to == ChannelLayout::Mono) {
        const float share = 1.0f / static_cast<float>(m.inputs_ == 2 ? 2 : 3);
        set(0, L, share);
        set(0, R, share);
        if (m.inputs_ > 2)
            set(0, C, share);
        return m;
    }
    if (from == ChannelLayout::Stereo) {  // onto 5.1 or 7.1: the front pair only
        set(L, L, 1.0f);
        set(R, R, 1.0f);
        return m;
    }
    if (to == ChannelLayout::Stereo) {  // 5.1 or 7.1 down to stereo, ITU-R BS.775
        set(L, L, 1.0f);
        set(R, R, 1.0f);
        set(L, C, kMinus3dB);
        set(R, C, kMinus3dB);
        set(L, LS, kMinus3dB);
        set(R, RS, kMinus3dB);
        if (from == ChannelLayout::Surround71) {
            set(L, LRS, kMinus3dB);
            set(R, RRS, kMinus3dB);
        }
        return m;
    }
    // 5.1 <-> 7.1: fronts and LFE straight; surrounds split or folded.
    for (int c : {L, R, C, LFE})
        set(c, c, 1.0f);
    if (from == ChannelLayout::Surround51) {  // up to 7.1: surrounds feed the side pair
        set(LS, LS, 1.0f);
        set(RS, RS, 1.0f);
    } else {  // 7.1 down to 5.1
        set(LS, LS, kMinus3dB);
        set(RS, RS, kMinus3dB);
        set(LS, LRS, kMinus3dB);
        set(RS, RRS, kMinus3dB);
    }
    return m;
}

namespace {

// Same layout in and out (the common case), with the channel count a compile-time constant so the
// loop vectorises. Assign: the output held nothing yet (no read of it, no zeroing before).
// No scale: unity, exactly (x * 1.0f is x).
template <int Channels, bool Assign>
void identity(const float* input, const float* scale, float* output, int frames)
{
    constexpr int n = Channels;
    if (scale == nullptr) {
        for (int i = 0; i < frames * n; ++i)
            output[i] = Assign ? input[i] : output[i] + input[i];
        return;
    }
    for (int i = 0; i < frames; ++i) {
        const float s = scale[i];
        for (int c = 0; c < n; ++c)
            output[i * n + c] = Assign ? input[i * n + c] * s : output[i * n + c] + input[i * n + c] * s;
    }
}

template <bool Assign>
bool identityByCount(int channels, const float* input, const float* scale, float* output, int frames)
{
    switch (channels) {
    case 1: identity<1, Assign>(input, scale, output, frames); return true;
    case 2: identity<2, Assign>(input, scale, output, frames); return true;
    case 6: identity<6, Assign>(input, scale, output, frames); return true;
    case 8: identity<8, Assign>(input, scale, output, frames); return true;
    default: return false;
    }
}

} // namespace

// audio thread
void ChannelMatrix::addScaled(const float* input, const float* scale, float* output, int frames) const
{
    apply<false>(input, scale, output, frames);
}

// audio thread
void ChannelMatrix::writeScaled(const float* input, const float* scale, float* output, int frames) const
{
    apply<true>(input, scale, output, frames);
}

template <bool Assign>
void ChannelMatrix::apply(const float* input, const float* scale, float* output, int frames) const
{
    if (identity_ && identityByCount<Assign>(inputs_, input, scale, output, frames))
        return;
    for (int i = 0; i < frames; ++i) {
        const float* in = input + static_cast<ptrdiff_t>(i) * inputs_;
        float* out = output + static_cast<ptrdiff_t>(i) * outputs_;
        const float s = scale != nullptr ? scale[i] : 1.0f;
        for (int o = 0; o < outputs_; ++o) {
            float acc = 0.0f;
            for (int c = 0; c < inputs_; ++c)
                acc += gains_[static_cast<size_t>(o)][static_cast<size_t>(c)] * in[c];
            out[o] = Assign ? acc * s : out[o] + acc * s;
        }
    }
}

} // namespace cuesmith
