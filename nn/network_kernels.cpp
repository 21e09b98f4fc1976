// nn/network_kernels.cpp — the float forward and backward pass of Network<float>, compiled
// once per instruction set (nn/kernels.h). CMake defines DESCENT_KERNEL_NS (the target's name)
// and the target's flags; everything here lives in that namespace. No Eigen and no inline
// function from another header (nn/fast_kernels.h says why): the kernels see arrays and sizes.
//
// Layout: every layer's activations are stored neuron-major, [neuron][sample], with the samples
// of a row contiguous and the row length (ld) a multiple of kLanes. A vector therefore holds
// one neuron for kLanes samples ("the batch in the SIMD lanes"): a layer is a loop of
// broadcast-weight × activation-vector FMAs with no per-call size dispatch, and a tanh tail
// never exists — the only partial vector is the batch's last, whose padded lanes are carried
// along (inputs 0, deltas 0) and never reach a gradient.
//
//   forward   z[o][s] = b[o] + Σ_i W[o,i] a[i][s]         register tile: R neurons × C vectors
//   δ_prev    d[i][s] = g'(a[i][s]) Σ_o W[o,i] δ[o][s]    the same tile, W read transposed
//   dW        G[o,i] = Σ_s δ[o][s] a[i][s]                 RO×RI accumulators over the batch, then
//                                                         one 16-way transpose-reduce per tile
// Each input buffer carries one extra row of ones after its last neuron, so the bias gradient
// is the last column of the same product (W column-major then b is exactly an O×(I+1) matrix).
// Floating-point results are a fixed function of the inputs: no threads, no order that depends
// on timing or on the target.
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "nn/kernels.h"
#include "nn/fast_kernels.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace nn::kernels::DESCENT_KERNEL_NS {

