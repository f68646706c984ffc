#pragma once
// ITU-R BS.1770-4 / EBU R128 measurements of a stream as it is produced (the renderer meters what
// it writes): integrated loudness, loudness range (EBU Tech 3342), true peak and sample peak.
// prepare() allocates; addFrames() allocates nothing but the amortised growth of a list of 100 ms
// energies (8 bytes per 100 ms whatever the channel count); report() allocates. Worker threads,
// one at a time.
//
// Channels are weighted by their count, in the SMPTE orders Cuesmith delivers:
//   1, 2      mono / L R (each weight 1)
//   3         L R C
//   4         L R Ls Rs (quad)
//   5         L R C Ls Rs
//   6   5.1   L R C LFE Ls Rs          (LFE excluded, surrounds +1.5 dB)
//   8   7.1   L R C LFE Lss Rss Lrs Rrs (LFE excluded, all four surrounds +1.5 dB)
//   other     every channel weight 1 (no position is known, nothing is dropped)
// or, asked for film order, 5.1 as L C R Ls Rs LFE and 7.1 as L C R Lss Rss Lrs Rrs LFE.
// "+1.5 dB" is BS.1770's weight 1.41 on a surround's mean square.

#include "KWeightedEnergy.h"
#include "TruePeakMeter.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace cuesmith {

struct LoudnessReport {
    // Absent means minus infinity: silence, or less than one 400 ms gating block.
    std::optional<double> integratedLufs;
    double loudnessRangeLu = 0.0;
    std::optional<double> truePeakDbtp;    // highest channel; absent for digital silence
    std::optional<double> samplePeakDbfs;  // highest channel; absent for digital silence
    int64_t frames = 0;
    int sampleRate = 0;
    int channels = 0;
};

// The weight of each channel's mean square for `channels` channels in SMPTE order (above).
std::vector<double> loudnessChannelWeights(int channels, bool filmOrder = false);

class LoudnessMeter {
public:
    LoudnessMeter();
    ~LoudnessMeter();
    LoudnessMeter(LoudnessMeter&&) noexcept;
    LoudnessMeter& operator=(LoudnessMeter&&) noexcept;

    // Starts a new measurement. Throws std::invalid_argument for no channel or a rate below
    // 4000 Hz (K-weighting's shelf sits at 1.7 kHz).
    void prepare(int sampleRate, int channels, bool filmOrder = false);
    // Interleaved frames, channels() floats each; any split into calls measures the same.
    // Throws std::logic_error before prepare().
    void addFrames(const float* interleaved, size_t frames);
    // The measurement of everything added since prepare(); can be asked for at any time.
    LoudnessReport report() const;

private:
    KWeightedEnergy energy_;
    std::unique_ptr<TruePeakMeter> truePeak_;
    int sampleRate_ = 0;
    int channels_ = 0;
    int64_t frames_ = 0;
};

} // namespace cuesmith
