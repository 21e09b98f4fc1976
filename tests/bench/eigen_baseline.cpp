// tests/bench/eigen_baseline.cpp — the yardstick of issue 4: "a plain Eigen prototype (dynamic
// sizes, .array().tanh(), batched products, no allocation, -O3 -march=native)", written here so
// that it runs on the same machine, in the same process, on the same data as Descent's engine.
//
// The issue quotes this prototype's figures from the machine its targets were set on (19 M
// sample-steps/s on playground_default, 4.9 M on playground_heavy, 128 GFLOP/s full-batch SGD on
// the large network, 38 ms for grid_512). The ratio "here / there" of this yardstick says how
// this machine compares on exactly this work, and "Descent / yardstick" what the engine adds.
//
// What it is: an MLP with tanh hidden units trained by plain SGD, forward / backward / update
// as textbook Eigen expressions over column batches, workspaces sized once. What it is not:
// Descent's engine (no SIMD layout of its own, no fused kernels, no per-epoch evaluation, no
// divergence checks) — the cases below are "train only", as the prototype was.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <vector>

#include "nn/experiment.h"
#include "nn/session.h"
#include "tests/bench/cases.h"

namespace {

using Eigen::Index;
using Eigen::MatrixXf;
using Eigen::VectorXf;

// Output unit and loss of the two recipes the cases use.
enum class Head { tanh_half_squared, sigmoid_bce };

class PlainMlp {
 public:
  PlainMlp(const nn::Network<float>& init, Head head, Index batch) : head_(head) {
    const int L = init.layers();
    for (int l = 0; l < L; ++l) {
      W_.push_back(init.W(l));  // (out, in)
      b_.push_back(init.b(l));  // (out)
      dW_.emplace_back(W_.back().rows(), W_.back().cols());
      db_.emplace_back(b_.back().size());
      Z_.emplace_back(W_.back().rows(), batch);  // (out, batch)
      A_.emplace_back(W_.back().rows(), batch);
      D_.emplace_back(W_.back().rows(), batch);
    }
  }

  // One SGD step on the columns of X (in, m) with targets T (1, m).
  void step(const Eigen::Ref<const MatrixXf>& X, const Eigen::Ref<const MatrixXf>& T, float lr) {
    const Index m = X.cols();
    forward(X);
    const int L = int(W_.size());
    auto y = A_[L - 1].leftCols(m);
    auto d = D_[L - 1].leftCols(m);
    if (head_ == Head::tanh_half_squared)
      d.array() = (y - T).array() * (1.0f - y.array().square()) / float(m);
    else
      d = (y - T) / float(m);
    for (int l = L - 1; l >= 0; --l) {
      const auto in = l == 0 ? X : A_[l - 1].leftCols(m);
      dW_[l].noalias() = D_[l].leftCols(m) * in.transpose();
      db_[l] = D_[l].leftCols(m).rowwise().sum();
      if (l > 0) {
        D_[l - 1].leftCols(m).noalias() = W_[l].transpose() * D_[l].leftCols(m);
        D_[l - 1].leftCols(m).array() *= 1.0f - A_[l - 1].leftCols(m).array().square();
      }
    }
    for (int l = 0; l < L; ++l) {
      W_[l] -= lr * dW_[l];
      b_[l] -= lr * db_[l];
    }
  }

  void forward(const Eigen::Ref<const MatrixXf>& X) {
    const Index m = X.cols();
    const int L = int(W_.size());
    for (int l = 0; l < L; ++l) {
      auto z = Z_[l].leftCols(m);
      if (l == 0) z.noalias() = W_[0] * X;
      else z.noalias() = W_[l] * A_[l - 1].leftCols(m);
      z.colwise() += b_[l];
      if (l < L - 1 || head_ == Head::tanh_half_squared) A_[l].leftCols(m).array() = z.array().tanh();
      else A_[l].leftCols(m).array() = 1.0f / (1.0f + (-z.array()).exp());
    }
  }

  const MatrixXf& output() const { return A_.back(); }

 private:
  Head head_;
  std::vector<MatrixXf> W_, dW_, Z_, A_, D_;  // per layer: (out, in) and (out, batch)
  std::vector<VectorXf> b_, db_;              // per layer: (out)
};

// Train-only epochs of the yardstick on a case's own data and initial weights.
void baseline_train(benchmark::State& state, nn::Experiment (*make)(), Head head) {
  const nn::Experiment e = make();
  const nn::Session s(e);  // data in network space, initial weights from the seed
  const MatrixXf& X = s.train_inputs();
  const MatrixXf& T = s.train_targets();
  const Index n = X.cols(), b = s.batch_size();
  PlainMlp mlp(s.network(), head, b);
  const float lr = float(e.training.optimizer.lr);
  auto epoch = [&] {
    for (Index start = 0; start < n; start += b) {
      const Index m = std::min(b, n - start);
      mlp.step(X.middleCols(start, m), T.middleCols(start, m), lr);
    }
  };
  epoch();  // warm-up
  for (auto _ : state) {
    epoch();
    benchmark::DoNotOptimize(mlp.output()(0, 0));
  }
  const double sample_steps = double(state.iterations()) * double(n);
  const double flops = sample_steps * 3.0 * 2.0 * bench::forward_macs(s.network().arch());
  state.counters["sample_steps/s"] = benchmark::Counter(sample_steps, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsRate);
}

void eigen_baseline_grid(benchmark::State& state) {
  nn::Session s(bench::large_adam_b256());
  for (int i = 0; i < 3; ++i) s.run_epoch();  // the same trained weights as grid_512
  const MatrixXf X = bench::grid_inputs(s, 512);
  PlainMlp mlp(s.network(), Head::sigmoid_bce, X.cols());
  mlp.forward(X);
  for (auto _ : state) {
    mlp.forward(X);
    benchmark::DoNotOptimize(mlp.output()(0, 0));
  }
  state.counters["ms_per_grid"] = benchmark::Counter(double(state.iterations()) * 1e-3,
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace

namespace bench {

void register_eigen_baseline() {
  benchmark::RegisterBenchmark("eigen_baseline_default", baseline_train, playground_default, Head::tanh_half_squared)
      ->Unit(benchmark::kMicrosecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("eigen_baseline_heavy", baseline_train, playground_heavy, Head::tanh_half_squared)
      ->Unit(benchmark::kMicrosecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("eigen_baseline_fullbatch_sgd", baseline_train, fullbatch_10k, Head::sigmoid_bce)
      ->Unit(benchmark::kMillisecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("eigen_baseline_grid_512", eigen_baseline_grid)->Unit(benchmark::kMillisecond)->MinTime(0.5);
}

}  // namespace bench