namespace {

inline int imin(int a, int b) { return a < b ? a : b; }
inline long lmin(long a, long b) { return a < b ? a : b; }

// Register tiles per target (a tile's shape changes no result: every output element is its
// own chain of fused multiply-adds in k order, and every dW accumulator its own chain over
// the samples, reduced by the same tree whatever tile it sits in). Sized so that the
// accumulators, one row of inputs and a broadcast fit in the target's vector registers
// (a logical 16-float vector takes 1 zmm, 2 ymm, or 4 xmm / NEON q registers):
//   forward/δ tile  kTileR rows × kTileC vectors
//   dW sub-tile     kDwSubO × kDwSubI accumulators kept in registers over the whole batch
//                   (dw_tile runs its 4 × 4 accumulators as such sub-tiles, then one reduce16)
//   dw_flat         kFlatGroup accumulators at a time
#if defined(DESCENT_ONE_REGISTER)
constexpr int kTileR = 4, kTileC = 4;      // 16 accumulators + 4 inputs + 1 of 32 zmm
constexpr int kTileRSmall = 4;
constexpr int kDwSubO = 4, kDwSubI = 4;    // 16 + 4 + 4 of 32 zmm
constexpr int kFlatGroup = 16;
#elif defined(__AVX__)
constexpr int kTileR = 6, kTileC = 1;      // (6 + 1) × 2 + 1 = 15 of 16 ymm
constexpr int kTileRSmall = 4;            // (4 + 1) × 2 + 1 = 11 of 16 ymm
constexpr int kDwSubO = 2, kDwSubI = 2;    // 4 × 2 + 2 × 2 + 2 = 14 of 16 ymm
constexpr int kFlatGroup = 4;              // 4 × 2 + 2 × 2 = 12 of 16 ymm
#elif defined(__aarch64__)
constexpr int kTileR = 4, kTileC = 1;      // (4 + 1) × 4 + 1 = 21 of 32 q
constexpr int kTileRSmall = 4;
constexpr int kDwSubO = 2, kDwSubI = 2;    // 4 × 4 + 2 × 4 + 4 = 28 of 32 q
constexpr int kFlatGroup = 4;              // 4 × 4 + 2 × 4 = 24 of 32 q
#else
constexpr int kTileR = 2, kTileC = 1;      // (2 + 1) × 4 + 1 + a product = 14 of 16 xmm (no FMA)
constexpr int kTileRSmall = 2;
constexpr int kDwSubO = 1, kDwSubI = 2;    // 2 × 4 + 4 + 1 + a product = 14 of 16 xmm
constexpr int kFlatGroup = 2;              // 2 × 4 + 4 + 1 = 13 of 16 xmm
#endif
static_assert(kTileRSmall <= kTileR && 4 % kDwSubO == 0 && 4 % kDwSubI == 0 && 16 % kFlatGroup == 0);

// f(std::integral_constant<int, n>()) for a run-time 1 ≤ n ≤ N (n outside: nothing).
template <int N, class F>
inline void with_count(int n, F&& f) {
  if constexpr (N >= 1) {
    if (n == N) f(std::integral_constant<int, N>{});
    else with_count<N - 1>(n, f);
  }
}



// Hidden activations computed inside the kernels; the others (elu, softplus, exp) are written
// as z and activated by Eigen afterwards (Rare).
enum class FA { linear, tanh, sigmoid, relu, leaky, zonly };

template <FA A>
inline vf act(vf z) {
  if constexpr (A == FA::tanh) return vtanh(z);
  else if constexpr (A == FA::sigmoid) return vsigmoid(z);
  else if constexpr (A == FA::relu) return select(gt(z, splat(0.0f)), z, splat(0.0f));
  else if constexpr (A == FA::leaky) return select(gt(z, splat(0.0f)), z, z * splat(float(kLeakySlope)));
  else return z;
}

// δ ⊙ g'(a), g' from the activation (not z) where that is exact.
enum class FD { linear, tanh, sigmoid, relu, leaky, raw };

template <FD D>
inline vf dact(vf s, vf a) {
  if constexpr (D == FD::tanh) return s * (splat(1.0f) - a * a);
  else if constexpr (D == FD::sigmoid) return s * (a * (splat(1.0f) - a));
  else if constexpr (D == FD::relu) return select(gt(a, splat(0.0f)), s, splat(0.0f));
  else if constexpr (D == FD::leaky) return select(gt(a, splat(0.0f)), s, s * splat(float(kLeakySlope)));
  else return s;
}

// Row blocks of a layer: kTileR rows while more than 2 kTileRSmall remain, then kTileRSmall,
// then the rest (8 rows on AVX2: 4 + 4, not 6 + 2). do_rows(R) handles rows [r, r + R).
template <class F>
inline void for_row_blocks(int rows, int& r, F&& do_rows) {
  for (; rows - r > 2 * kTileRSmall && r + kTileR <= rows; r += kTileR) do_rows(std::integral_constant<int, kTileR>{});
  for (; r + kTileRSmall <= rows; r += kTileRSmall) do_rows(std::integral_constant<int, kTileRSmall>{});
  with_count<kTileRSmall - 1>(rows - r, do_rows);
}

// (The tiles' loops over rows, vectors and accumulators are unrolled by pragma: a tile's
// array of vectors only stays in registers once every index in it is a constant, and GCC's
// own unrolling heuristics leave the 2- and 4-piece vectors of the narrower targets in memory.)
// One register tile of out[r][s] = Σ_k w(r, k) · in[k][s] for R rows × C vectors.
//   w(r, k) = w[r * ws_r + k * ws_k]; in row k at in + k * ld; out row r at out + r * lo.
// Forward: acc starts at the bias, epilogue activates (and stores z when asked).
template <int R, int C, FA A, bool StoreZ>
inline void fwd_tile(const float* w, long ws_r, long ws_k, const float* bias, const float* in, long ld,
                     int K, float* a_out, float* z_out, long lo) {
  vf acc[R][C];
  #pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
    const vf b = splat(bias[r]);
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c) acc[r][c] = b;
  }
  for (int k = 0; k < K; ++k) {
    const float* row = in + k * ld;
    vf x[C];
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c) x[c] = load_reg(row + c * kLanes);
    #pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      const vf wv = splat(w[r * ws_r + k * ws_k]);
      #pragma GCC unroll 16
      for (int c = 0; c < C; ++c) acc[r][c] += wv * x[c];
    }
  }
  #pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c) {
      if constexpr (StoreZ) store(z_out + r * lo + c * kLanes, acc[r][c]);
      if constexpr (A != FA::zonly) store(a_out + r * lo + c * kLanes, act<A>(acc[r][c]));
    }
}

// Backward: out[r][s] = g'(a[r][s]) · Σ_k W[k, r] δ[k][s].
template <int R, int C, FD D>
inline void bwd_tile(const float* w, long ws_r, long ws_k, const float* delta, long ld, int K,
                     const float* a, float* out) {
  vf acc[R][C];
  #pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c) acc[r][c] = splat(0.0f);
  for (int k = 0; k < K; ++k) {
    const float* row = delta + k * ld;
    vf x[C];
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c) x[c] = load_reg(row + c * kLanes);
    #pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      const vf wv = splat(w[r * ws_r + k * ws_k]);
      #pragma GCC unroll 16
      for (int c = 0; c < C; ++c) acc[r][c] += wv * x[c];
    }
  }
  #pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
    #pragma GCC unroll 16
    for (int c = 0; c < C; ++c)
      store(out + r * ld + c * kLanes, dact<D>(acc[r][c], load(a + r * ld + c * kLanes)));
}

