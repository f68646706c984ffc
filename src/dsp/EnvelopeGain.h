#pragma once
// Turns a GainEnvelope into per-sample linear gains for a block. Gains are exact at every 32nd
// timeline sample and straight between (a 10 dB/s move deviates from the dB line by < 0.001 dB),
// and the grid is anchored to the timeline, not the block, so any block size gives the same
// samples: real-time playback and offline renders agree. Real-time safe. audio thread
#include "core/GainEnvelope.h"

#include <cstdint>

namespace cuesmith {

// The timeline grid envelopes are evaluated on; the dialogue-band EQ moves on the same one.
constexpr int64_t kEnvelopeGrid = 32;

// The grid point at or before timeline sample t (also for negative t).
constexpr int64_t envelopeGridFloor(int64_t t)
{
    return (t >= 0 ? t : t - (kEnvelopeGrid - 1)) / kEnvelopeGrid * kEnvelopeGrid;
}

// Fills gains[0, frames) for timeline samples [start, start + frames). Returns false (and writes
// nothing) when the gain is exactly 1 across the block, so callers can skip the multiply.
bool fillEnvelopeGains(const GainEnvelope& envelope, int64_t start, int frames, float* gains);

// Linear gain of a level in dB; exactly 0 at or below kSilenceDecibels.
float decibelsToGain(double decibels);

} // namespace cuesmith
