// Finite-difference check of the whole network's gradient, in double precision, for every
// hidden activation × output activation × loss pair that makes sense, with and without L1/L2.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "nn/network.h"

using nn::Act;
using nn::Loss;
using nn::OutAct;
using Net = nn::Network<double>;

namespace {

// Targets that suit the loss: one-hot for cross-entropy, 0/1 for BCE, anything for squares.
Eigen::MatrixXd make_targets(Loss loss, int K, int n, nn::Rng& rng) {
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(K, n);
  for (int j = 0; j < n; ++j) {
    if (loss == Loss::cross_entropy) T(static_cast<int>(rng.below(K)), j) = 1.0;
    else if (loss == Loss::binary_cross_entropy) for (int k = 0; k < K; ++k) T(k, j) = rng.below(2);
    else for (int k = 0; k < K; ++k) T(k, j) = rng.uniform(-1.0, 1.0);
  }
  return T;
}

double total_loss(Net& net, const Eigen::MatrixXd& X, const Eigen::MatrixXd& T, Loss loss, double l1, double l2) {
  net.forward(X);
  return nn::loss_value(loss, net.output_z(), net.output(), T) + net.penalty(l1, l2);
}

// ∂f/∂θ_i by the five-point central stencil (error O(h⁴)), h = 1e-4: accurate to ~1e-11
// relative even for e^z activations, whose higher derivatives defeat a plain central difference.
template <typename F>
double numeric_derivative(Net& net, Eigen::Index i, F&& f) {
  const double w0 = net.params()(i), h = 1e-4;
  auto at = [&](double d) {
    net.params()(i) = w0 + d;
    return f();
  };
  const double v = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
  net.params()(i) = w0;
  return v;
}

// max over parameters of |analytic − numeric| / max(|analytic|, |numeric|, 1e-3): relative
// error, floored so that gradients near zero are compared absolutely (at the 1e-9 level).
double max_relative_error(Act act, OutAct out, Loss loss, double l1, double l2) {
  nn::Rng rng(42 + static_cast<int>(act) * 7 + static_cast<int>(out) * 3 + static_cast<int>(loss));
  nn::Architecture a;
  a.inputs = 3;
  a.hidden = {4, 3};
  a.activations = {act, act};
  a.outputs = out == OutAct::softmax ? 3 : 2;
  a.output = out;
  Net net(a);
  const int n = 5;
  Eigen::MatrixXd X(3, n);
  // Draw until no hidden pre-activation sits within 0.01 of 0: the stencil below reaches
  // ±2e-4 and must not straddle the kink of relu / leaky relu / elu.
  for (bool clear = false; !clear;) {
    for (Eigen::Index i = 0; i < net.params().size(); ++i) {
      double w = rng.normal(0.0, 0.6);
      if (std::abs(w) < 0.05) w += w < 0 ? -0.05 : 0.05;  // keep |w| off L1's kink at 0
      net.params()(i) = w;
    }
    for (int i = 0; i < X.size(); ++i) X.data()[i] = rng.uniform(-1.5, 1.5);
    net.forward(X);
    clear = true;
    for (int l = 0; l + 1 < net.layers(); ++l) clear = clear && net.pre_activations(l).cwiseAbs().minCoeff() > 0.01;
  }
  const Eigen::MatrixXd T = make_targets(loss, a.outputs, n, rng);

  net.forward(X);
  net.backward(X, T, loss);
  net.add_penalty_gradient(l1, l2);
  const Eigen::VectorXd analytic = net.grads();

  double worst = 0.0;
  for (Eigen::Index i = 0; i < net.params().size(); ++i) {
    const double numeric = numeric_derivative(net, i, [&] { return total_loss(net, X, T, loss, l1, l2); });
    const double denom = std::max({std::abs(analytic(i)), std::abs(numeric), 1e-3});
    worst = std::max(worst, std::abs(analytic(i) - numeric) / denom);
  }
  return worst;
}

}  // namespace

TEST_CASE("gradient matches finite differences for every activation, output, loss, regularizer") {
  int checked = 0;
  for (const auto& act : nn::kActivations) {
    for (const auto& out : nn::kOutputs) {
      for (const auto& loss : nn::kLosses) {
        if (!nn::compatible(out.id, loss.id)) continue;
        for (auto [l1, l2] : {std::pair{0.0, 0.0}, std::pair{0.01, 0.0}, std::pair{0.0, 0.03}, std::pair{0.02, 0.05}}) {
          INFO(act.name << " / " << out.name << " / " << loss.name << " / l1=" << l1 << " l2=" << l2);
          CHECK(max_relative_error(act.id, out.id, loss.id, l1, l2) < 1e-6);
          ++checked;
        }
      }
    }
  }
  // 8 activations × (3 outputs × 2 square losses + BCE + CE = 8 pairs) × 4 regularizers
  CHECK(checked == 8 * 8 * 4);
}

TEST_CASE("gradient check holds for a network without hidden layers and for a deep one") {
  for (int depth : {0, 6}) {
    nn::Architecture a;
    a.inputs = 2;
    a.hidden.assign(depth, 3);
    a.activations.assign(depth, Act::tanh);
    a.outputs = 1;
    a.output = OutAct::sigmoid;
    Net net(a);
    nn::Rng rng(9);
    for (Eigen::Index i = 0; i < net.params().size(); ++i) net.params()(i) = rng.normal(0.0, 0.8);
    Eigen::MatrixXd X = Eigen::MatrixXd::Random(2, 4);
    Eigen::MatrixXd T(1, 4);
    T << 0, 1, 1, 0;
    net.forward(X);
    net.backward(X, T, Loss::binary_cross_entropy);
    const Eigen::VectorXd g = net.grads();
    for (Eigen::Index i = 0; i < net.params().size(); ++i) {
      const double numeric =
          numeric_derivative(net, i, [&] { return total_loss(net, X, T, Loss::binary_cross_entropy, 0, 0); });
      INFO("depth " << depth << " parameter " << i);
      CHECK(std::abs(g(i) - numeric) / std::max({std::abs(g(i)), std::abs(numeric), 1e-3}) < 1e-6);
    }
  }
}

TEST_CASE("dropout: masks scale kept units by 1/(1-p) and are off at evaluation") {
  nn::Architecture a;
  a.inputs = 2;
  a.hidden = {64};
  a.activations = {Act::linear};
  a.outputs = 1;
  a.output = OutAct::linear;
  Net net(a);
  net.params().setConstant(1.0);
  Eigen::MatrixXd X = Eigen::MatrixXd::Ones(2, 1);
  net.forward(X);  // evaluation: each hidden unit = 2 + 1 = 3; output = 64·3 + 1
  CHECK(net.output()(0, 0) == Approx(64 * 3 + 1));
  nn::Rng rng(3);
  net.forward(X, 0.5, &rng);
  // kept units are 3 / (1 − 0.5) = 6, so the output is 6·kept + 1 with 0 < kept < 64
  const double kept = (net.output()(0, 0) - 1) / 6.0;
  CHECK(kept == Approx(std::round(kept)));
  CHECK(kept > 10);
  CHECK(kept < 54);
}
