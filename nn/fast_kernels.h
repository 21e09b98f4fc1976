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
#include <utility>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace nn::kernels::DESCENT_KERNEL_NS {


inline constexpr int kLanes = 16;

// The target's native vector: 16 floats with AVX-512, 8 with AVX, 4 with SSE or NEON.
#if defined(__AVX512F__)
#define DESCENT_ONE_REGISTER 1
inline constexpr int kNative = 16;
#elif defined(__AVX__)
inline constexpr int kNative = 8;
#else
inline constexpr int kNative = 4;
#endif
inline constexpr int kPieces = kLanes / kNative;
typedef float nf __attribute__((vector_size(4 * kNative)));
typedef int32_t ni __attribute__((vector_size(4 * kNative)));

// A shuffle pattern: lane j of the result is lane i[j] of a‖b (0-15 a, 16-31 b).
struct Pattern {
  int i[16];
};

#if defined(DESCENT_ONE_REGISTER)
// One register per vector: GCC's vector types are native.
typedef float vf __attribute__((vector_size(64)));
typedef int32_t vi __attribute__((vector_size(64)));

inline vf load(const float* p) {
  vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
inline vf splat(float x) { return vf{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
inline vi splat_int(int32_t x) { return vi{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
// Load into a register and keep it there: without this GCC folds every use into an FMA's
// memory operand, turning 4 loads per 16 FMAs of a tile into 16.
inline vf load_reg(const float* p) {
  vf v = load(p);
  __asm__("" : "+v"(v));
  return v;
}
inline vi bits(vf x) { return (vi)x; }
inline vf from_bits(vi x) { return (vf)x; }
inline vi to_int(vf x) { return __builtin_convertvector(x, vi); }  // rounds toward zero
inline vi gt(vf a, vf b) { return a > b; }
inline vi lanes_below(int n) {  // lanes [0, n) true
  const vi iota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  return iota < n;
}
template <Pattern P>
inline vf shuffle(vf a, vf b) {
  return __builtin_shufflevector(a, b, P.i[0], P.i[1], P.i[2], P.i[3], P.i[4], P.i[5], P.i[6], P.i[7], P.i[8],
                                 P.i[9], P.i[10], P.i[11], P.i[12], P.i[13], P.i[14], P.i[15]);
}
// (The two floats at p) broadcast as a 64-bit pair to every pair of lanes.
inline vf splat_pair(const float* p) {
  double d;
  std::memcpy(&d, p, sizeof d);
  typedef double vd __attribute__((vector_size(64)));
  return (vf)(vd{d, d, d, d, d, d, d, d});
}

#else
// Below AVX-512 a 64-byte GCC vector is no machine type: GCC keeps it in memory and splits
// every operation through the stack, and shuffles it lane by lane. So here a vector is a
// struct of kPieces native vectors, each operation written piece by piece: GCC keeps the
// pieces in registers, and every piece computes what the same lanes of the AVX-512 vector do
// (the same operations in the same order, so the same roundings and the same fused
// multiply-adds: GCC contracts a * b + c on each piece as it does on the whole vector).
struct vf {
  nf p[kPieces];
};
struct vi {
  ni p[kPieces];
};

// S once per piece, with the piece's index as the constant I.
#if defined(__AVX__)
#define DESCENT_EACH(...) { constexpr int I = 0; __VA_ARGS__ } { constexpr int I = 1; __VA_ARGS__ }
#else
#define DESCENT_EACH(...) { constexpr int I = 0; __VA_ARGS__ } { constexpr int I = 1; __VA_ARGS__ } \
                          { constexpr int I = 2; __VA_ARGS__ } { constexpr int I = 3; __VA_ARGS__ }
#endif
#define DESCENT_BINARY(T, OP)                       \
  inline T operator OP(T a, T b) {                  \
    T r;                                            \
    DESCENT_EACH(r.p[I] = a.p[I] OP b.p[I];)        \
    return r;                                       \
  }                                                 \
  inline T& operator OP##=(T & a, T b) {            \
    DESCENT_EACH(a.p[I] = a.p[I] OP b.p[I];)        \
    return a;                                       \
  }
DESCENT_BINARY(vf, +)
DESCENT_BINARY(vf, -)
DESCENT_BINARY(vf, *)
DESCENT_BINARY(vf, /)
DESCENT_BINARY(vi, +)
DESCENT_BINARY(vi, -)
DESCENT_BINARY(vi, &)
DESCENT_BINARY(vi, |)
#undef DESCENT_BINARY
inline vf operator-(vf a) {
  DESCENT_EACH(a.p[I] = -a.p[I];)
  return a;
}
inline vi operator~(vi a) {
  DESCENT_EACH(a.p[I] = ~a.p[I];)
  return a;
}
inline vi operator<<(vi a, int s) {
  DESCENT_EACH(a.p[I] = a.p[I] << s;)
  return a;
}
inline vi operator>>(vi a, int s) {
  DESCENT_EACH(a.p[I] = a.p[I] >> s;)
  return a;
}

template <int... J>
inline nf nsplat(float x, std::integer_sequence<int, J...>) {
  return nf{((void)J, x)...};
}
template <int... J>
inline ni nsplat_int(int32_t x, std::integer_sequence<int, J...>) {
  return ni{((void)J, x)...};
}
inline vf splat(float x) {
  vf r;
  DESCENT_EACH(r.p[I] = nsplat(x, std::make_integer_sequence<int, kNative>{});)
  return r;
}
inline vi splat_int(int32_t x) {
  vi r;
  DESCENT_EACH(r.p[I] = nsplat_int(x, std::make_integer_sequence<int, kNative>{});)
  return r;
}
inline vi operator+(vi a, int32_t b) { return a + splat_int(b); }
inline vi operator-(vi a, int32_t b) { return a - splat_int(b); }
inline vi operator&(vi a, int32_t b) { return a & splat_int(b); }

inline vf load(const float* p) {
  vf v;
  DESCENT_EACH(std::memcpy(&v.p[I], p + I * kNative, sizeof(nf));)
  return v;
}
inline void store(float* p, vf v) { DESCENT_EACH(std::memcpy(p + I * kNative, &v.p[I], sizeof(nf));) }
// Load into registers and keep them there (as above: loads are not folded into every use).
inline vf load_reg(const float* p) {
  vf v = load(p);
#if defined(__x86_64__) || defined(__i386__)
  DESCENT_EACH(__asm__("" : "+x"(v.p[I]));)
#elif defined(__aarch64__)
  DESCENT_EACH(__asm__("" : "+w"(v.p[I]));)
#endif
  return v;
}
inline vi bits(vf x) {
  vi r;
  DESCENT_EACH(r.p[I] = (ni)x.p[I];)
  return r;
}
inline vf from_bits(vi x) {
  vf r;
  DESCENT_EACH(r.p[I] = (nf)x.p[I];)
  return r;
}
inline vi to_int(vf x) {  // rounds toward zero
  vi r;
  DESCENT_EACH(r.p[I] = __builtin_convertvector(x.p[I], ni);)
  return r;
}
inline vi gt(vf a, vf b) {
  vi r;
  DESCENT_EACH(r.p[I] = a.p[I] > b.p[I];)
  return r;
}
template <int Q, int... J>
inline ni iota_piece(std::integer_sequence<int, J...>) {
  return ni{(Q * kNative + J)...};
}
inline vi lanes_below(int n) {  // lanes [0, n) true
  vi r;
  DESCENT_EACH(r.p[I] = iota_piece<I>(std::make_integer_sequence<int, kNative>{}) < n;)
  return r;
}

// A 16-lane shuffle as one native two-source shuffle per output piece: piece Q of the result
// takes its lanes from at most two pieces of a‖b (checked at compile time for every pattern).
template <Pattern P, int Q>
constexpr int source_piece(int which) {
  int s[2] = {-1, -1};
  for (int j = 0; j < kNative; ++j) {
    const int piece = P.i[Q * kNative + j] / kNative;
    if (s[0] < 0 || s[0] == piece) s[0] = piece;
    else if (s[1] < 0 || s[1] == piece) s[1] = piece;
    else throw "a shuffle piece needs more than two source pieces";
  }
  return which == 0 || s[1] < 0 ? s[0] : s[1];
}
template <Pattern P, int Q>
constexpr int local_index(int j) {
  const int idx = P.i[Q * kNative + j];
  return (idx / kNative == source_piece<P, Q>(0) ? 0 : kNative) + idx % kNative;
}
template <int S>
inline nf piece_of(const vf& a, const vf& b) {
  if constexpr (S < kPieces) return a.p[S];
  else return b.p[S - kPieces];
}
template <Pattern P, int Q, int... J>
inline nf shuffle_piece(const vf& a, const vf& b, std::integer_sequence<int, J...>) {
  constexpr int s0 = source_piece<P, Q>(0), s1 = source_piece<P, Q>(1);
  return __builtin_shufflevector(piece_of<s0>(a, b), piece_of<s1>(a, b), local_index<P, Q>(J)...);
}
template <Pattern P>
inline vf shuffle(vf a, vf b) {
  vf r;
  DESCENT_EACH(r.p[I] = shuffle_piece<P, I>(a, b, std::make_integer_sequence<int, kNative>{});)
  return r;
}
inline vf splat_pair(const float* p) {
  double d;
  std::memcpy(&d, p, sizeof d);
  typedef double nd __attribute__((vector_size(4 * kNative)));
  nd b;
  for (int j = 0; j < kNative / 2; ++j) b[j] = d;
  vf r;
  DESCENT_EACH(r.p[I] = (nf)b;)
  return r;
}
#endif

// mask ? a : b, lane by lane (mask lanes all ones or all zeros), as bit operations.
inline vf select(vi mask, vf a, vf b) { return from_bits((mask & bits(a)) | (~mask & bits(b))); }
inline vi lt(vf a, vf b) { return gt(b, a); }
// NaN-propagating clamps: a NaN input is returned as is. (x86's min/max return their second
// operand when either is NaN: one instruction instead of a compare and a blend.)
inline vf clamp_hi(vf x, float hi) {
#if defined(DESCENT_ONE_REGISTER)
  return (vf)_mm512_min_ps((__m512)splat(hi), (__m512)x);
#elif defined(__AVX__)
  const vf h = splat(hi);
  DESCENT_EACH(x.p[I] = (nf)_mm256_min_ps((__m256)h.p[I], (__m256)x.p[I]);)
  return x;
#elif defined(__SSE2__)
  const vf h = splat(hi);
  DESCENT_EACH(x.p[I] = (nf)_mm_min_ps((__m128)h.p[I], (__m128)x.p[I]);)
  return x;
#else
  return select(gt(x, splat(hi)), splat(hi), x);
#endif
}
inline vf clamp_lo(vf x, float lo) {
#if defined(DESCENT_ONE_REGISTER)
  return (vf)_mm512_max_ps((__m512)splat(lo), (__m512)x);
#elif defined(__AVX__)
  const vf l = splat(lo);
  DESCENT_EACH(x.p[I] = (nf)_mm256_max_ps((__m256)l.p[I], (__m256)x.p[I]);)
  return x;
#elif defined(__SSE2__)
  const vf l = splat(lo);
  DESCENT_EACH(x.p[I] = (nf)_mm_max_ps((__m128)l.p[I], (__m128)x.p[I]);)
  return x;
#else
  return select(lt(x, splat(lo)), splat(lo), x);
#endif
}
inline vf vabs(vf x) { return from_bits(bits(x) & splat_int(0x7fffffff)); }

// Pattern from a function of the lane.
template <class F>
constexpr Pattern make_pattern(F f) {
  Pattern p{};
  for (int j = 0; j < 16; ++j) p.i[j] = f(j);
  return p;
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
  const vi ni = to_int(n);
  const vi h = ni >> 1;
  const vi e1 = (h + 127) << 23, e2 = (ni - h + 127) << 23;
  return (y * from_bits(e1)) * from_bits(e2);
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
#if defined(DESCENT_ONE_REGISTER)
  _mm512_mask_storeu_ps(p, __mmask16((1u << m) - 1u), (__m512)v);
#else
  std::memcpy(p, &v, sizeof(float) * size_t(m));
#endif
}

// 16×16 transpose in place: r[k][j] ↦ r[j][k]. Four butterfly stages, stage s exchanging bit
// s of the row index with bit s of the lane index (64 two-source shuffles).
template <int M>
inline void transpose_stage(vf* r) {
  constexpr Pattern A = make_pattern([](int j) { return (j & M) ? 16 + j - M : j; });
  constexpr Pattern B = make_pattern([](int j) { return (j & M) ? 16 + j : j + M; });
  for (int k = 0; k < 16; ++k) {
    if (k & M) continue;
    const vf a = r[k], b = r[k + M];
    r[k] = shuffle<A>(a, b);
    r[k + M] = shuffle<B>(a, b);
  }
}
inline void transpose16(vf* r) {
  transpose_stage<1>(r);
  transpose_stage<2>(r);
  transpose_stage<4>(r);
  transpose_stage<8>(r);
}

// Σ lanes in double, as a tree: lanes j and j + 8, then j and j + 4, j and j + 2, then the
// last two (a sequential sum would be 16 dependent adds on the critical path of every step).
// The same additions on every target, whatever form they take.
inline double hsum_double(vf v) {
#if defined(DESCENT_ONE_REGISTER)
  typedef double vd __attribute__((vector_size(64)));
  const vd lo = __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7), vd);
  const vd hi = __builtin_convertvector(__builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15), vd);
  const vd a = lo + hi;
  const vd b = a + __builtin_shufflevector(a, a, 4, 5, 6, 7, 0, 1, 2, 3);
  const vd c = b + __builtin_shufflevector(b, b, 2, 3, 0, 1, 6, 7, 4, 5);
  return c[0] + c[1];
#else
  float f[16];
  store(f, v);
  double a[8], b[4];
  for (int j = 0; j < 8; ++j) a[j] = double(f[j]) + double(f[j + 8]);
  for (int j = 0; j < 4; ++j) b[j] = a[j] + a[j + 4];
  return (b[0] + b[2]) + (b[1] + b[3]);
#endif
}

// Is any lane nonzero (or NaN)? One compare and a mask test, no horizontal sum.
inline bool any_nonzero(vf v) {
#if defined(DESCENT_ONE_REGISTER)
  return _mm512_cmp_ps_mask((__m512)v, _mm512_setzero_ps(), _CMP_NEQ_UQ) != 0;
#else
  ni m = ni{} != ni{};  // all false
  DESCENT_EACH(m |= v.p[I] != nf{};)  // NaN != 0 is true
  int32_t lanes[kNative];
  std::memcpy(lanes, &m, sizeof lanes);
  int32_t any = 0;
  for (int i = 0; i < kNative; ++i) any |= lanes[i];
  return any != 0;
#endif
}

// Sixteen vectors to the vector of their sums (lane k = Σ v[k]): a transpose-add tree,
// 15 vector adds and 30 two-source shuffles instead of 16 separate horizontal sums.
inline vf reduce16(const vf* v) {
  constexpr Pattern c0{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23};
  constexpr Pattern c1{8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31};
  constexpr Pattern e0{0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27};
  constexpr Pattern e1{4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31};
  constexpr Pattern f0{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29};
  constexpr Pattern f1{2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31};
  constexpr Pattern g0{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30};
  constexpr Pattern g1{1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31};
  vf c[8], e[4], f[2];
  for (int k = 0; k < 8; ++k) c[k] = shuffle<c0>(v[k], v[k + 8]) + shuffle<c1>(v[k], v[k + 8]);
  for (int k = 0; k < 4; ++k) e[k] = shuffle<e0>(c[k], c[k + 4]) + shuffle<e1>(c[k], c[k + 4]);
  for (int k = 0; k < 2; ++k) f[k] = shuffle<f0>(e[k], e[k + 2]) + shuffle<f1>(e[k], e[k + 2]);
  return shuffle<g0>(f[0], f[1]) + shuffle<g1>(f[0], f[1]);
}

}  // namespace nn::kernels::DESCENT_KERNEL_NS

#pragma GCC diagnostic pop
