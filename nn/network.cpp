// nn/network.cpp — MLP forward/backward (see network.h for the math and the layout).
#include "nn/network.h"

#include <algorithm>
#include <string>

namespace nn {

Eigen::Index Architecture::parameter_count() const {
  Eigen::Index p = 0;
  for (int l = 0; l < layers(); ++l) p += Eigen::Index(fan_out(l)) * (fan_in(l) + 1);
  return p;
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
  n_ = 0;
  reserve(o.cap_);
  return *this;
}

template <typename T>
void Network<T>::layout() {
  const int L = arch_.layers();
  w_off_.resize(L);
  b_off_.resize(L);
  Eigen::Index off = 0;
  for (int l = 0; l < L; ++l) {
    w_off_[l] = off;
    off += Eigen::Index(arch_.fan_out(l)) * arch_.fan_in(l);
    b_off_[l] = off;
    off += arch_.fan_out(l);
  }
  Z_.assign(L, Mat());
  A_.assign(L, Mat());
  D_.assign(L, Mat());
  M_.assign(L - 1, Mat());
  AM_.assign(L - 1, Mat());
}

template <typename T>
void Network<T>::reserve(Eigen::Index n) {
  if (n <= cap_) return;
  cap_ = n;
  for (int l = 0; l < layers(); ++l) {
    Z_[l].resize(arch_.fan_out(l), cap_);
    A_[l].resize(arch_.fan_out(l), cap_);
    D_[l].resize(arch_.fan_out(l), cap_);
  }
  int widest = 1;
  for (int h : arch_.hidden) widest = std::max(widest, h);
  S_.resize(widest, cap_);
  // Dropout buffers are sized lazily, on the first forward pass that drops.
  for (auto& m : M_) m.resize(0, 0);
  for (auto& m : AM_) m.resize(0, 0);
}

template <typename T>
void Network<T>::forward(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng) {
  const Eigen::Index n = X.cols();
  reserve(n);
  n_ = n;
  dropped_ = dropout > 0.0 && rng != nullptr;
  const int L = layers();
  for (int l = 0; l < L; ++l) {
    auto z = Z_[l].leftCols(n);
    auto a = A_[l].leftCols(n);
    if (l == 0) z.noalias() = W(0) * X;
    else if (dropped_) z.noalias() = W(l) * AM_[l - 1].leftCols(n);
    else z.noalias() = W(l) * A_[l - 1].leftCols(n);
    z.colwise() += b(l);
    if (l == L - 1) {
      output_activate(arch_.output, z, a);
    } else {
      activate(arch_.activations[l], z.array(), a.array());
      if (dropped_) {
        if (M_[l].cols() < cap_) {  // first dropout pass at this capacity
          M_[l].resize(arch_.fan_out(l), cap_);
          AM_[l].resize(arch_.fan_out(l), cap_);
        }
        const T keep_scale = T(1.0 / (1.0 - dropout));
        auto m = M_[l].leftCols(n);
        for (Eigen::Index j = 0; j < m.size(); ++j)
          m.data()[j] = rng->uniform() < dropout ? T(0) : keep_scale;
        AM_[l].leftCols(n) = a.cwiseProduct(m);
      }
    }
  }
}

template <typename T>
double Network<T>::backward(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets,
                            Loss loss) {
  const Eigen::Index n = n_;
  const int L = layers();
  auto zL = Z_[L - 1].leftCols(n);
  auto yL = A_[L - 1].leftCols(n);
  const double value = loss_value(loss, zL, yL, targets);
  loss_gradient(loss, arch_.output, zL, yL, targets, D_[L - 1].leftCols(n));
  for (int l = L - 1; l >= 0; --l) {
    auto delta = D_[l].leftCols(n);  // (fan_out, n)
    if (l == 0) dW(0).noalias() = delta * X.transpose();
    else if (dropped_) dW(l).noalias() = delta * AM_[l - 1].leftCols(n).transpose();
    else dW(l).noalias() = delta * A_[l - 1].leftCols(n).transpose();
    db(l) = delta.rowwise().sum();
    if (l > 0) {
      auto prev = D_[l - 1].leftCols(n);  // (fan_in, n)
      prev.noalias() = W(l).transpose() * delta;
      // δ_{l−1} ⊙= g'(z_{l−1}); with dropout also ⊙= mask (a·m was what fed forward).
      auto dz = Z_[l - 1].leftCols(n).array();
      auto da = A_[l - 1].leftCols(n).array();
      const Act act = arch_.activations[l - 1];
      switch (act) {  // fused: no temporary for g'
        case Act::linear: break;
        case Act::tanh: prev.array() *= T(1) - da.square(); break;
        case Act::sigmoid: prev.array() *= da * (T(1) - da); break;
        case Act::relu: prev.array() = (dz > T(0)).select(prev.array(), T(0)); break;
        default: {  // the rarer activations: g' into the scratch buffer, then multiply
          auto g = S_.topLeftCorner(prev.rows(), n);
          derivative(act, dz, da, g.array());
          prev.array() *= g.array();
        }
      }
      if (dropped_) prev.array() *= M_[l - 1].leftCols(n).array();
    }
  }
  return value;
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

template class Network<float>;
template class Network<double>;

}  // namespace nn
