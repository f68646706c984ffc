#pragma once
// How a stem's channels feed a bus of another layout: a small gain matrix, built once when a plan
// is compiled. Same layout: identity. Mono: centre (or both sides at -3 dB on a stereo bus).
// Stereo onto surround: L and R only. Surround down to stereo: ITU-R BS.775 (centre and
// surrounds at -3 dB, LFE dropped). 7.1 to 5.1: side and rear surrounds folded at -3 dB.
// Pure value type; apply() is real-time safe.

#include "core/Session.h"

#include <array>

namespace cuesmith {

class ChannelMatrix {
public:
    static constexpr int kMaxChannels = 8;

    ChannelMatrix() = default;
    // SMPTE channel order on both sides (L R C LFE Ls Rs / L R C LFE Lss Rss Lrs Rrs).
    static ChannelMatrix between(ChannelLayout from, ChannelLayout to);

    int inputs() const { return inputs_; }
    int outputs() const { return outputs_; }
    float gain(int out, int in) const { return gains_[static_cast<size_t>(out)][static_cast<size_t>(in)]; }

    // Adds frames of `input` (interleaved, inputs() channels) times `scale[i]` per frame into
    // `output` (interleaved, outputs() channels); a null scale is unity. audio thread
    void addScaled(const float* input, const float* scale, float* output, int frames) const;
    // The same, overwriting `output` instead of adding to it. audio thread
    void writeScaled(const float* input, const float* scale, float* output, int frames) const;

private:
    template <bool Assign>
    void apply(const float* input, const float* scale, float* output, int frames) const;

    int inputs_ = 0, outputs_ = 0;
    bool identity_ = false;
    std::array<std::array<float, kMaxChannels>, kMaxChannels> gains_{};
};

} // namespace cuesmith
