#include "DialogueBandEq.h"

#include "EnvelopeGain.h"
#include "SimdLanes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace cuesmith {

float DialogueBandEq::channelWeight(ChannelLayout outputLayout, ChannelLayout busLayout, int channel,
                                   const DialogueEqSettings& settings)
{
    // A delivery without a centre (mono, stereo): whatever the bus carries sits in every channel.
    if (outputLayout == ChannelLayout::Mono || outputLayout == ChannelLayout::Stereo)
        return 1.0f;
    // A stereo or mono bus in a 5.1/7.1 delivery fills only the front (L R, or C): with no centre
    // of its own, the music that masks the words is all there, so it takes the whole cut.
    const bool busHasCentre = busLayout == ChannelLayout::Surround51 || busLayout == ChannelLayout::Surround71;
    switch (channel) {  // SMPTE order
    case 0:
    case 1: return busHasCentre ? 0.6f : 1.0f;  // L R
    case 2: return 1.0f;                       // C: where the dialogue is
    case 3: return settings.includeLfe ? 0.6f : 0.0f;
    default: return settings.includeSurrounds ? 0.6f : 0.0f;
    }
}

DialogueBandEq::ShelfEdge DialogueBandEq::shelfEdge(double sampleRate, double frequency)
{
    const double w0 = 2.0 * std::numbers::pi * frequency / sampleRate;
    return {std::cos(w0), std::sin(w0) / 2.0 * std::sqrt(2.0)};
}

// RBJ audio EQ cookbook low shelf, shelf slope 1, into one lane of the five rows from firstRow.
void DialogueBandEq::setLowShelf(int firstRow, size_t c, const ShelfEdge& edge, double gainDb)
{
    const double a = std::pow(10.0, gainDb / 40.0);
    const double cosw = edge.cosw;
    const double k = 2.0 * std::sqrt(a) * edge.alpha;
    const double a0 = (a + 1) + (a - 1) * cosw + k;
    at(firstRow, c) = a * ((a + 1) - (a - 1) * cosw + k) / a0;
    at(firstRow + 1, c) = 2 * a * ((a - 1) - (a + 1) * cosw) / a0;
    at(firstRow + 2, c) = a * ((a + 1) - (a - 1) * cosw - k) / a0;
    at(firstRow + 3, c) = -2 * ((a - 1) + (a + 1) * cosw) / a0;
    at(firstRow + 4, c) = ((a + 1) + (a - 1) * cosw - k) / a0;
}

void DialogueBandEq::prepare(double sampleRate, ChannelLayout outputLayout, ChannelLayout busLayout,
                             const DialogueEqSettings& settings, GainEnvelope depth)
{
    channels_ = channelCount(outputLayout);
    const double nyquist = sampleRate / 2.0;
    const double lowHz = std::clamp(std::isnan(settings.lowHz) ? 250.0 : settings.lowHz, 20.0, nyquist * 0.9);
    const double highHz = std::clamp(std::isnan(settings.highHz) ? 2000.0 : settings.highHz, lowHz * 1.01, nyquist * 0.95);
    low_ = shelfEdge(sampleRate, lowHz);
    high_ = shelfEdge(sampleRate, highHz);
    depth_ = std::move(depth);
    weight_ = {};
    lanes_ = 0;
    for (int c = 0; c < channels_; ++c) {
        weight_[static_cast<size_t>(c)] = channelWeight(outputLayout, busLayout, c, settings);
        if (weight_[static_cast<size_t>(c)] != 0.0f)
            lanes_ = c + 1;
    }
    coefficientsDepth_ = 0.0;
    reset();
}

void DialogueBandEq::reset()
{
    state_ = {};
}

void DialogueBandEq::continueFrom(const DialogueBandEq& previous)
{
    if (previous.channels_ != channels_)
        return;
    state_ = previous.state_;
}

