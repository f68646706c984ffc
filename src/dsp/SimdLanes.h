#pragma once
// What the meters' hot loops share: vector types (GCC/clang vector extensions, so one source
// becomes AVX + FMA in one clone and SSE2 in the other), the attribute that makes those clones,
// and a scope that flushes denormals. Nothing here allocates: any thread.

#include <cstring>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace cuesmith::simd {

typedef float Float8 __attribute__((vector_size(32)));
typedef int Int8 __attribute__((vector_size(32)));
typedef double Double4 __attribute__((vector_size(32)));

// Vectors only ever pass by reference: passing one by value between functions compiled for
// different instruction sets changes the ABI (GCC and clang warn, and warnings are errors). Nor
// do they live in heap memory: outside the AVX clone GCC aligns a 32-byte vector type to 16
// bytes only, while the AVX clone's aligned moves need 32. Loads and stores go through memcpy.
template <typename Vector, typename Scalar>
inline void load(Vector& v, const Scalar* p)
{
    std::memcpy(&v, p, sizeof v);
}

template <typename Vector, typename Scalar>
inline void store(Scalar* p, const Vector& v)
{
    std::memcpy(p, &v, sizeof v);
}

inline void absInPlace(Float8& v)
{
    v = __builtin_bit_cast(Float8, __builtin_bit_cast(Int8, v) & 0x7fffffff);  // clears the sign bits
}

// Whether any lane of v is above t (false for NaN lanes).
inline bool anyGreater(const Float8& v, float t)
{
    typedef long long Long4 __attribute__((vector_size(32)));
    const Long4 above = __builtin_bit_cast(Long4, v > t);
    return (above[0] | above[1] | above[2] | above[3]) != 0;
}

inline float horizontalMax(const Float8& v)
{
    float m = v[0];
    for (int i = 1; i < 8; ++i)
        m = v[i] > m ? v[i] : m;
    return m;
}

} // namespace cuesmith::simd

// One copy of a kernel per instruction set, chosen when the program loads: the build has no
// -march=native. "fma" (which implies AVX) rather than "avx2": the kernels are mostly
// multiply-adds and "avx2" alone enables no FMA instruction; and clang 14 never dispatches to an
// "arch=x86-64-v3" clone (it asks __builtin_cpu_is for a CPU of that name).
#if !defined(CUESMITH_SIMD_CLONES)  // -DCUESMITH_SIMD_CLONES= builds (and tests) the baseline only
#if defined(__x86_64__)
#define CUESMITH_SIMD_CLONES __attribute__((target_clones("fma", "default")))
#else
#define CUESMITH_SIMD_CLONES
#endif
#endif

namespace cuesmith::simd {

// Denormals (a filter's state decaying through a long silence) cost a microcode assist per
// operation on x86: flush them to zero while a kernel runs, then restore the caller's mode.
class FlushDenormals {
public:
#if defined(__SSE__)
    FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }  // FTZ | DAZ
    ~FlushDenormals() { _mm_setcsr(saved_); }

private:
    unsigned saved_;
#else
    FlushDenormals() = default;
#endif

public:
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;
};

} // namespace cuesmith::simd
