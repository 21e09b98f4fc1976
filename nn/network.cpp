// nn/network.cpp — MLP forward/backward (see network.h for the math and the layout).
//
// [SECTION] Architecture: parameter count, layout, size checks
// [SECTION] Network: construction, workspaces
// [SECTION] the reference path (double): plain Eigen expressions
// [SECTION] the float path: the dispatched kernels (nn/kernels.h), forward_fast, backward_fast
#include "nn/network.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>


namespace nn {

namespace {

kernels::KAct kernel_act(Act a) {
  switch (a) {
    case Act::linear: return kernels::KAct::linear;
    case Act::tanh: return kernels::KAct::tanh;
    case Act::sigmoid: return kernels::KAct::sigmoid;
    case Act::relu: return kernels::KAct::relu;
    case Act::leaky_relu: return kernels::KAct::leaky;
    default: return kernels::KAct::other;  // elu, softplus, exp
  }
}

kernels::KOut kernel_out(OutAct a) {
  switch (a) {
    case OutAct::linear: return kernels::KOut::linear;
    case OutAct::tanh: return kernels::KOut::tanh;
    case OutAct::sigmoid: return kernels::KOut::sigmoid;
    case OutAct::softmax: return kernels::KOut::softmax;
  }
  return kernels::KOut::linear;
}

kernels::KLoss kernel_loss(Loss l) {
  switch (l) {
    case Loss::mse: return kernels::KLoss::mse;
    case Loss::half_squared_error: return kernels::KLoss::half_squared_error;
    case Loss::binary_cross_entropy: return kernels::KLoss::binary_cross_entropy;
    default: return kernels::KLoss::other;
  }
}

// Rows per chunk of the lazy (evaluation-sized) forward pass's scratch: kernels' kChunkVectors.
constexpr Eigen::Index kScratchColumns = 16 * kernels::kLanes;

}  // namespace

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
  update_view();
}

template <typename T>
Network<T>::Network(const Network& o) : arch_(o.arch_), params_(o.params_), grads_(o.grads_) {
  layout();
  reserve(o.cap_);
  update_view();
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
  update_view();
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
    for (int l = 0; l + 1 < L; ++l) scratch_[l].resize(arch_.fan_out(l), kScratchColumns);
  memo_params_.resize(arch_.parameter_count());
  memo_valid_ = false;
  view_ = kernels::NetView{};
  update_view();
}

template <typename T>
void Network<T>::reserve(Eigen::Index n) {
  if (n <= cap_) return;
  cap_ = n;
  ld_ = (n + kernels::kLanes - 1) / kernels::kLanes * kernels::kLanes;
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
  view_.memo_valid = false;
  update_view();
}

template <typename T>
void Network<T>::forward(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng) {
  if constexpr (std::is_same_v<T, float>) {
    reserve(X.cols());
    const bool drop = dropout > 0.0 && rng != nullptr;
    if (drop) {
      // The first pass that drops at this capacity sizes the masks (hook_dropout); the kernels
      // must not read a previous pass's AM as this pass's input before then.
      hook_dropout_ = dropout;
      hook_rng_ = rng;
    }
    view_.n = long(n_);
    view_.params = params_.data();
    view_.grads = grads_.data();
    kernels::active().forward(view_, X.data(), long(X.outerStride()), long(X.cols()), drop);
    n_ = X.cols();
    dropped_ = drop;
  } else {
    forward_eigen(X, dropout, rng);
  }
}

