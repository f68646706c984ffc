#include "Pcm24.h"

#include "SimdLanes.h"

#include <cstring>

namespace cuesmith {

namespace {

using simd::Float8;
using simd::Int8;
typedef uint8_t Bytes16 __attribute__((vector_size(16)));
typedef int Int4 __attribute__((vector_size(16)));
typedef float Float4 __attribute__((vector_size(16)));

constexpr float kToInt32 = 2147483648.0f;            // 2^31
constexpr float kFromInt32 = 1.0f / 2147483648.0f;   // 2^-31
constexpr float kLargest = 2147483520.0f;            // the largest float below 2^31
constexpr float kSmallest = -2147483648.0f;
constexpr float kWhole = 8388608.0f;                 // 2^23: at and above it a float is whole

// The int32 libsndfile would make of one sample: scaled, clipped, rounded to nearest even. A NaN
// becomes 0 (libsndfile makes it full-scale negative); renders never produce one.
inline int32_t scaledSample(float x)
{
    float s = x * kToInt32;
    if (s != s)
        return 0;
    s = s > kLargest ? kLargest : s;
    s = s < kSmallest ? kSmallest : s;
    if (s < kWhole && s > -kWhole) {
        const float magic = s < 0.0f ? -kWhole : kWhole;
        s = (s + magic) - magic;  // rounds to nearest even in the default rounding mode
    }
    return static_cast<int32_t>(s);
}

// The same arithmetic as scaledSample() on eight lanes.
[[gnu::always_inline]] inline void scaledSamples(const float* samples, Int8& whole)
{
    Float8 s;
    simd::load(s, samples);
    s *= kToInt32;
    s = s == s ? s : Float8{};
    s = s > kLargest ? kLargest : s;
    s = s < kSmallest ? kSmallest : s;
    const Int8 sign = __builtin_bit_cast(Int8, s) & static_cast<int>(0x80000000u);
    const Float8 magic = __builtin_bit_cast(Float8, sign | __builtin_bit_cast(int, kWhole));
    const Float8 rounded = (s + magic) - magic;
    Float8 magnitude = s;
    simd::absInPlace(magnitude);
    s = magnitude < kWhole ? rounded : s;
    whole = __builtin_convertvector(s, Int8);
}

// The top three bytes of each of four int32s, in the first 12 bytes (one pshufb).
[[gnu::always_inline]] inline Bytes16 topBytes(const Bytes16& v)
{
    return __builtin_shufflevector(v, v, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15, 0, 0, 0, 0);
}

// Four 3-byte values from the first 12 bytes, each into the top of an int32 (index 16 picks a
// zero byte).
[[gnu::always_inline]] inline Bytes16 spreadBytes(const Bytes16& v)
{
    return __builtin_shufflevector(v, Bytes16{}, 16, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8, 16, 9, 10, 11);
}

} // namespace

// Eight samples per step. Byte shuffles stay within 16-byte halves (one instruction each); a
// half's 16-byte store writes 4 bytes past its 12, which the next half overwrites, so the last
// steps store exactly 12.
CUESMITH_SIMD_CLONES
void floatToPcm24(const float* samples, size_t count, uint8_t* packed)
{
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        Int8 whole;
        scaledSamples(samples + i, whole);
        Bytes16 halves[2];
        std::memcpy(halves, &whole, sizeof halves);
        const Bytes16 low = topBytes(halves[0]), high = topBytes(halves[1]);
        uint8_t* out = packed + 3 * i;
        if (i + 12 <= count) {
            std::memcpy(out, &low, 16);
            std::memcpy(out + 12, &high, 16);
        } else {
            std::memcpy(out, &low, 12);
            std::memcpy(out + 12, &high, 12);
        }
    }
    for (; i < count; ++i) {
        const auto v = static_cast<uint32_t>(scaledSample(samples[i]));
        packed[3 * i] = static_cast<uint8_t>(v >> 8);
        packed[3 * i + 1] = static_cast<uint8_t>(v >> 16);
        packed[3 * i + 2] = static_cast<uint8_t>(v >> 24);
    }
}

// Eight samples per step, converted exactly and scaled by a power of two. 16-byte loads read 4
// bytes past a half's 12 while the input goes on that far.
CUESMITH_SIMD_CLONES
void pcm24ToFloat(const uint8_t* packed, size_t count, float* samples)
{
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const uint8_t* in = packed + 3 * i;
        Bytes16 low = {}, high = {};
        if (i + 12 <= count) {
            std::memcpy(&low, in, 16);
            std::memcpy(&high, in + 12, 16);
        } else {
            std::memcpy(&low, in, 12);
            std::memcpy(&high, in + 12, 12);
        }
        // Each half converted on its own: joining them into one eight-lane vector first went
        // through memory and stalled.
        const Float4 first = __builtin_convertvector(__builtin_bit_cast(Int4, spreadBytes(low)), Float4) * kFromInt32;
        const Float4 second = __builtin_convertvector(__builtin_bit_cast(Int4, spreadBytes(high)), Float4) * kFromInt32;
        simd::store(samples + i, first);
        simd::store(samples + i + 4, second);
    }
    for (; i < count; ++i) {
        const uint32_t v = static_cast<uint32_t>(packed[3 * i]) << 8 | static_cast<uint32_t>(packed[3 * i + 1]) << 16
                           | static_cast<uint32_t>(packed[3 * i + 2]) << 24;
        samples[i] = static_cast<float>(static_cast<int32_t>(v)) * kFromInt32;
    }
}

} // namespace cuesmith