// Rows [0, rows) × vectors [0, nvec) of a layer, in kTileR row blocks and kTileC vector blocks.
// `in`, `a_out`, `z_out` point at the first vector; input rows are ld apart, output rows lo.
template <FA A, bool StoreZ>
void fwd_layer(const float* w, int rows, int K, const float* bias, const float* in, long ld, long nvec,
               float* a_out, float* z_out, long lo) {
  const long ws_r = 1, ws_k = rows;  // W is (rows × K) column-major
  int r = 0;
  auto do_rows = [&]<int R>(std::integral_constant<int, R>) {
    long v = 0;
    const long o = long(r) * lo;
    for (; v + kTileC <= nvec; v += kTileC)
      fwd_tile<R, kTileC, A, StoreZ>(w + r, ws_r, ws_k, bias + r, in + v * kLanes, ld, K, a_out + o + v * kLanes,
                                     z_out + o + v * kLanes, lo);
    if constexpr (kTileC > 1)
      for (; v < nvec; ++v)
        fwd_tile<R, 1, A, StoreZ>(w + r, ws_r, ws_k, bias + r, in + v * kLanes, ld, K, a_out + o + v * kLanes,
                                  z_out + o + v * kLanes, lo);
  };
  for_row_blocks(rows, r, do_rows);
}


// A hidden layer whose activation the kernels compute (act != KAct::other); z is not stored, so
// z_out is given a_out: an offset added to a null pointer is undefined even when never stored to.
void fwd_hidden(KAct act, const float* w, int rows, int K, const float* bias, const float* in, long ld,
                long nvec, float* a_out, long lo) {
  switch (act) {
    case KAct::linear: fwd_layer<FA::linear, false>(w, rows, K, bias, in, ld, nvec, a_out, a_out, lo); break;
    case KAct::tanh: fwd_layer<FA::tanh, false>(w, rows, K, bias, in, ld, nvec, a_out, a_out, lo); break;
    case KAct::sigmoid: fwd_layer<FA::sigmoid, false>(w, rows, K, bias, in, ld, nvec, a_out, a_out, lo); break;
    case KAct::relu: fwd_layer<FA::relu, false>(w, rows, K, bias, in, ld, nvec, a_out, a_out, lo); break;
    case KAct::leaky: fwd_layer<FA::leaky, false>(w, rows, K, bias, in, ld, nvec, a_out, a_out, lo); break;
    default: break;
  }
}

// δ_prev rows [0, rows) (= the layer's inputs) from δ (K = the layer's outputs).
template <FD D>
void bwd_layer(const float* w, int rows, int K, const float* delta, long ld, long nv, const float* a,
               float* out) {
  const long ws_r = K, ws_k = 1;  // W is (K × rows) column-major: W[k, r] = w[k + r K]
  int r = 0;
  auto do_rows = [&]<int R>(std::integral_constant<int, R>) {
    long v = 0;
    const long o = long(r) * ld;
    for (; v + kTileC <= nv; v += kTileC)
      bwd_tile<R, kTileC, D>(w + long(r) * K, ws_r, ws_k, delta + v * kLanes, ld, K, a + o + v * kLanes,
                             out + o + v * kLanes);
    if constexpr (kTileC > 1)
      for (; v < nv; ++v)
        bwd_tile<R, 1, D>(w + long(r) * K, ws_r, ws_k, delta + v * kLanes, ld, K, a + o + v * kLanes,
                          out + o + v * kLanes);
  };
  for_row_blocks(rows, r, do_rows);
}

// G (O × KI column-major) = δ (O rows) · Pᵀ (KI rows), contracted over nv vectors of samples.
// RO × RI = 16 accumulators per tile (in sub-tiles, see kDwSubO), one reduce16 per tile; rows past the end are clamped to
// the last one (computed, not stored).
template <int RO, int RI>
inline void dw_tile(const float* delta, const float* in, long ld, long nv, int O, int KI, int o0, int i0,
                    float* G, bool accumulate) {
  static_assert(RO * RI == 16);
  const float* dr[RO];
  const float* pr[RI];
  #pragma GCC unroll 16
  for (int a = 0; a < RO; ++a) dr[a] = delta + long(imin(o0 + a, O - 1)) * ld;
  #pragma GCC unroll 16
  for (int b = 0; b < RI; ++b) pr[b] = in + long(imin(i0 + b, KI - 1)) * ld;
  vf acc[16];
  #pragma GCC unroll 16
  for (int a0 = 0; a0 < RO; a0 += kDwSubO)
    #pragma GCC unroll 16
    for (int b0 = 0; b0 < RI; b0 += kDwSubI) {
      vf s[kDwSubO][kDwSubI];
      #pragma GCC unroll 16
      for (int a = 0; a < kDwSubO; ++a)
        #pragma GCC unroll 16
        for (int b = 0; b < kDwSubI; ++b) s[a][b] = splat(0.0f);
      for (long v = 0; v < nv; ++v) {
        vf d[kDwSubO], p[kDwSubI];
        #pragma GCC unroll 16
        for (int a = 0; a < kDwSubO; ++a) d[a] = load_reg(dr[a0 + a] + v * kLanes);
        #pragma GCC unroll 16
        for (int b = 0; b < kDwSubI; ++b) p[b] = load_reg(pr[b0 + b] + v * kLanes);
        #pragma GCC unroll 16
        for (int b = 0; b < kDwSubI; ++b)
          #pragma GCC unroll 16
          for (int a = 0; a < kDwSubO; ++a) s[a][b] += d[a] * p[b];
      }
      #pragma GCC unroll 16
      for (int a = 0; a < kDwSubO; ++a)
        #pragma GCC unroll 16
        for (int b = 0; b < kDwSubI; ++b) acc[a0 + a + RO * (b0 + b)] = s[a][b];
    }
  float s[16];
  store(s, reduce16(acc));
  const int na = imin(RO, O - o0), nb = imin(RI, KI - i0);
  #pragma GCC unroll 16
  for (int b = 0; b < nb; ++b)
    #pragma GCC unroll 16
    for (int a = 0; a < na; ++a) {
      float& g = G[(o0 + a) + long(i0 + b) * O];
      g = accumulate ? g + s[a + RO * b] : s[a + RO * b];
    }
}