template <typename T>
double Network<T>::backward(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets,
                            Loss loss) {
  if constexpr (std::is_same_v<T, float>) {
    (void)X;  // the forward pass kept its own (transposed) copy
    // Targets with a column stride the kernels can read; the hooks read them as a matrix.
    hook_targets_ = &targets;
    hook_loss_ = loss;
    view_.params = params_.data();
    view_.grads = grads_.data();
    const double value =
        kernels::active().backward(view_, targets.data(), long(targets.outerStride()), kernel_loss(loss));
    hook_targets_ = nullptr;
    return value;
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
// The float path: the kernels of nn/kernels.h (one build per instruction set) on view_, with
// the hooks below for what they leave to Eigen. The hooks are compiled once, here, so every
// kernel build shares them bit for bit.


template <typename T>
void Network<T>::update_view() {
  if constexpr (std::is_same_v<T, float>) {
    const int L = layers();
    lviews_.resize(L);
    for (int l = 0; l < L; ++l) {
      kernels::LayerView& v = lviews_[l];
      v.out = arch_.fan_out(l);
      v.in = arch_.fan_in(l);
      v.act = l < L - 1 ? kernel_act(arch_.activations[l]) : kernels::KAct::linear;
      v.w_off = long(w_off_[l]);
      v.Z = Z_[l].data();
      v.A = A_[l].data();
      v.D = D_[l].data();
      const bool hidden = l < L - 1;
      v.M = hidden && M_[l].size() ? M_[l].data() : nullptr;
      v.AM = hidden && AM_[l].size() ? AM_[l].data() : nullptr;
      v.scratch = hidden ? scratch_[l].data() : nullptr;
      v.scratch_ld = hidden ? long(scratch_[l].cols()) : 0;
    }
    view_.L = L;
    view_.inputs = arch_.inputs;
    view_.outputs = arch_.outputs;
    view_.output = kernel_out(arch_.output);
    view_.layers = lviews_.data();
    view_.params = params_.data();
    view_.grads = grads_.data();
    view_.P = long(params_.size());
    view_.Xt = Xt_.data();
    view_.Tt = Tt_.data();
    view_.ld = long(ld_);
    view_.z_ready = z_ready_.data();
    view_.a_ready = a_ready_.data();
    view_.memo_params = memo_params_.data();
    view_.hooks = {const_cast<Network*>(this), hook_activate, hook_derivative, hook_softmax, hook_loss, hook_dropout};
  }
}

template <typename T>
void Network<T>::hook_activate(void* self, int l, long c0, long cols) {
  auto& net = *static_cast<Network*>(self);
  const int out = net.arch_.fan_out(l);
  activate(net.arch_.activations[l], net.Z_[l].block(0, c0, out, cols).array(),
           net.A_[l].block(0, c0, out, cols).array());
}

template <typename T>
void Network<T>::hook_derivative(void* self, int l, long c0, long cols) {
  auto& net = *static_cast<Network*>(self);
  const int out = net.arch_.fan_out(l);
  auto g = net.S_.block(0, c0, out, cols);
  derivative(net.arch_.activations[l], net.Z_[l].block(0, c0, out, cols).array(),
             net.A_[l].block(0, c0, out, cols).array(), g.array());
  net.D_[l].block(0, c0, out, cols).array() *= g.array();
}

template <typename T>
void Network<T>::hook_softmax(void* self, int l, long c0, long cols) {
  auto& net = *static_cast<Network*>(self);
  const int out = net.arch_.fan_out(l);
  output_activate(OutAct::softmax, net.Z_[l].middleCols(c0, cols), net.A_[l].topRows(out).middleCols(c0, cols));
}

template <typename T>
double Network<T>::hook_loss(void* self) {
  auto& net = *static_cast<Network*>(self);
  const int L = net.layers(), K = net.arch_.outputs;
  const Eigen::Index n = net.n_;
  auto zL = net.Z_[L - 1].topLeftCorner(K, n);
  auto yL = net.A_[L - 1].topLeftCorner(K, n);
  const double value = loss_value(net.hook_loss_, zL, yL, *net.hook_targets_);
  loss_gradient(net.hook_loss_, net.arch_.output, zL, yL, *net.hook_targets_, net.D_[L - 1].topLeftCorner(K, n));
  return value;
}

// Dropout masks for the real samples [c0, c1) of hidden layer l, row by row (the order the
// RNG is drawn in is part of the result); padded lanes [c1, ce) get mask 0.
template <typename T>
void Network<T>::hook_dropout(void* self, int l, long c0, long c1, long ce) {
  auto& net = *static_cast<Network*>(self);
  const int out = net.arch_.fan_out(l);
  if (net.M_[l].cols() < net.ld_) {  // first dropout pass at this capacity
    net.M_[l].resize(out, net.ld_);
    net.AM_[l].resize(out + 1, net.ld_);
    net.AM_[l].row(out).setOnes();
    if constexpr (std::is_same_v<T, float>) {
      net.lviews_[l].M = net.M_[l].data();
      net.lviews_[l].AM = net.AM_[l].data();
    }
  }
  const T keep_scale = T(1.0 / (1.0 - net.hook_dropout_));
  for (int r = 0; r < out; ++r) {
    T* m = net.M_[l].row(r).data();
    T* am = net.AM_[l].row(r).data();
    const T* ar = net.A_[l].row(r).data();
    for (long j = c0; j < c1; ++j) {
      m[j] = net.hook_rng_->uniform() < net.hook_dropout_ ? T(0) : keep_scale;
      am[j] = ar[j] * m[j];
    }
    for (long j = c1; j < ce; ++j) m[j] = am[j] = T(0);
  }
}

template <typename T>
void Network<T>::materialize_a(int l) const {
  if constexpr (std::is_same_v<T, float>) {
    view_.params = const_cast<float*>(params_.data());
    kernels::active().materialize_a(view_, l);
  }
  else (void)l;
}

template <typename T>
void Network<T>::materialize_z(int l) const {
  if constexpr (std::is_same_v<T, float>) {
    view_.params = const_cast<float*>(params_.data());
    kernels::active().materialize_z(view_, l);
  }
  else z_ready_[l] = 1;  // the Eigen path keeps every z
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
    return kernels::active().finite(params_.data(), long(params_.size()));
  } else {
    return params_.allFinite();
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace nn
