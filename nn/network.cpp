// nn/network.cpp — MLP forward/backward (see network.h for the math and the layout).
//
// [SECTION] Architecture: parameter count, layout, size checks
// [SECTION] Network: construction, workspaces
// [SECTION] the reference path (double): plain Eigen expressions
// [SECTION] the float path: the kernels of nn/fast_kernels.h, forward_fast, backward_fast
#include "nn/network.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>

#include "nn/fast_kernels.h"

namespace nn {

Eigen::Index Architecture::parameter_count() const { return w_offset(layers()); }

Eigen::Index Architecture::w_offset(int l) const {
  Eigen::Index off = 0;
  for (int k = 0; k < l; ++k) off += Eigen::Index(fan_out(k)) * (fan_in(k) + 1);
  return off;
}

void Architecture::check() const {
  if (hidden.size() > size_t(kMaxHiddenLayers))
    throw Error("network: at most " + std::to_string(kMaxHiddenLayers) + " hidden layers, got " +
                std::to_string(hidden.size()));
  if (activations.size() != hidden.size())
    throw Error("network: " + std::to_string(hidden.size()) + " hidden layers but " +
                std::to_string(activations.size()) + " activations");
  for (size_t i = 0; i < hidden.size(); ++i)
    if (hidden[i] < 1 || hidden[i] > kMaxLayerWidth)
      throw Error("network.hidden[" + std::to_string(i) + "]: must be 1.." +
                  std::to_string(kMaxLayerWidth) + " neurons, got " + std::to_string(hidden[i]));
  if (inputs < 1) throw Error("network: needs at least one input feature");
  if (outputs < 1 || outputs > kMaxClasses)
    throw Error("network: outputs must be 1.." + std::to_string(kMaxClasses) + ", got " +
                std::to_string(outputs));
}

template <typename T>
Network<T>::Network(const Architecture& arch) : arch_(arch) {
  arch_.check();
  layout();
  params_.setZero(arch_.parameter_count());
  grads_.setZero(arch_.parameter_count());
}

template <typename T>
Network<T>::Network(const Network& o) : arch_(o.arch_), params_(o.params_), grads_(o.grads_) {
  layout();
  reserve(o.cap_);
}

template <typename T>
Network<T>& Network<T>::operator=(const Network& o) {
  if (this == &o) return *this;
  arch_ = o.arch_;
  params_ = o.params_;
  grads_ = o.grads_;
  layout();
  cap_ = 0;
  ld_ = 0;
  n_ = 0;
  reserve(o.cap_);
  return *this;
}

template <typename T>
void Network<T>::layout() {
  const int L = arch_.layers();
  w_off_.resize(L);
  b_off_.resize(L);
  for (int l = 0; l < L; ++l) {
    w_off_[l] = arch_.w_offset(l);
    b_off_[l] = arch_.b_offset(l);
  }
  Z_.assign(L, Buf());
  A_.assign(L, Buf());
  D_.assign(L, Buf());
  M_.assign(L - 1, Buf());
  AM_.assign(L - 1, Buf());
  z_ready_.assign(L, 0);
  a_ready_.assign(L, 1);
  scratch_.assign(L - 1, Buf());
  if constexpr (std::is_same_v<T, float>)
    for (int l = 0; l + 1 < L; ++l) scratch_[l].resize(arch_.fan_out(l), 16 * fast::kLanes);
  memo_params_.resize(arch_.parameter_count());
  memo_valid_ = false;
}

template <typename T>
void Network<T>::reserve(Eigen::Index n) {
  if (n <= cap_) return;
  cap_ = n;
  ld_ = (n + fast::kLanes - 1) / fast::kLanes * fast::kLanes;
  const int L = layers();
  for (int l = 0; l < L; ++l) {
    const bool hidden = l < L - 1;
    Z_[l].resize(arch_.fan_out(l), ld_);
    A_[l].resize(arch_.fan_out(l) + (hidden ? 1 : 0), ld_);
    if (hidden) A_[l].row(arch_.fan_out(l)).setOnes();  // the bias row of the next layer's input
    D_[l].resize(arch_.fan_out(l), ld_);
    z_ready_[l] = 0;
  }
  int widest = 1;
  for (int h : arch_.hidden) widest = std::max(widest, h);
  S_.resize(widest, ld_);
  if constexpr (std::is_same_v<T, float>) {
    Xt_.resize(arch_.inputs + 1, ld_);
    Xt_.row(arch_.inputs).setOnes();
    Tt_.resize(arch_.outputs, ld_);
  }
  // Dropout buffers are sized lazily, on the first forward pass that drops.
  for (auto& m : M_) m.resize(0, 0);
  for (auto& m : AM_) m.resize(0, 0);
  n_ = 0;
  memo_valid_ = false;
  for (auto& r : a_ready_) r = 1;
}

template <typename T>
void Network<T>::forward(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng) {
  if constexpr (std::is_same_v<T, float>) forward_fast(X, dropout, rng);
  else forward_eigen(X, dropout, rng);
}

template <typename T>
double Network<T>::backward(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets,
                            Loss loss) {
  if constexpr (std::is_same_v<T, float>) {
    (void)X;  // the forward pass kept its own (transposed) copy
    return backward_fast(targets, loss);
  } else {
    return backward_eigen(X, targets, loss);
  }
}

// ------------------------------------------------------------------------------------------
// The reference path (double): plain Eigen expressions on the same workspaces.

template <typename T>
void Network<T>::forward_eigen(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng) {
  const Eigen::Index n = X.cols();
  reserve(n);
  n_ = n;
  dropped_ = dropout > 0.0 && rng != nullptr;
  const int L = layers();
  for (int l = 0; l < L; ++l) {
    const int out = arch_.fan_out(l), in = arch_.fan_in(l);
    auto z = Z_[l].topLeftCorner(out, n);
    auto a = A_[l].topLeftCorner(out, n);
    if (l == 0) z.noalias() = W(0) * X;
    else if (dropped_) z.noalias() = W(l) * AM_[l - 1].topLeftCorner(in, n);
    else z.noalias() = W(l) * A_[l - 1].topLeftCorner(in, n);
    z.colwise() += b(l);
    z_ready_[l] = 1;
    a_ready_[l] = 1;
    if (l == L - 1) {
      output_activate(arch_.output, z, a);
    } else {
      activate(arch_.activations[l], z.array(), a.array());
      if (dropped_) {
        if (M_[l].cols() < ld_) {  // first dropout pass at this capacity
          M_[l].resize(out, ld_);
          AM_[l].resize(out + 1, ld_);
          AM_[l].row(out).setOnes();
        }
        const T keep_scale = T(1.0 / (1.0 - dropout));
        auto m = M_[l].topLeftCorner(out, n);
        for (int r = 0; r < out; ++r)
          for (Eigen::Index j = 0; j < n; ++j) m(r, j) = rng->uniform() < dropout ? T(0) : keep_scale;
        AM_[l].topLeftCorner(out, n) = a.cwiseProduct(m);
      }
    }
  }
}

template <typename T>
double Network<T>::backward_eigen(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets,
                                  Loss loss) {
  const Eigen::Index n = n_;
  const int L = layers();
  const int K = arch_.outputs;
  auto zL = Z_[L - 1].topLeftCorner(K, n);
  auto yL = A_[L - 1].topLeftCorner(K, n);
  const double value = loss_value(loss, zL, yL, targets);
  loss_gradient(loss, arch_.output, zL, yL, targets, D_[L - 1].topLeftCorner(K, n));
  for (int l = L - 1; l >= 0; --l) {
    const int out = arch_.fan_out(l), in = arch_.fan_in(l);
    auto delta = D_[l].topLeftCorner(out, n);  // (fan_out, n)
    if (l == 0) dW(0).noalias() = delta * X.transpose();
    else if (dropped_) dW(l).noalias() = delta * AM_[l - 1].topLeftCorner(in, n).transpose();
    else dW(l).noalias() = delta * A_[l - 1].topLeftCorner(in, n).transpose();
    db(l) = delta.rowwise().sum();
    if (l > 0) {
      auto prev = D_[l - 1].topLeftCorner(in, n);  // (fan_in, n)
      prev.noalias() = W(l).transpose() * delta;
      // δ_{l−1} ⊙= g'(z_{l−1}); with dropout also ⊙= mask (a·m was what fed forward).
      auto dz = Z_[l - 1].topLeftCorner(in, n).array();
      auto da = A_[l - 1].topLeftCorner(in, n).array();
      const Act act = arch_.activations[l - 1];
      switch (act) {  // fused: no temporary for g'
        case Act::linear: break;
        case Act::tanh: prev.array() *= T(1) - da.square(); break;
        case Act::sigmoid: prev.array() *= da * (T(1) - da); break;
        case Act::relu: prev.array() = (dz > T(0)).select(prev.array(), T(0)); break;
        default: {  // the rarer activations: g' into the scratch buffer, then multiply
          auto g = S_.topLeftCorner(in, n);
          derivative(act, dz, da, g.array());
          prev.array() *= g.array();
        }
      }
      if (dropped_) prev.array() *= M_[l - 1].topLeftCorner(in, n).array();
    }
  }
  return value;
}

// ------------------------------------------------------------------------------------------
// The float path.

namespace {

using fast::vf;
using fast::vi;
using fast::kLanes;
using fast::load;
using fast::store;
using fast::splat;

// Hidden activations computed inside the kernels; the others (elu, softplus, exp) are written
// as z and activated by Eigen afterwards (Rare).
enum class FA { linear, tanh, sigmoid, relu, leaky, zonly };

template <FA A>
inline vf act(vf z) {
  if constexpr (A == FA::tanh) return fast::vtanh(z);
  else if constexpr (A == FA::sigmoid) return fast::vsigmoid(z);
  else if constexpr (A == FA::relu) return z > splat(0.0f) ? z : splat(0.0f);
  else if constexpr (A == FA::leaky) return z > splat(0.0f) ? z : z * splat(float(kLeakySlope));
  else return z;
}

// δ ⊙ g'(a), g' from the activation (not z) where that is exact.
enum class FD { linear, tanh, sigmoid, relu, leaky, raw };

template <FD D>
inline vf dact(vf s, vf a) {
  if constexpr (D == FD::tanh) return s * (splat(1.0f) - a * a);
  else if constexpr (D == FD::sigmoid) return s * (a * (splat(1.0f) - a));
  else if constexpr (D == FD::relu) return a > splat(0.0f) ? s : splat(0.0f);
  else if constexpr (D == FD::leaky) return a > splat(0.0f) ? s : s * splat(float(kLeakySlope));
  else return s;
}

// One register tile of out[r][s] = Σ_k w(r, k) · in[k][s] for R rows × C vectors.
//   w(r, k) = w[r * ws_r + k * ws_k]; in row k at in + k * ld; out row r at out + r * lo.
// Forward: acc starts at the bias, epilogue activates (and stores z when asked).
template <int R, int C, FA A, bool StoreZ>
inline void fwd_tile(const float* w, long ws_r, long ws_k, const float* bias, const float* in, long ld,
                     int K, float* a_out, float* z_out, long lo) {
  vf acc[R][C];
  for (int r = 0; r < R; ++r) {
    const vf b = splat(bias[r]);
    for (int c = 0; c < C; ++c) acc[r][c] = b;
  }
  for (int k = 0; k < K; ++k) {
    const float* row = in + k * ld;
    vf x[C];
    for (int c = 0; c < C; ++c) x[c] = fast::load_reg(row + c * kLanes);
    for (int r = 0; r < R; ++r) {
      const vf wv = splat(w[r * ws_r + k * ws_k]);
      for (int c = 0; c < C; ++c) acc[r][c] += wv * x[c];
    }
  }
  for (int r = 0; r < R; ++r)
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
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc[r][c] = splat(0.0f);
  for (int k = 0; k < K; ++k) {
    const float* row = delta + k * ld;
    vf x[C];
    for (int c = 0; c < C; ++c) x[c] = fast::load_reg(row + c * kLanes);
    for (int r = 0; r < R; ++r) {
      const vf wv = splat(w[r * ws_r + k * ws_k]);
      for (int c = 0; c < C; ++c) acc[r][c] += wv * x[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c)
      store(out + r * ld + c * kLanes, dact<D>(acc[r][c], load(a + r * ld + c * kLanes)));
}

// Rows [0, rows) × vectors [0, nvec) of a layer, in R = 4 row blocks and C = 4 vector blocks.
// `in`, `a_out`, `z_out` point at the first vector; input rows are ld apart, output rows lo.
template <FA A, bool StoreZ>
void fwd_layer(const float* w, int rows, int K, const float* bias, const float* in, long ld, long nvec,
               float* a_out, float* z_out, long lo) {
  const long ws_r = 1, ws_k = rows;  // W is (rows × K) column-major
  int r = 0;
  auto do_rows = [&]<int R>(std::integral_constant<int, R>) {
    long v = 0;
    const long o = long(r) * lo;
    for (; v + 4 <= nvec; v += 4)
      fwd_tile<R, 4, A, StoreZ>(w + r, ws_r, ws_k, bias + r, in + v * kLanes, ld, K, a_out + o + v * kLanes,
                                z_out + o + v * kLanes, lo);
    for (; v < nvec; ++v)
      fwd_tile<R, 1, A, StoreZ>(w + r, ws_r, ws_k, bias + r, in + v * kLanes, ld, K, a_out + o + v * kLanes,
                                z_out + o + v * kLanes, lo);
  };
  for (; r + 4 <= rows; r += 4) do_rows(std::integral_constant<int, 4>{});
  switch (rows - r) {
    case 3: do_rows(std::integral_constant<int, 3>{}); break;
    case 2: do_rows(std::integral_constant<int, 2>{}); break;
    case 1: do_rows(std::integral_constant<int, 1>{}); break;
    default: break;
  }
}

bool in_kernel(Act a) {
  return a == Act::linear || a == Act::tanh || a == Act::sigmoid || a == Act::relu || a == Act::leaky_relu;
}

// A hidden layer whose activation the kernels compute (in_kernel(act)); z is not stored.
void fwd_hidden(Act act, const float* w, int rows, int K, const float* bias, const float* in, long ld,
                long nvec, float* a_out, long lo) {
  switch (act) {
    case Act::linear: fwd_layer<FA::linear, false>(w, rows, K, bias, in, ld, nvec, a_out, nullptr, lo); break;
    case Act::tanh: fwd_layer<FA::tanh, false>(w, rows, K, bias, in, ld, nvec, a_out, nullptr, lo); break;
    case Act::sigmoid: fwd_layer<FA::sigmoid, false>(w, rows, K, bias, in, ld, nvec, a_out, nullptr, lo); break;
    case Act::relu: fwd_layer<FA::relu, false>(w, rows, K, bias, in, ld, nvec, a_out, nullptr, lo); break;
    case Act::leaky_relu: fwd_layer<FA::leaky, false>(w, rows, K, bias, in, ld, nvec, a_out, nullptr, lo); break;
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
    for (; v + 4 <= nv; v += 4)
      bwd_tile<R, 4, D>(w + long(r) * K, ws_r, ws_k, delta + v * kLanes, ld, K, a + o + v * kLanes,
                        out + o + v * kLanes);
    for (; v < nv; ++v)
      bwd_tile<R, 1, D>(w + long(r) * K, ws_r, ws_k, delta + v * kLanes, ld, K, a + o + v * kLanes,
                        out + o + v * kLanes);
  };
  for (; r + 4 <= rows; r += 4) do_rows(std::integral_constant<int, 4>{});
  switch (rows - r) {
    case 3: do_rows(std::integral_constant<int, 3>{}); break;
    case 2: do_rows(std::integral_constant<int, 2>{}); break;
    case 1: do_rows(std::integral_constant<int, 1>{}); break;
    default: break;
  }
}

// G (O × KI column-major) = δ (O rows) · Pᵀ (KI rows), contracted over nv vectors of samples.
// RO × RI = 16 accumulators per tile, one reduce16 per tile; rows past the end are clamped to
// the last one (computed, not stored).
template <int RO, int RI>
inline void dw_tile(const float* delta, const float* in, long ld, long nv, int O, int KI, int o0, int i0,
                    float* G, bool accumulate) {
  static_assert(RO * RI == 16);
  const float* dr[RO];
  const float* pr[RI];
  for (int a = 0; a < RO; ++a) dr[a] = delta + long(std::min(o0 + a, O - 1)) * ld;
  for (int b = 0; b < RI; ++b) pr[b] = in + long(std::min(i0 + b, KI - 1)) * ld;
  vf acc[16];
  for (int k = 0; k < 16; ++k) acc[k] = splat(0.0f);
  for (long v = 0; v < nv; ++v) {
    vf d[RO], p[RI];
    for (int a = 0; a < RO; ++a) d[a] = fast::load_reg(dr[a] + v * kLanes);
    for (int b = 0; b < RI; ++b) p[b] = fast::load_reg(pr[b] + v * kLanes);
    for (int b = 0; b < RI; ++b)
      for (int a = 0; a < RO; ++a) acc[a + RO * b] += d[a] * p[b];
  }
  float s[16];
  store(s, fast::reduce16(acc));
  const int na = std::min(RO, O - o0), nb = std::min(RI, KI - i0);
  for (int b = 0; b < nb; ++b)
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
    for (int k = 0; k < 16; ++k) acc[k] = load(dr[k]) * load(pr[k]);
    for (long v = 1; v < nv; ++v)
      for (int k = 0; k < 16; ++k) acc[k] += load(dr[k] + v * kLanes) * load(pr[k] + v * kLanes);
    float s[16];
    store(s, fast::reduce16(acc));
    const int m = std::min(16, P - p0);
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
    const int m = std::min(16, O - o0);
    for (long v = 0; v < nv; ++v) {
      vf* b = t + v * 16;
      for (int k = 0; k < 16; ++k) b[k] = load(delta + long(o0 + std::min(k, m - 1)) * ld + v * kLanes);
      fast::transpose16(b);
    }
    // Four columns at a time: four independent FMA chains hide the FMA latency. Columns past
    // the end repeat the last one (computed, not stored).
    for (int i = 0; i < KI; i += 4) {
      const float* p0 = in + long(i) * ld;
      const float* p1 = in + long(std::min(i + 1, KI - 1)) * ld;
      const float* p2 = in + long(std::min(i + 2, KI - 1)) * ld;
      const float* p3 = in + long(std::min(i + 3, KI - 1)) * ld;
      vf a0 = t[0] * splat(p0[0]), a1 = t[0] * splat(p1[0]), a2 = t[0] * splat(p2[0]), a3 = t[0] * splat(p3[0]);
      for (long s = 1; s < n; ++s) {
        const vf ts = t[s];
        a0 += ts * splat(p0[s]);
        a1 += ts * splat(p1[s]);
        a2 += ts * splat(p2[s]);
        a3 += ts * splat(p3[s]);
      }
      fast::store_first(G + o0 + long(i) * O, a0, m);
      if (i + 1 < KI) fast::store_first(G + o0 + long(i + 1) * O, a1, m);
      if (i + 2 < KI) fast::store_first(G + o0 + long(i + 2) * O, a2, m);
      if (i + 3 < KI) fast::store_first(G + o0 + long(i + 3) * O, a3, m);
    }
  }
}

// At most four rows (O ≤ 4) and small batches: two butterfly stages put, in 128-bit block q of
// u_k, the O deltas of sample 4q + k; G[:, i] = Σ_k u_k · (in[i] permuted to match), and the
// four blocks are summed at the end. 4 permutes + 4 FMAs per column, no 16×16 transpose.
inline void dw_rows4(const float* delta, const float* in, long ld, long nv, int O, int KI, float* G) {
  vf u[2][4];
  for (long v = 0; v < nv; ++v) {
    vf r[4];
    for (int k = 0; k < 4; ++k) r[k] = load(delta + long(std::min(k, O - 1)) * ld + v * kLanes);
    vf a = r[0], b = r[1], c = r[2], d = r[3];
    r[0] = __builtin_shufflevector(a, b, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    r[1] = __builtin_shufflevector(a, b, 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
    r[2] = __builtin_shufflevector(c, d, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    r[3] = __builtin_shufflevector(c, d, 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
    a = r[0], b = r[1], c = r[2], d = r[3];
    u[v][0] = __builtin_shufflevector(a, c, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    u[v][2] = __builtin_shufflevector(a, c, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    u[v][1] = __builtin_shufflevector(b, d, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    u[v][3] = __builtin_shufflevector(b, d, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  }
  for (int i = 0; i < KI; ++i) {
    const float* p = in + long(i) * ld;
    vf acc = splat(0.0f);
    for (long v = 0; v < nv; ++v) {
      const vf x = load(p + v * kLanes);
      acc += u[v][0] * __builtin_shufflevector(x, x, 0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12);
      acc += u[v][1] * __builtin_shufflevector(x, x, 1, 1, 1, 1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13, 13);
      acc += u[v][2] * __builtin_shufflevector(x, x, 2, 2, 2, 2, 6, 6, 6, 6, 10, 10, 10, 10, 14, 14, 14, 14);
      acc += u[v][3] * __builtin_shufflevector(x, x, 3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15, 15, 15);
    }
    acc += __builtin_shufflevector(acc, acc, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
    acc += __builtin_shufflevector(acc, acc, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
    fast::store_first(G + long(i) * O, acc, O);
  }
}

// At most eight rows (O ≤ 8) and one vector of samples (n ≤ 16): an 8×8 transpose of sample
// *pairs* (64-bit elements) puts, in lanes (2o, 2o+1) of t[k], the deltas of row o for samples
// 2k and 2k+1. Then G[:, i] = Σ_k t[k] · (in[i][2k], in[i][2k+1]) broadcast as a pair: ⌈n/2⌉
// FMAs per column with every lane in use, and one fold of the even and odd lanes at the end.
// (dw_transposed spends n FMAs per four columns and leaves half the lanes idle when O ≤ 8.)
// Out of line on purpose: inlined into backward_fast it cost the 2-4-2-1 network 8 % (A/B).
__attribute__((noinline)) void dw_rows8(const float* delta, const float* in, long ld, long n, int O, int KI, float* G) {
  typedef double vd __attribute__((vector_size(64)));
  vd q[8];
  for (int o = 0; o < 8; ++o) std::memcpy(&q[o], delta + long(std::min(o, O - 1)) * ld, sizeof(vd));
  // Butterfly stage M exchanges bit M of the row index with bit M of the (pair) lane index.
  auto stage = [&q]<int M>(std::integral_constant<int, M>) {
    constexpr auto A = [](int j) { return (j & M) ? 8 + j - M : j; };
    constexpr auto B = [](int j) { return (j & M) ? 8 + j : j + M; };
    for (int k = 0; k < 8; ++k) {
      if (k & M) continue;
      const vd a = q[k], b = q[k + M];
      q[k] = __builtin_shufflevector(a, b, A(0), A(1), A(2), A(3), A(4), A(5), A(6), A(7));
      q[k + M] = __builtin_shufflevector(a, b, B(0), B(1), B(2), B(3), B(4), B(5), B(6), B(7));
    }
  };
  stage(std::integral_constant<int, 1>{});
  stage(std::integral_constant<int, 2>{});
  stage(std::integral_constant<int, 4>{});
  vf t[8];
  std::memcpy(t, q, sizeof t);
  const long pairs = (n + 1) / 2;  // a padded odd sample has δ = 0
  for (int i = 0; i < KI; ++i) {
    const float* p = in + long(i) * ld;
    vf acc = splat(0.0f);
    for (long k = 0; k < pairs; ++k) {
      double pair;
      std::memcpy(&pair, p + 2 * k, sizeof pair);
      const vd b = {pair, pair, pair, pair, pair, pair, pair, pair};
      vf x;
      std::memcpy(&x, &b, sizeof x);
      acc += t[k] * x;
    }
    acc += __builtin_shufflevector(acc, acc, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
    fast::store_first(G + long(i) * O,
                      __builtin_shufflevector(acc, acc, 0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14), O);
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
  const vi keep = fast::lanes_below(int(n - (nv - 1) * kLanes));
  for (int r = 0; r < rows; ++r) {
    float* p = m + long(r) * ld + (nv - 1) * kLanes;
    store(p, fast::select(keep, load(p), splat(0.0f)));
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

}  // namespace

template <typename T>
const typename Network<T>::Buf& Network<T>::layer_input(int l) const {
  if (l == 0) return Xt_;
  return dropped_ ? AM_[l - 1] : A_[l - 1];
}

template <typename T>
void Network<T>::forward_fast(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng) {
  if constexpr (std::is_same_v<T, float>) {
    const Eigen::Index n = X.cols();
    reserve(n);
    const Eigen::Index n_prev = n_;
    n_ = n;
    dropped_ = dropout > 0.0 && rng != nullptr;
    const int L = layers();
    const long ld = long(ld_);
    const long nv = (long(n) + kLanes - 1) / kLanes;
    const long padded = nv * kLanes;
    const int F = arch_.inputs;
    const Eigen::Index xs = X.outerStride();

    // The same pass as last time (same points, bit-identical weights, no dropout)? Then every
    // buffer already holds its result. Checked only for big passes: costs F·n + P compares.
    if (memo_valid_ && !dropped_ && n == n_prev && n >= kMemoColumns &&
        same_bits(params_.data(), memo_params_.data(), long(params_.size()))) {
      bool same = true;
      for (int f = 0; f < F && same; ++f) {
        const float* row = Xt_.row(f).data();
        const float* src = X.data() + f;
        for (Eigen::Index j = 0; j < n; ++j) {
          const float v = src[j * xs];
          if (std::memcmp(&v, row + j, sizeof v) != 0) {
            same = false;
            break;
          }
        }
      }
      if (same) return;
    }
    memo_valid_ = false;

    // X (inputs × n, any outer stride) transposed into Xt_ rows; padded lanes 0.
    for (int f = 0; f < F; ++f) {
      float* row = Xt_.row(f).data();
      const float* src = X.data() + f;
      for (Eigen::Index j = 0; j < n; ++j) row[j] = src[j * xs];
      for (long j = n; j < padded; ++j) row[j] = 0.0f;
    }
    if (dropped_) {
      for (int l = 0; l + 1 < L; ++l)
        if (M_[l].cols() < ld_) {  // first dropout pass at this capacity
          M_[l].resize(arch_.fan_out(l), ld_);
          AM_[l].resize(arch_.fan_out(l) + 1, ld_);
          AM_[l].row(arch_.fan_out(l)).setOnes();
        }
    }
    const float keep_scale = dropped_ ? float(1.0 / (1.0 - dropout)) : 1.0f;

    // Evaluation over many points: hidden activations chunk by chunk in small scratch rows
    // (L1/L2-resident), only the output layer written out in full.
    static_assert(kChunkVectors * kLanes == 16 * fast::kLanes, "scratch_ is one chunk wide (layout())");
    bool lazy = !dropped_ && n >= kLazyColumns;
    for (int l = 0; l + 1 < L; ++l) lazy = lazy && in_kernel(arch_.activations[l]);

    for (long v0 = 0; v0 < nv; v0 += kChunkVectors) {
      const long v1 = std::min(nv, v0 + kChunkVectors);
      const long c0 = v0 * kLanes;
      for (int l = 0; l < L; ++l) {
        const int out = arch_.fan_out(l), in = arch_.fan_in(l);
        const float* w = params_.data() + w_off_[l];
        const float* bias = params_.data() + b_off_[l];
        const bool from_scratch = lazy && l > 0;
        const float* x = from_scratch ? scratch_[l - 1].data() : layer_input(l).data() + c0;
        const long lx = from_scratch ? long(scratch_[l - 1].cols()) : ld;
        float* a = A_[l].data() + c0;
        float* z = Z_[l].data() + c0;
        const long nvec = v1 - v0;
        if (l == L - 1) {
          switch (arch_.output) {
            case OutAct::linear: fwd_layer<FA::linear, true>(w, out, in, bias, x, lx, nvec, a, z, ld); break;
            case OutAct::tanh: fwd_layer<FA::tanh, true>(w, out, in, bias, x, lx, nvec, a, z, ld); break;
            case OutAct::sigmoid: fwd_layer<FA::sigmoid, true>(w, out, in, bias, x, lx, nvec, a, z, ld); break;
            case OutAct::softmax: {
              fwd_layer<FA::zonly, true>(w, out, in, bias, x, lx, nvec, a, z, ld);
              const Eigen::Index nc = nvec * kLanes;
              output_activate(OutAct::softmax, Z_[l].middleCols(c0, nc), A_[l].topRows(out).middleCols(c0, nc));
              break;
            }
          }
          continue;
        }
        if (lazy) {
          fwd_hidden(arch_.activations[l], w, out, in, bias, x, lx, nvec, scratch_[l].data(), long(scratch_[l].cols()));
          continue;
        }
        if (in_kernel(arch_.activations[l])) {
          fwd_hidden(arch_.activations[l], w, out, in, bias, x, lx, nvec, a, ld);
        } else {  // elu, softplus, exp: z here, Eigen's vectorized exp/log1p for g
          fwd_layer<FA::zonly, true>(w, out, in, bias, x, lx, nvec, a, z, ld);
          const Eigen::Index nc = nvec * kLanes;
          activate(arch_.activations[l], Z_[l].middleCols(c0, nc).array(),
                   A_[l].topRows(out).middleCols(c0, nc).array());
        }
        if (dropped_) {
          // Masks for the real samples, row by row; padded lanes get mask 0.
          const long c1 = std::min<long>(long(n), v1 * kLanes), ce = v1 * kLanes;
          for (int r = 0; r < out; ++r) {
            float* m = M_[l].row(r).data();
            float* am = AM_[l].row(r).data();
            const float* ar = A_[l].row(r).data();
            for (long j = c0; j < c1; ++j) {
              m[j] = rng->uniform() < dropout ? 0.0f : keep_scale;
              am[j] = ar[j] * m[j];
            }
            for (long j = c1; j < ce; ++j) m[j] = am[j] = 0.0f;
          }
        }
      }
    }
    for (int l = 0; l < L; ++l) {
      z_ready_[l] = (l == L - 1 || !in_kernel(arch_.activations[l])) ? 1 : 0;
      a_ready_[l] = (l == L - 1 || !lazy) ? 1 : 0;
    }
    memo_valid_ = !dropped_ && !lazy && n >= kMemoColumns;
    if (memo_valid_) memo_params_ = params_;  // same size: no allocation
  } else {
    (void)X, (void)dropout, (void)rng;
  }
}

template <typename T>
void Network<T>::materialize_a(int l) const {
  if constexpr (std::is_same_v<T, float>) {
    // Hidden activations after a lazy forward pass: the same kernel over all columns, so the
    // values are bit for bit those the output was computed from.
    const long nv = (long(n_) + kLanes - 1) / kLanes;
    for (int k = 0; k <= l; ++k) {
      if (a_ready_[k]) continue;
      fwd_hidden(arch_.activations[k], params_.data() + w_off_[k], arch_.fan_out(k), arch_.fan_in(k),
                 params_.data() + b_off_[k], layer_input(k).data(), long(ld_), nv, A_[k].data(), long(ld_));
      a_ready_[k] = 1;
    }
  } else {
    (void)l;
  }
}

template <typename T>
void Network<T>::materialize_z(int l) const {
  if constexpr (std::is_same_v<T, float>) {
    // The same kernel as the forward pass, writing z only: bit for bit the z it used.
    const int out = arch_.fan_out(l), in = arch_.fan_in(l);
    const long nv = (long(n_) + kLanes - 1) / kLanes;
    if (l > 0) materialize_a(l - 1);
    float* z = Z_[l].data();
    fwd_layer<FA::zonly, true>(params_.data() + w_off_[l], out, in, params_.data() + b_off_[l],
                               layer_input(l).data(), long(ld_), nv, z, z, long(ld_));
  } else {
    (void)l;  // the Eigen path keeps every z
  }
  z_ready_[l] = 1;
}

template <typename T>
double Network<T>::backward_fast(const Eigen::Ref<const Mat>& targets, Loss loss) {
  if constexpr (std::is_same_v<T, float>) {
    const Eigen::Index n = n_;
    const int L = layers();
    const int K = arch_.outputs;
    const long ld = long(ld_);
    const long nv = (long(n) + kLanes - 1) / kLanes;
    if (n == 0) {
      grads_.setZero();
      return 0.0;
    }
    if (L > 1 && !a_ready_[L - 2]) materialize_a(L - 2);  // after a lazy (evaluation-sized) pass
    double value = 0.0;

    // 1. δ_L = ∂L/∂z_L and the loss, vectorized for one output; Eigen's forms otherwise.
    const OutAct oa = arch_.output;
    const bool vec_loss = K == 1 && oa != OutAct::softmax && loss != Loss::cross_entropy;
    if (vec_loss) {
      float* tt = Tt_.data();
      const Eigen::Index ts = targets.outerStride();
      for (Eigen::Index j = 0; j < n; ++j) tt[j] = targets.data()[j * ts];
      for (long j = n; j < nv * kLanes; ++j) tt[j] = 0.0f;
      const float* y = A_[L - 1].data();
      const float* z = Z_[L - 1].data();
      float* d = D_[L - 1].data();
      const float inv_n = float(1.0 / double(n));
      vf sum = splat(0.0f);
      for (long v = 0; v < nv; ++v) {
        const vi live = fast::lanes_below(int(std::min<long>(kLanes, n - v * kLanes)));
        const vf yv = load(y + v * kLanes), tv = load(tt + v * kLanes), diff = yv - tv;
        vf g, term;
        if (loss == Loss::binary_cross_entropy) {
          const vf zv = load(z + v * kLanes);
          term = (zv > splat(0.0f) ? zv : splat(0.0f)) - zv * tv + fast::vlog1p_unit(fast::vexp(-fast::vabs(zv)));
          g = diff * splat(inv_n);
        } else {
          term = diff * diff;
          const vf scale = splat(loss == Loss::mse ? 2.0f * inv_n : inv_n);
          switch (oa) {
            case OutAct::sigmoid: g = scale * diff * yv * (splat(1.0f) - yv); break;
            case OutAct::tanh: g = scale * diff * (splat(1.0f) - yv * yv); break;
            default: g = scale * diff; break;
          }
        }
        sum += fast::select(live, term, splat(0.0f));
        store(d + v * kLanes, fast::select(live, g, splat(0.0f)));
      }
      const double s = fast::hsum_double(sum);
      value = loss == Loss::half_squared_error ? 0.5 * s / double(n) : s / double(n);
    } else {
      auto zL = Z_[L - 1].topLeftCorner(K, n);
      auto yL = A_[L - 1].topLeftCorner(K, n);
      value = loss_value(loss, zL, yL, targets);
      loss_gradient(loss, oa, zL, yL, targets, D_[L - 1].topLeftCorner(K, n));
      zero_tail(D_[L - 1].data(), K, ld, n, nv);
    }

    // 2. Layers from the output back: dW (with db as its last column), then δ_{l−1}; over big
    //    batches chunk by chunk of columns (all layers of a chunk while its δ and activations
    //    are in L2), accumulating dW across chunks.
    for (long c0 = 0; c0 < nv; c0 += kBackwardChunkVectors) {
      const long cv = std::min(kBackwardChunkVectors, nv - c0);
      const long off = c0 * kLanes;
      const bool last = c0 + cv == nv;
      for (int l = L - 1; l >= 0; --l) {
        const int out = arch_.fan_out(l), in = arch_.fan_in(l);
        const float* delta = D_[l].data() + off;
        dw_layer(delta, layer_input(l).data() + off, ld, cv, long(n), out, in + 1, grads_.data() + w_off_[l],
                 c0 > 0);
        if (l == 0) break;
        const float* w = params_.data() + w_off_[l];
        const float* a = A_[l - 1].data() + off;
        float* prev = D_[l - 1].data() + off;
        const Act act_prev = arch_.activations[l - 1];
        switch (act_prev) {
          case Act::linear: bwd_layer<FD::linear>(w, in, out, delta, ld, cv, a, prev); break;
          case Act::tanh: bwd_layer<FD::tanh>(w, in, out, delta, ld, cv, a, prev); break;
          case Act::sigmoid: bwd_layer<FD::sigmoid>(w, in, out, delta, ld, cv, a, prev); break;
          case Act::relu: bwd_layer<FD::relu>(w, in, out, delta, ld, cv, a, prev); break;
          case Act::leaky_relu: bwd_layer<FD::leaky>(w, in, out, delta, ld, cv, a, prev); break;
          default: {
            bwd_layer<FD::raw>(w, in, out, delta, ld, cv, a, prev);
            const Eigen::Index cols = cv * kLanes;
            auto g = S_.block(0, off, in, cols);
            derivative(act_prev, Z_[l - 1].block(0, off, in, cols).array(),
                       A_[l - 1].block(0, off, in, cols).array(), g.array());
            D_[l - 1].block(0, off, in, cols).array() *= g.array();
          }
        }
        if (dropped_) D_[l - 1].block(0, off, in, cv * kLanes).array() *= M_[l - 1].block(0, off, in, cv * kLanes).array();
        if (last) zero_tail(D_[l - 1].data(), in, ld, n, nv);
      }
    }
    return value;
  } else {
    (void)targets, (void)loss;
    return 0.0;
  }
}

template <typename T>
double Network<T>::penalty(double l1, double l2) const {
  if (l1 == 0.0 && l2 == 0.0) return 0.0;
  double s = 0.0;
  for (int l = 0; l < layers(); ++l) {
    const auto w = W(l).template cast<double>();
    if (l1 != 0.0) s += l1 * w.cwiseAbs().sum();
    if (l2 != 0.0) s += l2 * 0.5 * w.squaredNorm();
  }
  return s;
}

template <typename T>
void Network<T>::add_penalty_gradient(double l1, double l2) {
  if (l1 == 0.0 && l2 == 0.0) return;
  for (int l = 0; l < layers(); ++l) {
    auto g = dW(l);
    const auto w = W(l);
    if (l1 != 0.0) g.array() += T(l1) * w.array().sign();
    if (l2 != 0.0) g += T(l2) * w;
  }
}

template <typename T>
bool Network<T>::finite() const {
  if constexpr (std::is_same_v<T, float>) {
    // x − x is 0 for finite x and NaN for ±inf and NaN; a sum of them is NaN iff any was.
    const float* p = params_.data();
    const Eigen::Index P = params_.size();
    vf acc = splat(0.0f);
    Eigen::Index i = 0;
    for (; i + kLanes <= P; i += kLanes) {
      const vf x = load(p + i);
      acc += x - x;
    }
    float s = 0.0f;
    for (; i < P; ++i) s += p[i] - p[i];
    return s == 0.0f && !fast::any_nonzero(acc);
  } else {
    return params_.allFinite();
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace nn
