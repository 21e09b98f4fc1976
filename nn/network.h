// nn/network.h — a multilayer perceptron with batched forward and backward passes.
//
// Layer l maps a_{l−1} (in × n) to a_l (out × n):  z_l = W_l a_{l−1} + b_l,  a_l = g_l(z_l).
// Backward runs from the output layer back:  δ_L = ∂L/∂z_L (from the loss),
//   ∂L/∂W_l = δ_l a_{l−1}ᵀ,  ∂L/∂b_l = Σ_columns δ_l,  δ_{l−1} = (W_lᵀ δ_l) ⊙ g'_{l−1}(z_{l−1}).
//
// Every parameter lives in one flat vector (per layer: W column-major, then b), so an optimizer
// update is one vectorized pass and a snapshot is one copy. W(l) and b(l) are Eigen::Maps into
// it. Workspaces are sized for a batch capacity once; forward/backward never allocate.
// This is not a general tensor library: an MLP is all Descent needs, and all it has.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "nn/activation.h"
#include "nn/common.h"
#include "nn/loss.h"

namespace nn {

struct Architecture {
  int inputs = 2;
  std::vector<int> hidden;       // neurons per hidden layer
  std::vector<Act> activations;  // one per hidden layer
  int outputs = 1;
  OutAct output = OutAct::tanh;

  int layers() const { return static_cast<int>(hidden.size()) + 1; }  // weight layers
  int fan_in(int l) const { return l == 0 ? inputs : hidden[l - 1]; }
  int fan_out(int l) const { return l == layers() - 1 ? outputs : hidden[l]; }
  Eigen::Index parameter_count() const;
  // Throws nn::Error if sizes are out of range (0–16 hidden layers of 1–256 neurons).
  void check() const;
  bool operator==(const Architecture&) const = default;
};

template <typename T>
class Network {
 public:
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using MatMap = Eigen::Map<Mat>;
  using ConstMatMap = Eigen::Map<const Mat>;
  using VecMap = Eigen::Map<Vec>;
  using ConstVecMap = Eigen::Map<const Vec>;

  explicit Network(const Architecture& arch);
  Network(const Network& o);
  Network& operator=(const Network& o);

  const Architecture& arch() const { return arch_; }
  int layers() const { return arch_.layers(); }

  // Parameters and their gradients, flat (see the file comment for the layout).
  Vec& params() { return params_; }
  const Vec& params() const { return params_; }
  Vec& grads() { return grads_; }
  const Vec& grads() const { return grads_; }

  MatMap W(int l) { return {params_.data() + w_off_[l], arch_.fan_out(l), arch_.fan_in(l)}; }   // (out, in)
  ConstMatMap W(int l) const { return {params_.data() + w_off_[l], arch_.fan_out(l), arch_.fan_in(l)}; }
  VecMap b(int l) { return {params_.data() + b_off_[l], arch_.fan_out(l)}; }                     // (out)
  ConstVecMap b(int l) const { return {params_.data() + b_off_[l], arch_.fan_out(l)}; }
  MatMap dW(int l) { return {grads_.data() + w_off_[l], arch_.fan_out(l), arch_.fan_in(l)}; }  // (out, in)
  VecMap db(int l) { return {grads_.data() + b_off_[l], arch_.fan_out(l)}; }                    // (out)
  Eigen::Index w_offset(int l) const { return w_off_[l]; }
  Eigen::Index b_offset(int l) const { return b_off_[l]; }

  // Size the workspaces for batches of up to n columns. The only place that allocates.
  void reserve(Eigen::Index n);
  Eigen::Index capacity() const { return cap_; }

  // Forward pass over X (inputs × n), n ≤ capacity (reserve() is called if not). With
  // dropout p > 0 and an rng, hidden units are dropped with probability p and the rest scaled
  // by 1/(1−p) (inverted dropout); with rng == nullptr dropout is off (evaluation).
  void forward(const Eigen::Ref<const Mat>& X, double dropout = 0.0, Rng* rng = nullptr);
  // The output activations (outputs × n) and pre-activations of the last forward pass.
  auto output() const { return A_.back().leftCols(n_); }
  auto output_z() const { return Z_.back().leftCols(n_); }
  // Hidden/output activations of layer l (fan_out(l) × n) of the last forward pass (unmasked).
  auto activations(int l) const { return A_[l].leftCols(n_); }
  auto pre_activations(int l) const { return Z_[l].leftCols(n_); }

  // Backward pass for the last forward pass: grads() = ∂(data loss)/∂params. Returns the
  // data loss. `targets` is outputs × n.
  double backward(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets, Loss loss);

  // Penalty on weights (not biases): l1 Σ|w| + l2 ½ Σ w², and its gradient added to grads().
  double penalty(double l1, double l2) const;
  void add_penalty_gradient(double l1, double l2);

  bool finite() const { return params_.allFinite(); }

 private:
  void layout();

  Architecture arch_;
  std::vector<Eigen::Index> w_off_, b_off_;
  Vec params_;  // (P)
  Vec grads_;   // (P)

  Eigen::Index cap_ = 0;  // workspace columns
  Eigen::Index n_ = 0;    // columns of the last forward pass
  bool dropped_ = false;  // did the last forward pass use dropout masks
  std::vector<Mat> Z_;    // per layer (fan_out, cap): pre-activations
  std::vector<Mat> A_;    // per layer (fan_out, cap): activations (before dropout)
  std::vector<Mat> M_;    // per hidden layer (fan_out, cap): dropout mask × 1/(1−p)
  std::vector<Mat> AM_;   // per hidden layer (fan_out, cap): A ⊙ M, fed forward when dropping
  std::vector<Mat> D_;    // per layer (fan_out, cap): δ = ∂L/∂z
  Mat S_;                 // (widest hidden, cap): scratch for g'(z)
};

extern template class Network<float>;
extern template class Network<double>;

}  // namespace nn