// audio thread: pow once per distinct channel weight, only when the depth moved. A channel the
// cut leaves alone (weight 0, and lanes past the last channel) gets the identity filter, whose
// output is its input exactly.
void DialogueBandEq::setCoefficients(double depthDb)
{
    if (depthDb == coefficientsDepth_)
        return;
    coefficientsDepth_ = depthDb;
    for (size_t c = 0; c < static_cast<size_t>(kMaxChannels); ++c) {
        const float weight = weight_[c];
        if (weight == 0.0f) {
            for (int row = 0; row < kCoefficientRows; ++row)
                at(row, c) = row == CutB0 || row == RestoreB0 ? 1.0 : 0.0;
        } else if (c > 0 && weight == weight_[c - 1]) {
            for (int row = 0; row < kCoefficientRows; ++row)
                at(row, c) = at(row, c - 1);
        } else {
            const double d = depthDb * weight;
            setLowShelf(CutB0, c, high_, d);
            setLowShelf(RestoreB0, c, low_, -d);
        }
    }
}

namespace {

using simd::Double4;
typedef float Float4 __attribute__((vector_size(16)));

// The two shelves of every channel over `frames` interleaved frames, in place: four channels per
// vector, so one frame's channels run side by side instead of one channel after another. A frame
// goes into registers and back without passing through a scalar array (that stalled on every
// frame). Each sum takes the previous output's term last, so the recursion is one multiply-add
// long.
template <int Stride, int Lanes>
[[gnu::always_inline]] inline void shelveFrames(float* x, int frames, const double* coefficients, double* state)
{
    static_assert(Lanes <= 2 || Lanes == 4 || (Lanes > 4 && Lanes <= 8 && Lanes <= Stride));
    using enum DialogueBandEq::Row;
    using enum DialogueBandEq::StateRow;
    // More than four lanes: a second vector of the last four, overlapping the first where there
    // are fewer than eight (both compute the shared lanes alike). Every load and store is whole.
    constexpr size_t kHalves = Lanes > 4 ? 2 : 1;
    constexpr size_t kWidth = Lanes > 4 ? 4 : Lanes;
    constexpr size_t kOffset[2] = {0, Lanes > 4 ? Lanes - 4 : 0};
    // The history stays in registers (two halves of it fill them): the restoring shelf's input
    // history is the cutting shelf's output history, so six rows of the eight are kept; the
    // coefficients (a local copy: nothing the loop stores can alias it) become memory operands.
    Double4 x1[kHalves], x2[kHalves], y1[kHalves], y2[kHalves], z1[kHalves], z2[kHalves];
    for (size_t h = 0; h < kHalves; ++h) {
        simd::load(x1[h], state + 8 * CutX1 + kOffset[h]);
        simd::load(x2[h], state + 8 * CutX2 + kOffset[h]);
        simd::load(y1[h], state + 8 * CutY1 + kOffset[h]);
        simd::load(y2[h], state + 8 * CutY2 + kOffset[h]);
        simd::load(z1[h], state + 8 * RestoreY1 + kOffset[h]);
        simd::load(z2[h], state + 8 * RestoreY2 + kOffset[h]);
    }
    Double4 coefficient[kHalves][10];
    for (size_t h = 0; h < kHalves; ++h)
        for (size_t i = 0; i < 10; ++i)
            simd::load(coefficient[h][i], coefficients + 8 * i + kOffset[h]);
    for (int f = 0; f < frames; ++f) {
        float* frame = x + static_cast<ptrdiff_t>(f) * Stride;
        Float4 in[kHalves] = {}, out[kHalves];  // every input read before any output is written
        for (size_t h = 0; h < kHalves; ++h)
            std::memcpy(&in[h], frame + kOffset[h], sizeof(float) * kWidth);
        for (size_t h = 0; h < kHalves; ++h) {
            const Double4* c = coefficient[h];
            const Double4 v = __builtin_convertvector(in[h], Double4);
            const Double4 mid =
                c[CutB0] * v + c[CutB1] * x1[h] + c[CutB2] * x2[h] - c[CutA2] * y2[h] - c[CutA1] * y1[h];
            const Double4 y = c[RestoreB0] * mid + c[RestoreB1] * y1[h] + c[RestoreB2] * y2[h]
                              - c[RestoreA2] * z2[h] - c[RestoreA1] * z1[h];
            x2[h] = x1[h];
            x1[h] = v;
            y2[h] = y1[h];
            y1[h] = mid;
            z2[h] = z1[h];
            z1[h] = y;
            out[h] = __builtin_convertvector(y, Float4);
        }
        for (size_t h = 0; h < kHalves; ++h)
            std::memcpy(frame + kOffset[h], &out[h], sizeof(float) * kWidth);
    }
    for (size_t h = 0; h < kHalves; ++h) {
        simd::store(state + 8 * CutX1 + kOffset[h], x1[h]);
        simd::store(state + 8 * CutX2 + kOffset[h], x2[h]);
        simd::store(state + 8 * CutY1 + kOffset[h], y1[h]);
        simd::store(state + 8 * CutY2 + kOffset[h], y2[h]);
        simd::store(state + 8 * RestoreX1 + kOffset[h], y1[h]);
        simd::store(state + 8 * RestoreX2 + kOffset[h], y2[h]);
        simd::store(state + 8 * RestoreY1 + kOffset[h], z1[h]);
        simd::store(state + 8 * RestoreY2 + kOffset[h], z2[h]);
    }
}

// lanes: the channels from the first up to the last one the cut touches; the rest of each frame
// is left as it is. Front channels only (the default on 5.1 and 7.1) fit one vector of four: L R
// C and the LFE, whose identity filter gives back its samples exactly (a whole-vector load and
// store is much faster than a partial one).
CUESMITH_SIMD_CLONES
void shelve(float* x, int frames, int channels, int lanes, const double* coefficients, double* state)
{
    if (channels == 1)
        shelveFrames<1, 1>(x, frames, coefficients, state);
    else if (channels == 2)
        shelveFrames<2, 2>(x, frames, coefficients, state);
    else if (channels == 6)
        lanes <= 4 ? shelveFrames<6, 4>(x, frames, coefficients, state) : shelveFrames<6, 6>(x, frames, coefficients, state);
    else
        lanes <= 4 ? shelveFrames<8, 4>(x, frames, coefficients, state) : shelveFrames<8, 8>(x, frames, coefficients, state);
}

} // namespace