// Small products (few vectors): 16 consecutive entries of G (column-major) per reduce16.
inline void dw_flat(const float* delta, const float* in, long ld, long nv, int O, int KI, float* G,
                    bool accumulate) {
  const int P = O * KI;
  int o = 0, i = 0;  // (row, column) of entry p0
  for (int p0 = 0; p0 < P; p0 += 16) {
    const float* dr[16];
    const float* pr[16];
    for (int k = 0, ok = o, ik = i; k < 16; ++k) {
      dr[k] = delta + long(ok) * ld;
      pr[k] = in + long(ik) * ld;
      if (p0 + k + 1 < P && ++ok == O) ok = 0, ++ik;  // past the end: repeat the last entry
    }
    vf acc[16];
    for (int g = 0; g < 16; g += kFlatGroup) {
      vf s[kFlatGroup];
      for (int k = 0; k < kFlatGroup; ++k) s[k] = load(dr[g + k]) * load(pr[g + k]);
      for (long v = 1; v < nv; ++v)
        for (int k = 0; k < kFlatGroup; ++k) s[k] += load(dr[g + k] + v * kLanes) * load(pr[g + k] + v * kLanes);
      for (int k = 0; k < kFlatGroup; ++k) acc[g + k] = s[k];
    }
    float s[16];
    store(s, reduce16(acc));
    const int m = imin(16, P - p0);
    for (int k = 0; k < m; ++k) G[p0 + k] = accumulate ? G[p0 + k] + s[k] : s[k];
    o += 16 % O;  // advance (o, i) by 16 entries
    i += 16 / O;
    if (o >= O) o -= O, ++i;
  }
}

// Small batches (nv ≤ 2 vectors): δ transposed per block of 16 rows, so that a column of G
// (16 rows of one input) is Σ_s δᵀ[s] · in[i][s] — n broadcast-FMAs, no horizontal sums.
inline void dw_transposed(const float* delta, const float* in, long ld, long nv, long n, int O, int KI,
                          float* G) {
  vf t[2 * 16];
  for (int o0 = 0; o0 < O; o0 += 16) {
    const int m = imin(16, O - o0);
    for (long v = 0; v < nv; ++v) {
      vf* b = t + v * 16;
      for (int k = 0; k < 16; ++k) b[k] = load(delta + long(o0 + imin(k, m - 1)) * ld + v * kLanes);
      transpose16(b);
    }
    // Four columns at a time: four independent FMA chains hide the FMA latency. Columns past
    // the end repeat the last one (computed, not stored).
    for (int i = 0; i < KI; i += 4) {
      const float* p0 = in + long(i) * ld;
      const float* p1 = in + long(imin(i + 1, KI - 1)) * ld;
      const float* p2 = in + long(imin(i + 2, KI - 1)) * ld;
      const float* p3 = in + long(imin(i + 3, KI - 1)) * ld;
      vf a0 = t[0] * splat(p0[0]), a1 = t[0] * splat(p1[0]), a2 = t[0] * splat(p2[0]), a3 = t[0] * splat(p3[0]);
      for (long s = 1; s < n; ++s) {
        const vf ts = t[s];
        a0 += ts * splat(p0[s]);
        a1 += ts * splat(p1[s]);
        a2 += ts * splat(p2[s]);
        a3 += ts * splat(p3[s]);
      }
      store_first(G + o0 + long(i) * O, a0, m);
      if (i + 1 < KI) store_first(G + o0 + long(i + 1) * O, a1, m);
      if (i + 2 < KI) store_first(G + o0 + long(i + 2) * O, a2, m);
      if (i + 3 < KI) store_first(G + o0 + long(i + 3) * O, a3, m);
    }
  }
}

