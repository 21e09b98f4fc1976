// tests/bench/cases.h — the benchmark cases of issue 4 as experiments, shared by Descent's
// engine benchmarks (descent_bench.cpp) and the plain-Eigen yardstick (eigen_baseline.cpp).
#pragma once

#include <Eigen/Core>

#include "nn/experiment.h"
#include "nn/network.h"
#include "nn/session.h"

namespace bench {

// playground_default: circle, 250 training points (train only: no test set), x1 and x2,
// hidden [4, 2] tanh, tanh output, half squared error, SGD lr 0.03, batch 10, no shuffle.
inline nn::Experiment playground_default() {
  nn::Experiment e = nn::playground_experiment();
  e.seed = 1;
  e.data.n = 250;
  e.data.train_ratio = 1.0;  // 250 training points, no test set: train only
  e.training.epochs = 0;     // unbounded
  return e;
}

// playground_heavy: spiral, all seven features, six hidden layers of 8 tanh, batch 10.
inline nn::Experiment playground_heavy() {
  nn::Experiment e = playground_default();
  e.data.generator = "spiral";
  e.features = {nn::Feature::x1,    nn::Feature::x2,     nn::Feature::x1_sq, nn::Feature::x2_sq,
                nn::Feature::x1_x2, nn::Feature::sin_x1, nn::Feature::sin_x2};
  e.network.hidden.assign(6, 8);
  e.network.activations.assign(6, nn::Act::tanh);
  return e;
}

// 10,000 points, 2 → 64 → 64 → 64 → 1, tanh hidden, sigmoid output with binary cross-entropy.
inline nn::Experiment large_network(int batch) {
  nn::Experiment e;
  e.seed = 1;
  e.data.generator = "circle";
  e.data.n = 10000;
  e.data.noise = 0.1;
  e.data.train_ratio = 1.0;
  e.features = {nn::Feature::x1, nn::Feature::x2};
  e.network.hidden = {64, 64, 64};
  e.network.activations.assign(3, nn::Act::tanh);
  e.network.output = nn::OutAct::sigmoid;
  e.network.init = nn::Init::xavier_uniform;
  e.loss = nn::Loss::binary_cross_entropy;
  e.training.batch_size = batch;
  e.training.epochs = 0;
  return e;
}

inline nn::Experiment large_adam_b256() {
  nn::Experiment e = large_network(256);
  e.training.optimizer = nn::OptimizerSpec::defaults(nn::Opt::adam);
  e.training.optimizer.lr = 1e-3;
  e.training.shuffle = true;
  return e;
}

inline nn::Experiment fullbatch_10k() {
  nn::Experiment e = large_network(0);  // 0 = full batch
  e.training.optimizer = nn::OptimizerSpec::defaults(nn::Opt::sgd);
  e.training.optimizer.lr = 0.1;
  e.training.shuffle = false;  // one batch of everything: order is irrelevant to the math
  return e;
}

// Multiply-adds of one forward pass of one example (weights only).
inline double forward_macs(const nn::Architecture& a) {
  double m = 0.0;
  for (int l = 0; l < a.layers(); ++l) m += double(a.fan_in(l)) * a.fan_out(l);
  return m;
}

// The network inputs of a side × side grid over [-6, 6]², row by row (what the output view and
// the thumbnails evaluate).
inline Eigen::MatrixXf grid_inputs(const nn::Session& s, int side) {
  const auto& feats = s.experiment().features;
  Eigen::MatrixXf X(Eigen::Index(feats.size()), Eigen::Index(side) * side);
  for (int j = 0; j < side; ++j)
    for (int i = 0; i < side; ++i) {
      const double x1 = -6.0 + 12.0 * (i + 0.5) / side, x2 = -6.0 + 12.0 * (j + 0.5) / side;
      s.features_of(x1, x2, &X(0, Eigen::Index(j) * side + i));
    }
  return X;
}

// Registers the eigen_baseline_* cases (eigen_baseline.cpp).
void register_eigen_baseline();

}  // namespace bench