// audio thread
void DialogueBandEq::process(int64_t start, float* x, int frames, double scaleFrom, double scaleTo)
{
    if (depth_.points().empty() || frames <= 0)
        return;
    static_assert(kMaxChannels == 8, "the lanes are two vectors of four");
    for (int64_t g = envelopeGridFloor(start); g < start + frames; g += kEnvelopeGrid) {
        const int64_t from = std::max(g, start), to = std::min(g + kEnvelopeGrid, start + frames);
        const double scale = scaleFrom == scaleTo ? scaleFrom
                                                  : scaleFrom + (scaleTo - scaleFrom) * static_cast<double>(from - start) / frames;
        const double depth = std::min(0.0, depth_.at(g)) * scale;
        float* run = x + (from - start) * channels_;
        const auto n = static_cast<int>(to - from);
        if (depth == 0.0) {
            // Uncut: the signal passes untouched; the history stays what an identity filter's
            // would be (its output equals its input), so a cut can start from it without a step.
            for (size_t c = 0; c < static_cast<size_t>(channels_); ++c) {
                const double last = run[(n - 1) * channels_ + static_cast<int>(c)];
                for (int x1 : {CutX1, RestoreX1}) {
                    const int x2 = x1 + 1, y1 = x1 + 2, y2 = x1 + 3;
                    history(x2, c) = n >= 2 ? run[(n - 2) * channels_ + static_cast<int>(c)] : history(x1, c);
                    history(y2, c) = n >= 2 ? run[(n - 2) * channels_ + static_cast<int>(c)] : history(y1, c);
                    history(x1, c) = last;
                    history(y1, c) = last;
                }
            }
            continue;
        }
        setCoefficients(depth);
        shelve(run, n, channels_, lanes_, coefficients_.data(), state_.data());
    }
}

} // namespace cuesmith