// At most four rows (O ≤ 4) and small batches: two butterfly stages put, in 128-bit block q of
// u_k, the O deltas of sample 4q + k; G[:, i] = Σ_k u_k · (in[i] permuted to match), and the
// four blocks are summed at the end. 4 permutes + 4 FMAs per column, no 16×16 transpose.
inline void dw_rows4(const float* delta, const float* in, long ld, long nv, int O, int KI, float* G) {
  constexpr Pattern even{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30};
  constexpr Pattern odd{1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31};
  constexpr Pattern even2{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29};
  constexpr Pattern odd2{2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31};
  constexpr Pattern bcast0{0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12};
  constexpr Pattern bcast1{1, 1, 1, 1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13, 13};
  constexpr Pattern bcast2{2, 2, 2, 2, 6, 6, 6, 6, 10, 10, 10, 10, 14, 14, 14, 14};
  constexpr Pattern bcast3{3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15, 15, 15};
  constexpr Pattern swap8{8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7};
  constexpr Pattern swap4{4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11};
  vf u[2][4];
  for (long v = 0; v < nv; ++v) {
    vf r[4];
    for (int k = 0; k < 4; ++k) r[k] = load(delta + long(imin(k, O - 1)) * ld + v * kLanes);
    vf a = r[0], b = r[1], c = r[2], d = r[3];
    r[0] = shuffle<even>(a, b);
    r[1] = shuffle<odd>(a, b);
    r[2] = shuffle<even>(c, d);
    r[3] = shuffle<odd>(c, d);
    a = r[0], b = r[1], c = r[2], d = r[3];
    u[v][0] = shuffle<even2>(a, c);
    u[v][2] = shuffle<odd2>(a, c);
    u[v][1] = shuffle<even2>(b, d);
    u[v][3] = shuffle<odd2>(b, d);
  }
  for (int i = 0; i < KI; ++i) {
    const float* p = in + long(i) * ld;
    vf acc = splat(0.0f);
    for (long v = 0; v < nv; ++v) {
      const vf x = load(p + v * kLanes);
      acc += u[v][0] * shuffle<bcast0>(x, x);
      acc += u[v][1] * shuffle<bcast1>(x, x);
      acc += u[v][2] * shuffle<bcast2>(x, x);
      acc += u[v][3] * shuffle<bcast3>(x, x);
    }
    acc += shuffle<swap8>(acc, acc);
    acc += shuffle<swap4>(acc, acc);
    store_first(G + long(i) * O, acc, O);
  }
}

// At most eight rows (O ≤ 8) and one vector of samples (n ≤ 16): an 8×8 transpose of sample
// *pairs* (64-bit elements) puts, in lanes (2o, 2o+1) of t[k], the deltas of row o for samples
// 2k and 2k+1. Then G[:, i] = Σ_k t[k] · (in[i][2k], in[i][2k+1]) broadcast as a pair: ⌈n/2⌉
// FMAs per column with every lane in use, and one fold of the even and odd lanes at the end.
// (dw_transposed spends n FMAs per four columns and leaves half the lanes idle when O ≤ 8.)
// Out of line on purpose: inlined into backward_fast it cost the 2-4-2-1 network 8 % (A/B).
__attribute__((noinline)) void dw_rows8(const float* delta, const float* in, long ld, long n, int O, int KI, float* G) {
  vf t[8];
  for (int o = 0; o < 8; ++o) t[o] = load(delta + long(imin(o, O - 1)) * ld);
  // Butterfly stage M exchanges bit M of the row index with bit M of the pair index (float
  // lanes 2j and 2j + 1 move together).
  auto stage = [&t]<int M>(std::integral_constant<int, M>) {
    constexpr Pattern A = make_pattern([](int j) { const int p = j / 2; return 2 * ((p & M) ? 8 + p - M : p) + j % 2; });
    constexpr Pattern B = make_pattern([](int j) { const int p = j / 2; return 2 * ((p & M) ? 8 + p : p + M) + j % 2; });
    for (int k = 0; k < 8; ++k) {
      if (k & M) continue;
      const vf a = t[k], b = t[k + M];
      t[k] = shuffle<A>(a, b);
      t[k + M] = shuffle<B>(a, b);
    }
  };
  stage(std::integral_constant<int, 1>{});
  stage(std::integral_constant<int, 2>{});
  stage(std::integral_constant<int, 4>{});
  constexpr Pattern swap_pairs{1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14};
  constexpr Pattern evens{0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14};
  const long pairs = (n + 1) / 2;  // a padded odd sample has δ = 0
  for (int i = 0; i < KI; ++i) {
    const float* p = in + long(i) * ld;
    vf acc = splat(0.0f);
    for (long k = 0; k < pairs; ++k) acc += t[k] * splat_pair(p + 2 * k);
    acc += shuffle<swap_pairs>(acc, acc);
    store_first(G + long(i) * O, shuffle<evens>(acc, acc), O);
  }
}

