// nn/fast_kernels.h — vector helpers of the float training kernels (internal to nn/).
//
// Included only by nn/network_kernels.cpp, which is compiled once per instruction set (see
// nn/kernels.h): everything here lands in that target's own namespace, so no inline function
// compiled for AVX-512 can be picked by the linker for code that runs on an older CPU.
//
// Written with GCC/Clang vector extensions: 16 floats per vector on every target (one AVX-512
// register, two AVX2 ones, four SSE or NEON ones). The logical width never changes, so a sum
// over the lanes adds the same numbers in the same order everywhere. Multiply-adds are
// contracted into fused multiply-adds wherever the target has them (GCC's default for C++),
// identically on AVX2, AVX-512 and NEON; the baseline x86-64 target has no FMA and rounds twice.
// Every instruction-set-specific intrinsic below computes exactly what its portable fallback
// computes (min/max with the same NaN rule, a masked store, a compare).
#pragma once

#ifndef DESCENT_KERNEL_NS
#error "nn/fast_kernels.h is compiled per target by nn/network_kernels.cpp only"
#endif

#include <cstdint>
#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace nn::kernels::DESCENT_KERNEL_NS {


inline constexpr int kLanes = 16;
typedef float vf __attribute__((vector_size(64)));
typedef int32_t vi __attribute__((vector_size(64)));

