#pragma once
// Integrated loudness (ITU-R BS.1770-4) and loudness range (EBU Tech 3342) from the K-weighted
// energy of consecutive 100 ms sub-blocks (KWeightedEnergy::energies()). Pure functions; they
// allocate (loudness range sorts), so worker threads.

#include <cstdint>
#include <optional>
#include <span>

namespace cuesmith {

// 400 ms blocks every 100 ms, -70 LUFS absolute gate, then -10 LU relative to the mean of the
// blocks above it. Absent with no block above the gates (silence, or less than 400 ms).
std::optional<double> integratedLoudness(std::span<const double> subBlockEnergies, int64_t framesPerSubBlock);

// 3 s short-term loudness every 100 ms, -70 LUFS absolute gate, -20 LU relative gate, the spread
// from the 10th to the 95th percentile (nearest rank, rounded as libebur128 rounds it). 0 with
// fewer than one short-term block above the gates.
double loudnessRange(std::span<const double> subBlockEnergies, int64_t framesPerSubBlock);

} // namespace cuesmith