void dw_layer(const float* delta, const float* in, long ld, long nv, long n, int O, int KI, float* G,
              bool accumulate) {
  // (Both small-batch forms overwrite G and read n samples: whole batches only.)
  if (nv <= 2 && O <= 4 && !accumulate) {
    dw_rows4(delta, in, ld, nv, O, KI, G);
    return;
  }
  if (nv == 1 && O <= 8 && !accumulate) {
    dw_rows8(delta, in, ld, n, O, KI, G);
    return;
  }
  if (nv <= 2 && !accumulate) {
    dw_transposed(delta, in, ld, nv, n, O, KI, G);
    return;
  }
  if (nv <= 2 || O < 4) {
    dw_flat(delta, in, ld, nv, O, KI, G, accumulate);
    return;
  }
  for (int o0 = 0; o0 < O; o0 += 4)
    for (int i0 = 0; i0 < KI; i0 += 4) dw_tile<4, 4>(delta, in, ld, nv, O, KI, o0, i0, G, accumulate);
}

// Zero lanes [n, nv·kLanes) of rows [0, rows): padded samples must not reach a gradient.
void zero_tail(float* m, int rows, long ld, long n, long nv) {
  if (n == nv * kLanes) return;
  const vi keep = lanes_below(int(n - (nv - 1) * kLanes));
  for (int r = 0; r < rows; ++r) {
    float* p = m + long(r) * ld + (nv - 1) * kLanes;
    store(p, select(keep, load(p), splat(0.0f)));
  }
}

// Vectors per chunk of the forward pass: every layer of a chunk runs before the next chunk, so
// a chunk's activations stay in L1/L2 however many samples there are (evaluation, grids).
constexpr long kChunkVectors = 16;
// Vectors per chunk of the backward pass (1024 samples: δ and activations of a 64-wide layer
// are 256 KB each, so a layer's working set stays in a 1 MB L2).
constexpr long kBackwardChunkVectors = 64;
// Forward passes over at least this many samples (output fields of the plane, not training)
// keep hidden activations only chunk by chunk; activations(l) recomputes them on request.
constexpr long kLazyColumns = 16384;
// Forward passes over at least this many samples are skipped when they would repeat the last
// one exactly (same inputs, same weights): a full-batch step after the epoch's evaluation.
constexpr long kMemoColumns = 2048;

bool same_bits(const float* a, const float* b, long n) { return std::memcmp(a, b, sizeof(float) * size_t(n)) == 0; }

// ------------------------------------------------------------------------------------------
// The passes.

const float* layer_input(const NetView& v, int l) {
  if (l == 0) return v.Xt;
  return v.dropped ? v.layers[l - 1].AM : v.layers[l - 1].A;
}

// The same pass as last time (same points, bit-identical weights, no dropout)? Then every
// buffer already holds its result. Checked only for big passes: costs F·n + P compares.
bool repeats_last_pass(const NetView& v, const float* X, long xs, long n, long n_prev) {
  if (!v.memo_valid || n != n_prev || n < kMemoColumns || !same_bits(v.params, v.memo_params, v.P)) return false;
  for (int f = 0; f < v.inputs; ++f) {
    const float* row = v.Xt + long(f) * v.ld;
    const float* src = X + f;
    for (long j = 0; j < n; ++j)
      if (std::memcmp(src + j * xs, row + j, sizeof(float)) != 0) return false;
  }
  return true;
}

// X (inputs × n, any column stride) transposed into Xt's rows; padded lanes 0.
void transpose_inputs(NetView& v, const float* X, long xs, long n, long padded) {
  for (int f = 0; f < v.inputs; ++f) {
    float* row = v.Xt + long(f) * v.ld;
    const float* src = X + f;
    for (long j = 0; j < n; ++j) row[j] = src[j * xs];
    for (long j = n; j < padded; ++j) row[j] = 0.0f;
  }
}

void forward_output(NetView& v, int l, const float* w, const float* bias, const float* x, long lx, long c0,
                    long nvec) {
  const LayerView& ly = v.layers[l];
  float* a = ly.A + c0;
  float* z = ly.Z + c0;
  switch (v.output) {
    case KOut::linear: fwd_layer<FA::linear, true>(w, ly.out, ly.in, bias, x, lx, nvec, a, z, v.ld); break;
    case KOut::tanh: fwd_layer<FA::tanh, true>(w, ly.out, ly.in, bias, x, lx, nvec, a, z, v.ld); break;
    case KOut::sigmoid: fwd_layer<FA::sigmoid, true>(w, ly.out, ly.in, bias, x, lx, nvec, a, z, v.ld); break;
    case KOut::softmax:
      fwd_layer<FA::zonly, true>(w, ly.out, ly.in, bias, x, lx, nvec, a, z, v.ld);
      v.hooks.softmax(v.hooks.self, l, c0, nvec * kLanes);
      break;
  }
}

