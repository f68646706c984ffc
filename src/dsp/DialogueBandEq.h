#pragma once
// The dialogue-band cut on one bus: a plateau between lowHz and highHz (a low shelf at the top
// edge cutting, a low shelf at the bottom edge restoring), as deep as a depth envelope says.
// Depth follows the timeline on the same 32-sample grid as bus gains, so any block size gives the
// same samples. Channel weights put the cut where dialogue sits, judged by what the bus carries
// (not by the delivery it sits in): a 5.1/7.1 bus is cut in the centre fully, left and right at
// 60 % (in dB), surrounds and LFE only when asked (at 60 %); a stereo or mono bus has no centre of
// its own, so its channels are cut fully wherever the delivery puts them.
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

    // depth: cut in dB over the timeline (≤ 0; 0 or empty: no cut). The frames are interleaved in
    // outputLayout; busLayout is the layout of what the bus carries (its stems' widest).
    void prepare(double sampleRate, ChannelLayout outputLayout, ChannelLayout busLayout,
                 const DialogueEqSettings& settings, GainEnvelope depth);
    // Filters interleaved frames of timeline [start, start + frames) in place. The depth is scaled
    // by a factor moving in a straight line from scaleFrom at the block's start to scaleTo at its
    // end (listening A/B: 1 is the cut as planned, 0 no cut). audio thread
    void process(int64_t start, float* interleaved, int frames, double scaleFrom = 1.0, double scaleTo = 1.0);
    void reset();
    // Carries the filters' history over from the same bus's EQ in the program being replaced, so a
    // program swap mid-phrase does not restart the filters from silence. audio thread
    void continueFrom(const DialogueBandEq& previous);

    // Filter rows, one lane per channel, channels side by side so a frame's channels filter
    // together: the coefficients of the cut shelf (at the top edge) and the restoring one (at the
    // bottom edge), then the history of each (the restoring shelf's input history is always the
    // cutting shelf's output history).
    enum Row { CutB0, CutB1, CutB2, CutA1, CutA2, RestoreB0, RestoreB1, RestoreB2, RestoreA1, RestoreA2, kCoefficientRows };
    enum StateRow { CutX1, CutX2, CutY1, CutY2, RestoreX1, RestoreX2, RestoreY1, RestoreY2, kStateRows };

    // The weight (fraction of the depth in dB) channel `channel` of outputLayout gets when the bus
    // carries busLayout.
    static float channelWeight(ChannelLayout outputLayout, ChannelLayout busLayout, int channel,
                               const DialogueEqSettings& settings);

private:
    // What a low shelf at one frequency needs besides its gain (the trigonometry, done once).
    struct ShelfEdge {
        double cosw = 1.0, alpha = 0.0;
    };

    static ShelfEdge shelfEdge(double sampleRate, double frequency);
    void setLowShelf(int firstRow, size_t channel, const ShelfEdge& edge, double gainDb);
    void setCoefficients(double depthDb);
    double& at(int row, size_t channel) { return coefficients_[static_cast<size_t>(row) * kMaxChannels + channel]; }
    double& history(int row, size_t channel) { return state_[static_cast<size_t>(row) * kMaxChannels + channel]; }

    int channels_ = 0;
    int lanes_ = 0;  // channels up to the last one the cut touches
    ShelfEdge low_, high_;
    GainEnvelope depth_;
    std::array<float, kMaxChannels> weight_{};
    std::array<double, kCoefficientRows * kMaxChannels> coefficients_{};
    double coefficientsDepth_ = 0.0;  // the depth the coefficients were made for (0: none yet)
    std::array<double, kStateRows * kMaxChannels> state_{};
};

} // namespace cuesmith
