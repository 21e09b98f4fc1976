// nn/inspect.h — one training sample's forward and backward pass, in double precision, with
// every intermediate number: what the backpropagation inspector shows step by step.
//
//   forward   z_l = W_l a_{l−1} + b_l,  a_l = g_l(z_l)        (a_0 = x, the sample's features)
//   loss      L = the experiment's loss of this one sample
//   backward  δ_L = ∂L/∂z_L (from the loss);  δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ g′_l(z_l)
//             ∂L/∂W_l = δ_l a_{l−1}ᵀ,  ∂L/∂b_l = δ_l
//   update    what the run's optimizer would do to each weight if this sample were the next
//             batch: a step of a *copy* of its state (momentum, Adam moments, step count), with
//             the L1/L2 penalty gradient added as Session::step adds it. Nothing in the run changes.
//
// The pass is written out here, layer by layer, rather than taken from Network: it is the
// reference the inspector's numbers are checked by (tests/test_inspect.cpp compares it with
// Network<double>'s batched backward pass and with finite differences).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "nn/loss.h"
#include "nn/network.h"
#include "nn/optimizer.h"

namespace nn {

class Session;

// One weight layer of the pass. Sizes: z, a, delta, db, b_update (fan_out);
// dW, W_update (fan_out × fan_in).
struct SampleLayer {
  Eigen::VectorXd z;         // pre-activation W a_prev + b
  Eigen::VectorXd a;         // activation g(z) (the output activation for the last layer)
  Eigen::VectorXd delta;     // ∂L/∂z
  Eigen::MatrixXd dW;        // ∂L/∂W = δ a_prevᵀ (data loss only)
  Eigen::VectorXd db;        // ∂L/∂b = δ
  Eigen::MatrixXd W_update;  // ΔW the optimizer would apply (new W − W); empty without one
  Eigen::VectorXd b_update;  // Δb likewise
};

struct SamplePass {
  int index = -1;            // training point (column of Session::train_inputs())
  Eigen::VectorXd x;         // the network's input: the enabled features of the point
  Eigen::VectorXd target;    // in the output's range (±1 / 0–1 / one-hot / value)
  double loss = 0.0;         // data loss of this one sample
  double lr = 0.0;           // learning rate the update was computed with
  std::vector<SampleLayer> layers;
};

// What the update stage needs: the optimizer (copied, never stepped itself), the rate in force,
// and the penalties that Session::step adds to the gradient.
struct UpdateContext {
  const Optimizer<float>* optimizer = nullptr;  // null: no update stage
  double lr = 0.0;
  double l1 = 0.0;
  double l2 = 0.0;
};

// The pass of input x (inputs) with target t (outputs) through a network of architecture
// `arch` and flat parameters `params` (Network layout).
SamplePass inspect_pass(const Architecture& arch, const Eigen::VectorXd& params, const Eigen::VectorXd& x,
                        const Eigen::VectorXd& t, Loss loss, const UpdateContext& update = {});

// Training point `index` of a Session with its current weights and optimizer state.
// Throws nn::Error naming the valid range when the index is out of range.
SamplePass inspect_sample(const Session& s, int index);

}  // namespace nn