void forward(NetView& v, const float* X, long xs, long n, bool drop) {
  const long n_prev = v.n;
  v.n = n;
  v.dropped = drop;
  const int L = v.L;
  const long ld = v.ld;
  const long nv = (n + kLanes - 1) / kLanes;
  if (!drop && repeats_last_pass(v, X, xs, n, n_prev)) return;
  v.memo_valid = false;
  transpose_inputs(v, X, xs, n, nv * kLanes);

  // Evaluation over many points: hidden activations chunk by chunk in small scratch rows
  // (L1/L2-resident), only the output layer written out in full.
  static_assert(kChunkVectors * kLanes == 16 * kLanes, "scratch is one chunk wide (Network::layout)");
  bool lazy = !drop && n >= kLazyColumns;
  for (int l = 0; l + 1 < L; ++l) lazy = lazy && v.layers[l].act != KAct::other;

  for (long v0 = 0; v0 < nv; v0 += kChunkVectors) {
    const long v1 = lmin(nv, v0 + kChunkVectors);
    const long c0 = v0 * kLanes;
    const long nvec = v1 - v0;
    for (int l = 0; l < L; ++l) {
      const LayerView& ly = v.layers[l];
      const float* w = v.params + ly.w_off;
      const float* bias = w + long(ly.out) * ly.in;
      const bool from_scratch = lazy && l > 0;
      const float* x = from_scratch ? v.layers[l - 1].scratch : layer_input(v, l) + c0;
      const long lx = from_scratch ? v.layers[l - 1].scratch_ld : ld;
      if (l == L - 1) {
        forward_output(v, l, w, bias, x, lx, c0, nvec);
        continue;
      }
      if (lazy) {
        fwd_hidden(ly.act, w, ly.out, ly.in, bias, x, lx, nvec, ly.scratch, ly.scratch_ld);
        continue;
      }
      if (ly.act != KAct::other) {
        fwd_hidden(ly.act, w, ly.out, ly.in, bias, x, lx, nvec, ly.A + c0, ld);
      } else {  // elu, softplus, exp: z here, g by the hook
        fwd_layer<FA::zonly, true>(w, ly.out, ly.in, bias, x, lx, nvec, ly.A + c0, ly.Z + c0, ld);
        v.hooks.activate(v.hooks.self, l, c0, nvec * kLanes);
      }
      if (drop) v.hooks.dropout(v.hooks.self, l, c0, lmin(n, v1 * kLanes), v1 * kLanes);
    }
  }
  for (int l = 0; l < L; ++l) {
    const bool out = l == L - 1;
    v.z_ready[l] = (out || v.layers[l].act == KAct::other) ? 1 : 0;
    v.a_ready[l] = (out || !lazy) ? 1 : 0;
  }
  v.memo_valid = !drop && !lazy && n >= kMemoColumns;
  if (v.memo_valid) std::memcpy(v.memo_params, v.params, sizeof(float) * size_t(v.P));
}

void materialize_a(NetView& v, int l) {
  // Hidden activations after a lazy forward pass: the same kernel over all columns, so the
  // values are bit for bit those the output was computed from.
  const long nv = (v.n + kLanes - 1) / kLanes;
  for (int k = 0; k <= l; ++k) {
    if (v.a_ready[k]) continue;
    const LayerView& ly = v.layers[k];
    const float* w = v.params + ly.w_off;
    fwd_hidden(ly.act, w, ly.out, ly.in, w + long(ly.out) * ly.in, layer_input(v, k), v.ld, nv, ly.A, v.ld);
    v.a_ready[k] = 1;
  }
}

void materialize_z(NetView& v, int l) {
  // The same kernel as the forward pass, writing z only: bit for bit the z it used.
  const LayerView& ly = v.layers[l];
  const long nv = (v.n + kLanes - 1) / kLanes;
  if (l > 0) materialize_a(v, l - 1);
  const float* w = v.params + ly.w_off;
  fwd_layer<FA::zonly, true>(w, ly.out, ly.in, w + long(ly.out) * ly.in, layer_input(v, l), v.ld, nv, ly.Z,
                             ly.Z, v.ld);
  v.z_ready[l] = 1;
}

// δ_L = ∂L/∂z_L and the loss for one output, vectorized.
double output_delta(NetView& v, const float* T, long ts, KLoss loss) {
  const long n = v.n, nv = (n + kLanes - 1) / kLanes;
  const LayerView& ly = v.layers[v.L - 1];
  float* tt = v.Tt;
  for (long j = 0; j < n; ++j) tt[j] = T[j * ts];
  for (long j = n; j < nv * kLanes; ++j) tt[j] = 0.0f;
  const float inv_n = float(1.0 / double(n));
  vf sum = splat(0.0f);
  for (long k = 0; k < nv; ++k) {
    const vi live = lanes_below(int(lmin(kLanes, n - k * kLanes)));
    const vf yv = load(ly.A + k * kLanes), tv = load(tt + k * kLanes), diff = yv - tv;
    vf g, term;
    if (loss == KLoss::binary_cross_entropy) {
      const vf zv = load(ly.Z + k * kLanes);
      term = select(gt(zv, splat(0.0f)), zv, splat(0.0f)) - zv * tv + vlog1p_unit(vexp(-vabs(zv)));
      g = diff * splat(inv_n);
    } else {
      term = diff * diff;
      const vf scale = splat(loss == KLoss::mse ? 2.0f * inv_n : inv_n);
      switch (v.output) {
        case KOut::sigmoid: g = scale * diff * yv * (splat(1.0f) - yv); break;
        case KOut::tanh: g = scale * diff * (splat(1.0f) - yv * yv); break;
        default: g = scale * diff; break;
      }
    }
    sum += select(live, term, splat(0.0f));
    store(ly.D + k * kLanes, select(live, g, splat(0.0f)));
  }
  const double s = hsum_double(sum);
  return loss == KLoss::half_squared_error ? 0.5 * s / double(n) : s / double(n);
}

