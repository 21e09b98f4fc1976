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
#include "nn/kernels.h"
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
  // The parameter layout, its one home: the flat vector holds, layer after layer, W(l)
  // column-major (out × in) and then b(l). Network, the shader upload and the views index it so.
  Eigen::Index w_offset(int l) const;  // where W(l) starts
  Eigen::Index b_offset(int l) const { return w_offset(l) + Eigen::Index(fan_out(l)) * fan_in(l); }
  Eigen::Index w_index(int l, int row, int col) const {  // W(l)(row, col)
    return w_offset(l) + Eigen::Index(col) * fan_out(l) + row;
  }
  Eigen::Index b_index(int l, int row) const { return b_offset(l) + row; }  // b(l)(row)
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
  // Workspaces are neuron-major: row = neuron, the samples of a batch along the row (see
  // nn/network_kernels.cpp). The accessors below hand out (neurons × n) blocks of them.
  using Buf = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

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
  auto output() const { return A_.back().topLeftCorner(arch_.outputs, n_); }
  auto output_z() const { return Z_.back().topLeftCorner(arch_.outputs, n_); }
  // Hidden/output activations of layer l (fan_out(l) × n) of the last forward pass (unmasked).
  // After a pass over very many points (an output field) the float path keeps only the output
  // layer; hidden activations are then computed here on first request.
  auto activations(int l) const {
    if (!a_ready_[l]) materialize_a(l);
    return A_[l].topLeftCorner(arch_.fan_out(l), n_);
  }
  // Pre-activations of layer l. The float path does not store hidden ones while training (the
  // backward pass never needs them); they are computed here on first request.
  auto pre_activations(int l) const {
    if (!z_ready_[l]) materialize_z(l);
    return Z_[l].topLeftCorner(arch_.fan_out(l), n_);
  }

  // Backward pass for the last forward pass: grads() = ∂(data loss)/∂params. Returns the
  // data loss. `targets` is outputs × n.
  double backward(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets, Loss loss);

  // Penalty on weights (not biases): l1 Σ|w| + l2 ½ Σ w², and its gradient added to grads().
  double penalty(double l1, double l2) const;
  void add_penalty_gradient(double l1, double l2);

  // Every parameter finite? (One vectorized pass: Eigen's allFinite() is a scalar loop.)
  bool finite() const;

 private:
  void layout();
  void materialize_z(int l) const;
  void materialize_a(int l) const;
  // The double path: plain Eigen expressions (the reference that test_gradients checks against
  // finite differences). The float path runs the kernels of nn/kernels.h on view_.
  void forward_eigen(const Eigen::Ref<const Mat>& X, double dropout, Rng* rng);
  double backward_eigen(const Eigen::Ref<const Mat>& X, const Eigen::Ref<const Mat>& targets, Loss loss);
  void update_view();  // view_ ← the buffers' current addresses (after layout/reserve)
  // What the float kernels leave to Eigen (kernels::Hooks).
  static void hook_activate(void* self, int l, long c0, long cols);
  static void hook_derivative(void* self, int l, long c0, long cols);
  static void hook_softmax(void* self, int l, long c0, long cols);
  static double hook_loss(void* self);
  static void hook_dropout(void* self, int l, long c0, long c1, long ce);

  Architecture arch_;
  std::vector<Eigen::Index> w_off_, b_off_;
  Vec params_;  // (P)
  Vec grads_;   // (P)

  Eigen::Index cap_ = 0;  // workspace columns asked for
  Eigen::Index ld_ = 0;   // workspace row length: cap_ rounded up to whole vectors
  Eigen::Index n_ = 0;    // columns of the last forward pass
  bool dropped_ = false;  // did the last forward pass use dropout masks
  Buf Xt_;                // (inputs + 1, ld) float path: X transposed, then a row of ones
  Buf Tt_;                // (outputs, ld) float path: targets transposed
  mutable std::vector<Buf> Z_;  // per layer (fan_out, ld): pre-activations
  mutable std::vector<Buf> A_;  // per layer (fan_out [+1 ones row for hidden], ld): activations (before dropout)
  std::vector<Buf> M_;    // per hidden layer (fan_out, ld): dropout mask × 1/(1−p)
  std::vector<Buf> AM_;   // per hidden layer (fan_out + 1, ld): A ⊙ M, fed forward when dropping
  std::vector<Buf> D_;    // per layer (fan_out, ld): δ = ∂L/∂z
  Buf S_;                 // (widest hidden, ld): scratch for g'(z)
  mutable std::vector<char> z_ready_;  // per layer: Z_ holds the last forward pass's z
  mutable std::vector<char> a_ready_;  // per layer: A_ holds the last forward pass's activations
  std::vector<Buf> scratch_;   // per hidden layer (fan_out, one chunk): lazy passes' activations
  Vec memo_params_;            // (P) weights of the last big forward pass (float path)
  bool memo_valid_ = false;    // double path: unused
  // Float path: the buffers as the kernels see them, and what backward's hooks need.
  mutable std::vector<kernels::LayerView> lviews_;
  mutable kernels::NetView view_;
  const Eigen::Ref<const Mat>* hook_targets_ = nullptr;
  Loss hook_loss_ = Loss::mse;
  double hook_dropout_ = 0.0;
  Rng* hook_rng_ = nullptr;
};

extern template class Network<float>;
extern template class Network<double>;

}  // namespace nn
