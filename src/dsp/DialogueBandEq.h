#pragma once
// The dialogue-band cut on one bus: a plateau between lowHz and highHz (a low shelf at the top
// edge cutting, a low shelf at the bottom edge restoring), as deep as a depth envelope says.
// Depth follows the timeline on the same 32-sample grid as bus gains, so any block size gives the
// same samples. Channel weights put the cut where dialogue sits: the centre fully, left and right
// at 60 % (in dB), surrounds only when asked, the LFE never; stereo and mono buses fully.
// Message thread: prepare(); audio thread: process().

#include "core/GainEnvelope.h"
#include "core/Session.h"

#include <array>
#include <cstdint>
#include <vector>

namespace cuesmith {

class DialogueBandEq {
public:
    static constexpr int kMaxChannels = 8;

    // depth: cut in dB over the timeline (≤ 0; 0 or empty: no cut).
    void prepare(double sampleRate, ChannelLayout layout, const DialogueEqSettings& settings, GainEnvelope depth);
    // Filters interleaved frames of timeline [start, start + frames) in place. The depth is scaled
    // by a factor moving in a straight line from scaleFrom at the block's start to scaleTo at its
    // end (listening A/B: 1 is the cut as planned, 0 no cut). audio thread
    void process(int64_t start, float* interleaved, int frames, double scaleFrom = 1.0, double scaleTo = 1.0);
    void reset();
    // Carries the filters' history over from the same bus's EQ in the program being replaced, so a
    // program swap mid-phrase does not restart the filters from silence. audio thread
    void continueFrom(const DialogueBandEq& previous);

    // The weight (fraction of the depth in dB) a channel of the layout gets.
    static float channelWeight(ChannelLayout layout, int channel, bool includeSurrounds);

private:
    struct Biquad {
        double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
    };
    struct Stage {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    };
    static Biquad lowShelf(double sampleRate, double frequency, double gainDb);
    void setCoefficients(double depthDb);

    double sampleRate_ = 48000.0;
    int channels_ = 0;
    double lowHz_ = 250.0, highHz_ = 2000.0;
    GainEnvelope depth_;
    std::array<float, kMaxChannels> weight_{};
    std::array<Biquad, kMaxChannels> cut_{}, restore_{};
    std::array<Stage, kMaxChannels> cutState_{}, restoreState_{};
};

} // namespace cuesmith