inline vf load(const float* p) {
  vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
inline vf splat(float x) { return vf{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
// Load into a register and keep it there: without this GCC folds every use into an FMA's
// memory operand, turning 4 loads per 16 FMAs of a tile into 16. (Only AVX-512 holds a whole
// vf in one register; elsewhere it is a plain load.)
inline vf load_reg(const float* p) {
  vf v = load(p);
#if defined(__AVX512F__)
  __asm__("" : "+v"(v));
#endif
  return v;
}
// Lane-wise a > b as a mask (all ones or zeros). GCC splits 16-float arithmetic into the
// target's native vectors, but compares only on AVX-512: elsewhere they would run lane by lane,
// so they are done here on native pieces (8 floats with AVX, 4 with SSE or NEON).
#if defined(__AVX512F__)
inline constexpr int kNative = 16;
#elif defined(__AVX__)
inline constexpr int kNative = 8;
#else
inline constexpr int kNative = 4;
#endif
typedef float nf __attribute__((vector_size(4 * kNative)));
typedef int32_t ni __attribute__((vector_size(4 * kNative)));
inline vi gt(vf a, vf b) {
  if constexpr (kNative == 16) {
    return a > b;
  } else {
    nf pa[16 / kNative], pb[16 / kNative];
    ni r[16 / kNative];
    std::memcpy(pa, &a, sizeof pa);
    std::memcpy(pb, &b, sizeof pb);
    for (int i = 0; i < 16 / kNative; ++i) r[i] = pa[i] > pb[i];
    vi out;
    std::memcpy(&out, r, sizeof out);
    return out;
  }
}
inline vi lt(vf a, vf b) { return gt(b, a); }

// mask ? a : b, lane by lane (mask lanes all ones or all zeros), as bit operations: a vector
// ?: on 16 floats is split into native halves only on AVX-512, and done lane by lane elsewhere.
inline vf select(vi mask, vf a, vf b) {
  vi ia, ib;
  std::memcpy(&ia, &a, sizeof ia);
  std::memcpy(&ib, &b, sizeof ib);
  const vi r = (mask & ia) | (~mask & ib);
  vf out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}
// NaN-propagating clamps: a NaN input is returned as is. (vminps/vmaxps return their second
// operand when either is NaN: one instruction instead of a compare and a blend.)
inline vf clamp_hi(vf x, float hi) {
#if defined(__AVX512F__)
  return (vf)_mm512_min_ps((__m512)splat(hi), (__m512)x);
#else
  return select(gt(x, splat(hi)), splat(hi), x);
#endif
}
inline vf clamp_lo(vf x, float lo) {
#if defined(__AVX512F__)
  return (vf)_mm512_max_ps((__m512)splat(lo), (__m512)x);
#else
  return select(lt(x, splat(lo)), splat(lo), x);
#endif
}
inline vf vabs(vf x) {
  vi b;
  std::memcpy(&b, &x, sizeof b);
  b &= 0x7fffffff;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
// Lanes [0, n) true.
inline vi lanes_below(int n) {
  const vi iota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  return iota < n;
}


// tanh: Eigen 3.4's float rational approximation (generic_fast_tanh_float: degree 13/6, FMA
// clamp ±7.9988), a few ulp everywhere and exactly ±1 beyond the clamp.
// The polynomials are evaluated by Estrin's scheme rather than Horner's: the same
// coefficients with half the dependency depth, which is what small layers wait on.
inline vf vtanh(vf a) {
  const vf x = clamp_lo(clamp_hi(a, 7.99881172180175781f), -7.99881172180175781f);
  const vf y = x * x, y2 = y * y, y4 = y2 * y2;
  const vf t0 = y * splat(6.37261928875436e-04f) + splat(4.89352455891786e-03f);
  const vf t1 = y * splat(5.12229709037114e-08f) + splat(1.48572235717979e-05f);
  const vf t2 = y * splat(2.00018790482477e-13f) + splat(-8.60467152213735e-11f);
  const vf u0 = y2 * t1 + t0;
  const vf u1 = y2 * splat(-2.76076847742355e-16f) + t2;
  const vf p = x * (y4 * u1 + u0);
  const vf q0 = y * splat(2.26843463243900e-03f) + splat(4.89352518554385e-03f);
  const vf q1 = y * splat(1.19825839466702e-06f) + splat(1.18534705686654e-04f);
  const vf q = y2 * q1 + q0;
  // (Eigen returns x itself below |x| = 4e-4; a1/b0 = 1 − 1.3e-7 makes p/q within 1 ulp of x
  // there, so the blend is left out.)
  return p / q;  // correctly rounded on every target (a hardware reciprocal estimate is not)
}

// e^x, Cephes expf: x = n ln2 + r, |r| ≤ ln2/2, degree-5 polynomial, 2^n into the exponent.
// About 1 ulp; x is clamped to [-87.3, 88.7] (no infinities, no denormals); NaN stays NaN.
inline vf vexp(vf a) {
  const vf x = clamp_lo(clamp_hi(a, 88.7f), -87.3f);
  const vf big = splat(12582912.0f);  // 1.5·2^23: adding and subtracting rounds to an integer
  const vf n = (x * splat(1.44269504088896341f) + big) - big;
  vf r = x - n * splat(0.693359375f);
  r = r - n * splat(-2.12194440e-4f);
  vf p = splat(1.9875691500e-4f);
  p = p * r + splat(1.3981999507e-3f);
  p = p * r + splat(8.3334519073e-3f);
  p = p * r + splat(4.1665795894e-2f);
  p = p * r + splat(1.6666665459e-1f);
  p = p * r + splat(5.0000001201e-1f);
  const vf y = p * (r * r) + r + splat(1.0f);
  // 2^n in two halves so that n = 128 (x near 88.7) does not overflow the exponent field
  const vi ni = __builtin_convertvector(n, vi);
  const vi h = ni >> 1;
  const vi e1 = (h + 127) << 23, e2 = (ni - h + 127) << 23;
  vf s1, s2;
  std::memcpy(&s1, &e1, sizeof s1);
  std::memcpy(&s2, &e2, sizeof s2);
  return (y * s1) * s2;
}

inline vf vsigmoid(vf z) { return splat(1.0f) / (splat(1.0f) + vexp(-z)); }

// ln(1 + u) for u in [0, 1]: 2 atanh(w), w = u / (2 + u) ≤ 1/3, odd series to w^17 (< 1e-9).
inline vf vlog1p_unit(vf u) {
  const vf w = u / (splat(2.0f) + u);
  const vf w2 = w * w;
  vf s = splat(1.0f / 17);
  s = s * w2 + splat(1.0f / 15);
  s = s * w2 + splat(1.0f / 13);
  s = s * w2 + splat(1.0f / 11);
  s = s * w2 + splat(1.0f / 9);
  s = s * w2 + splat(1.0f / 7);
  s = s * w2 + splat(1.0f / 5);
  s = s * w2 + splat(1.0f / 3);
  return splat(2.0f) * (w + w * w2 * s);
}

// Store lanes [0, m) of v at p (m ≤ kLanes); nothing past p + m is touched.
inline void store_first(float* p, vf v, int m) {
#if defined(__AVX512F__)
  _mm512_mask_storeu_ps(p, __mmask16((1u << m) - 1u), (__m512)v);
#else
  std::memcpy(p, &v, sizeof(float) * size_t(m));
#endif
}

// 16×16 transpose in place: r[k][j] ↦ r[j][k]. Four butterfly stages, stage s exchanging bit
// s of the row index with bit s of the lane index (64 two-source shuffles).
template <int M>
inline void transpose_stage(vf* r) {
  constexpr auto A = [](int j) { return (j & M) ? 16 + j - M : j; };
  constexpr auto B = [](int j) { return (j & M) ? 16 + j : j + M; };
  for (int k = 0; k < 16; ++k) {
    if (k & M) continue;
    const vf a = r[k], b = r[k + M];
    r[k] = __builtin_shufflevector(a, b, A(0), A(1), A(2), A(3), A(4), A(5), A(6), A(7), A(8), A(9), A(10),
                                   A(11), A(12), A(13), A(14), A(15));
    r[k + M] = __builtin_shufflevector(a, b, B(0), B(1), B(2), B(3), B(4), B(5), B(6), B(7), B(8), B(9),
                                       B(10), B(11), B(12), B(13), B(14), B(15));
  }
}
inline void transpose16(vf* r) {
  transpose_stage<1>(r);
  transpose_stage<2>(r);
  transpose_stage<4>(r);
  transpose_stage<8>(r);
}

// Σ lanes in double, as a tree (three vector adds): a sequential sum would be 16 dependent
// adds on the critical path of every training step.
typedef double vd __attribute__((vector_size(64)));
inline double hsum_double(vf v) {
  const vd lo = __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7), vd);
  const vd hi = __builtin_convertvector(__builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15), vd);
  const vd a = lo + hi;
  const vd b = a + __builtin_shufflevector(a, a, 4, 5, 6, 7, 0, 1, 2, 3);
  const vd c = b + __builtin_shufflevector(b, b, 2, 3, 0, 1, 6, 7, 4, 5);
  return c[0] + c[1];
}

// Is any lane nonzero (or NaN)? One compare and a mask test, no horizontal sum.
inline bool any_nonzero(vf v) {
#if defined(__AVX512F__)
  return _mm512_cmp_ps_mask((__m512)v, _mm512_setzero_ps(), _CMP_NEQ_UQ) != 0;
#else
  const vi m = v != splat(0.0f);  // NaN != 0 is true
  int32_t lanes[kLanes];
  std::memcpy(lanes, &m, sizeof lanes);
  int32_t any = 0;
  for (int i = 0; i < kLanes; ++i) any |= lanes[i];
  return any != 0;
#endif
}

// Sixteen vectors to the vector of their sums (lane k = Σ v[k]): a transpose-add tree,
// 15 vector adds and 30 two-source shuffles instead of 16 separate horizontal sums.
inline vf reduce16(const vf* v) {
  vf c[8], e[4], f[2];
  for (int k = 0; k < 8; ++k)
    c[k] = __builtin_shufflevector(v[k], v[k + 8], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
           __builtin_shufflevector(v[k], v[k + 8], 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  for (int k = 0; k < 4; ++k)
    e[k] = __builtin_shufflevector(c[k], c[k + 4], 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27) +
           __builtin_shufflevector(c[k], c[k + 4], 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
  for (int k = 0; k < 2; ++k)
    f[k] = __builtin_shufflevector(e[k], e[k + 2], 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) +
           __builtin_shufflevector(e[k], e[k + 2], 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  return __builtin_shufflevector(f[0], f[1], 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30) +
         __builtin_shufflevector(f[0], f[1], 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
}

}  // namespace nn::kernels::DESCENT_KERNEL_NS

#pragma GCC diagnostic pop
