#pragma once
// What the meters' hot loops share: vector types (GCC/clang vector extensions, so one source
// becomes AVX + FMA in one clone and SSE2 in the other, and AVX-512 in separate functions for
// CPUs that have it), the attributes that make those, the run-time choice of the AVX-512 path,
// and a scope that flushes denormals. Nothing here allocates: any thread.

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

// One copy of a kernel per instruction set, chosen when the program loads: the build has no
// -march=native. "fma" (which implies AVX) rather than "avx2": the kernels are mostly
// multiply-adds and "avx2" alone enables no FMA instruction; and clang 14 never dispatches to an
// "arch=x86-64-v3" clone (it asks __builtin_cpu_is for a CPU of that name).
//
// The AVX-512 kernels are separate functions rather than a third clone: they are another
// instantiation of the same templates (16 float or 8 double lanes, coefficients broadcast from
// single values), and a meter sets up its tables for the path it runs. All the extensions the
// compiler may use in them are named here and checked at run time (avx512Supported()).
#if !defined(CUESMITH_SIMD_CLONES)  // -DCUESMITH_SIMD_CLONES= builds (and tests) the baseline only, no AVX-512
#if defined(__x86_64__)
#define CUESMITH_SIMD_CLONES __attribute__((target_clones("fma", "default")))
#define CUESMITH_SIMD_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma,avx2")))
#else
#define CUESMITH_SIMD_CLONES
#endif
#endif

#if defined(CUESMITH_SIMD_AVX512)
#include <immintrin.h>
#endif

namespace cuesmith::simd {

typedef float Float8 __attribute__((vector_size(32)));
typedef int Int8 __attribute__((vector_size(32)));
typedef double Double4 __attribute__((vector_size(32)));
// Sixteen floats (not half precision), sixteen ints, eight doubles: one AVX-512 register each.
typedef float Float16 __attribute__((vector_size(64)));
typedef int Int16 __attribute__((vector_size(64)));
typedef double Double8 __attribute__((vector_size(64)));

// Vectors only ever pass by reference: passing one by value between functions compiled for
// different instruction sets changes the ABI (GCC and clang warn, and warnings are errors). Nor
// do they live in heap memory: outside the AVX clone GCC aligns a 32-byte vector type to 16
// bytes only, while the AVX clone's aligned moves need 32 (and the AVX-512 kernels' 64). Loads
// and stores go through memcpy.
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

inline void absInPlace(Float16& v)
{
    v = __builtin_bit_cast(Float16, __builtin_bit_cast(Int16, v) & 0x7fffffff);
}

// Whether any lane of v is above t (false for NaN lanes).
inline bool anyGreater(const Float8& v, float t)
{
    typedef long long Long4 __attribute__((vector_size(32)));
    const Long4 above = __builtin_bit_cast(Long4, v > t);
    return (above[0] | above[1] | above[2] | above[3]) != 0;
}

#if defined(CUESMITH_SIMD_AVX512)
// The same as a compare into a mask register and a test of the mask: written as above, the
// compiler turns the mask back into a vector and moves its lanes out to OR them, four times the
// instructions. Only for the AVX-512 kernels (the target attribute lets them inline it).
CUESMITH_SIMD_AVX512 inline bool anyGreater(const Float16& v, float t)
{
    return _mm512_cmp_ps_mask(__builtin_bit_cast(__m512, v), _mm512_set1_ps(t), _CMP_GT_OQ) != 0;
}
#endif

inline float horizontalMax(const Float8& v)
{
    float m = v[0];
    for (int i = 1; i < 8; ++i)
        m = v[i] > m ? v[i] : m;
    return m;
}

inline float horizontalMax(const Float16& v)
{
    float m = v[0];
    for (int i = 1; i < 16; ++i)
        m = v[i] > m ? v[i] : m;
    return m;
}

// Whether this CPU and OS run the AVX-512 kernels (__builtin_cpu_supports also checks that the
// OS saves the 512-bit registers). CUESMITH_NO_AVX512=1 in the environment says no: the meters
// then run the fma / default clones, as on a CPU without AVX-512 (for tests, and for measuring
// those clones on an AVX-512 machine). Decided once per process, on first use.
inline bool avx512Supported()
{
#if defined(CUESMITH_SIMD_AVX512)
    static const bool supported = [] {
        const char* no = std::getenv("CUESMITH_NO_AVX512");
        if (no != nullptr && std::strcmp(no, "1") == 0)
            return false;
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
               && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")
               && __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2");
    }();
    return supported;
#else
    return false;
#endif
}

// For tests: while forced, meters set up (constructed, prepared) run the fma / default clones
// even where AVX-512 runs, so one process can compare both paths (tests/dsp/MeterSimdPathTest.cpp).
inline std::atomic<bool>& fallbackForced()
{
    static std::atomic<bool> forced{false};
    return forced;
}

inline void forceMeterKernelFallback(bool force) { fallbackForced().store(force, std::memory_order_relaxed); }

// The path a meter set up now runs. A meter asks once and keeps the answer: its tables and held
// samples are laid out for one path.
inline bool meterKernelsUseAvx512()
{
    return avx512Supported() && !fallbackForced().load(std::memory_order_relaxed);
}

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
