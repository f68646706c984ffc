#pragma once
// Conversion between float samples and packed little-endian 24-bit PCM, the delivery format, in
// vector code: libsndfile's per-sample conversion was a fifth of a delivery render's CPU time.
// Both directions give exactly libsndfile's samples (tests/dsp/Pcm24Test.cpp compares them):
//   to PCM:   the float times 2^31, clipped to the int32 range, rounded to nearest (ties to even,
//             as lrintf), then its top 24 bits (so a render is sample for sample what it was
//             when libsndfile packed it);
//   to float: the 24-bit value times 2^-23, exact.
// No allocation, no I/O: any thread.

#include <cstddef>
#include <cstdint>

namespace cuesmith {

// Writes 3 * count bytes.
void floatToPcm24(const float* samples, size_t count, uint8_t* packed);

// Reads 3 * count bytes.
void pcm24ToFloat(const uint8_t* packed, size_t count, float* samples);

} // namespace cuesmith