// δ_{l−1} from δ_l for columns [off, off + cv·kLanes): W_lᵀ δ_l ⊙ g'(a_{l−1}) (⊙ mask).
void backward_delta(NetView& v, int l, long off, long cv) {
  const LayerView& ly = v.layers[l];
  const LayerView& prev_ly = v.layers[l - 1];
  const float* w = v.params + ly.w_off;
  const float* delta = ly.D + off;
  const float* a = prev_ly.A + off;
  float* prev = prev_ly.D + off;
  const long ld = v.ld;
  switch (prev_ly.act) {
    case KAct::linear: bwd_layer<FD::linear>(w, ly.in, ly.out, delta, ld, cv, a, prev); break;
    case KAct::tanh: bwd_layer<FD::tanh>(w, ly.in, ly.out, delta, ld, cv, a, prev); break;
    case KAct::sigmoid: bwd_layer<FD::sigmoid>(w, ly.in, ly.out, delta, ld, cv, a, prev); break;
    case KAct::relu: bwd_layer<FD::relu>(w, ly.in, ly.out, delta, ld, cv, a, prev); break;
    case KAct::leaky: bwd_layer<FD::leaky>(w, ly.in, ly.out, delta, ld, cv, a, prev); break;
    case KAct::other:
      bwd_layer<FD::raw>(w, ly.in, ly.out, delta, ld, cv, a, prev);
      v.hooks.derivative(v.hooks.self, l - 1, off, cv * kLanes);
      break;
  }
  if (v.dropped)
    for (int r = 0; r < ly.in; ++r)
      for (long j = 0; j < cv * kLanes; ++j) prev[long(r) * ld + j] *= prev_ly.M[long(r) * ld + off + j];
}

double backward(NetView& v, const float* T, long ts, KLoss loss) {
  const long n = v.n;
  const int L = v.L;
  const long ld = v.ld;
  const long nv = (n + kLanes - 1) / kLanes;
  if (n == 0) {
    std::memset(v.grads, 0, sizeof(float) * size_t(v.P));
    return 0.0;
  }
  if (L > 1 && !v.a_ready[L - 2]) materialize_a(v, L - 2);  // after a lazy (evaluation-sized) pass

  // 1. δ_L = ∂L/∂z_L and the loss: vectorized for one output, by the hook otherwise.
  const bool vec_loss = v.outputs == 1 && v.output != KOut::softmax && loss != KLoss::other;
  double value;
  if (vec_loss) {
    value = output_delta(v, T, ts, loss);
  } else {
    value = v.hooks.loss(v.hooks.self);
    zero_tail(v.layers[L - 1].D, v.outputs, ld, n, nv);
  }

  // 2. Layers from the output back: dW (with db as its last column), then δ_{l−1}; over big
  //    batches chunk by chunk of columns (all layers of a chunk while its δ and activations
  //    are in L2), accumulating dW across chunks.
  for (long c0 = 0; c0 < nv; c0 += kBackwardChunkVectors) {
    const long cv = lmin(kBackwardChunkVectors, nv - c0);
    const long off = c0 * kLanes;
    const bool last = c0 + cv == nv;
    for (int l = L - 1; l >= 0; --l) {
      const LayerView& ly = v.layers[l];
      dw_layer(ly.D + off, layer_input(v, l) + off, ld, cv, n, ly.out, ly.in + 1, v.grads + ly.w_off, c0 > 0);
      if (l == 0) break;
      backward_delta(v, l, off, cv);
      if (last) zero_tail(v.layers[l - 1].D, ly.in, ld, n, nv);
    }
  }
  return value;
}

bool finite(const float* p, long P) {
  // x − x is 0 for finite x and NaN for ±inf and NaN; a sum of them is NaN iff any was.
  vf acc = splat(0.0f);
  long i = 0;
  for (; i + kLanes <= P; i += kLanes) {
    const vf x = load(p + i);
    acc += x - x;
  }
  float s = 0.0f;
  for (; i < P; ++i) s += p[i] - p[i];
  return s == 0.0f && !any_nonzero(acc);
}

}  // namespace

void sgd(float* p, const float* g, float lr, long n);  // nn/update_kernels.cpp

#define DESCENT_STR2(x) #x
#define DESCENT_STR(x) DESCENT_STR2(x)
extern const Table table{DESCENT_STR(DESCENT_KERNEL_NS), forward, backward, materialize_a, materialize_z, finite,
                         sgd};

}  // namespace nn::kernels::DESCENT_KERNEL_NS

#pragma GCC diagnostic pop
