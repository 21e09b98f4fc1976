// The float path of Network (nn/fast_kernels.h: the batch in SIMD lanes, approximate tanh/exp)
// against the double path (plain Eigen, checked by test_gradients against finite differences):
// same weights and data, outputs and gradients must agree to float precision for every
// activation, output, loss, batch size around the vector width, and with dropout.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "nn/network.h"

using nn::Act;
using nn::Loss;
using nn::OutAct;

namespace {

struct Case {
  std::vector<int> hidden;
  Act act;
  OutAct out;
  Loss loss;
  int outputs;
  int inputs;
};

// max |a − b| / max(|b|∞, floor) over the whole array.
template <typename A, typename B>
double scaled_error(const A& a, const B& b, double floor = 1e-3) {
  const Eigen::MatrixXd ad = a.template cast<double>(), bd = b.template cast<double>();
  const double scale = std::max(bd.cwiseAbs().maxCoeff(), floor);
  return (ad - bd).cwiseAbs().maxCoeff() / scale;
}

void compare(const Case& c, int n, double dropout, uint64_t seed) {
  nn::Architecture a;
  a.inputs = c.inputs;
  a.hidden = c.hidden;
  a.activations.assign(c.hidden.size(), c.act);
  a.outputs = c.outputs;
  a.output = c.out;
  nn::Network<double> nd(a);
  nn::Network<float> nf(a);
  nn::Rng rng(seed);
  // e^z units: small weights, or e^(e^z) overflows float (and only float) on the way.
  const double sd = c.act == Act::exp ? 0.25 : 0.7;
  for (Eigen::Index i = 0; i < nd.params().size(); ++i) nd.params()(i) = rng.normal(0.0, sd);
  nf.params() = nd.params().cast<float>();
  nd.params() = nf.params().cast<double>();  // identical starting weights
  Eigen::MatrixXf X(a.inputs, n);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = float(rng.uniform(-2.0, 2.0));
  Eigen::MatrixXf T = Eigen::MatrixXf::Zero(a.outputs, n);
  for (int j = 0; j < n; ++j) {
    if (c.loss == Loss::cross_entropy) T(int(rng.below(a.outputs)), j) = 1.f;
    else if (c.loss == Loss::binary_cross_entropy) for (int k = 0; k < a.outputs; ++k) T(k, j) = float(rng.below(2));
    else for (int k = 0; k < a.outputs; ++k) T(k, j) = float(rng.uniform(-1.0, 1.0));
  }
  const Eigen::MatrixXd Xd = X.cast<double>(), Td = T.cast<double>();

  nn::Rng rf(seed + 1), rd(seed + 1);
  nf.forward(X, dropout, dropout > 0 ? &rf : nullptr);
  nd.forward(Xd, dropout, dropout > 0 ? &rd : nullptr);
  CHECK(scaled_error(nf.output(), nd.output()) < 2e-5);
  CHECK(scaled_error(nf.output_z(), nd.output_z()) < 2e-5);
  for (int l = 0; l < nf.layers(); ++l) {
    INFO("layer " << l);
    CHECK(scaled_error(nf.activations(l), nd.activations(l)) < 2e-5);
  }
  const double lf = nf.backward(X, T, c.loss);
  const double ld = nd.backward(Xd, Td, c.loss);
  CHECK(std::abs(lf - ld) <= 2e-5 * std::max(1.0, std::abs(ld)));
  for (int l = 0; l < nf.layers(); ++l) {
    INFO("layer " << l);
    const auto gf = nf.grads().segment(nf.w_offset(l), nf.b_offset(l) + a.fan_out(l) - nf.w_offset(l));
    const auto gd = nd.grads().segment(nd.w_offset(l), nd.b_offset(l) + a.fan_out(l) - nd.w_offset(l));
    // 1 − a² for a saturated tanh unit (a ≈ ±1) cancels: float's 6e-8 on a becomes ~1e-4
    // relative on g' — the same in any float implementation, so compare at 1e-3.
    CHECK(scaled_error(gf, gd) < 1e-3);
  }
  // Pre-activations of hidden layers are computed on request (float) and still agree.
  for (int l = 0; l + 1 < nf.layers(); ++l) {
    INFO("pre-activations of layer " << l);
    CHECK(scaled_error(nf.pre_activations(l), nd.pre_activations(l)) < 2e-5);
  }
}

}  // namespace

TEST_CASE("float network (SIMD lanes) matches the double reference: outputs, loss, gradients") {
  const std::vector<Case> cases = {
      {{4, 2}, Act::tanh, OutAct::tanh, Loss::half_squared_error, 1, 2},
      {{8, 8, 8, 8, 8, 8}, Act::tanh, OutAct::tanh, Loss::half_squared_error, 1, 7},
      {{64, 64, 64}, Act::tanh, OutAct::sigmoid, Loss::binary_cross_entropy, 1, 2},
      {{5, 3}, Act::sigmoid, OutAct::linear, Loss::mse, 1, 3},
      {{6, 7}, Act::relu, OutAct::sigmoid, Loss::mse, 1, 2},
      {{9}, Act::leaky_relu, OutAct::tanh, Loss::mse, 1, 4},
      {{5, 5}, Act::elu, OutAct::linear, Loss::half_squared_error, 1, 2},
      {{6}, Act::softplus, OutAct::sigmoid, Loss::binary_cross_entropy, 1, 2},
      {{3, 4}, Act::exp, OutAct::linear, Loss::mse, 1, 2},
      {{4}, Act::linear, OutAct::tanh, Loss::half_squared_error, 1, 2},
      {{10, 6}, Act::tanh, OutAct::softmax, Loss::cross_entropy, 3, 2},
      {{7}, Act::relu, OutAct::sigmoid, Loss::binary_cross_entropy, 2, 2},
      {{5}, Act::tanh, OutAct::linear, Loss::mse, 3, 2},
      {{}, Act::tanh, OutAct::sigmoid, Loss::binary_cross_entropy, 1, 2},
      {{37, 5, 19}, Act::tanh, OutAct::tanh, Loss::half_squared_error, 1, 5},
  };
  uint64_t seed = 1;
  for (const Case& c : cases) {
    for (int n : {1, 10, 15, 16, 17, 33, 64, 100, 256, 300, 1000, 1040, 2100}) {
      for (double p : {0.0, 0.3}) {
        if (p > 0 && (c.hidden.empty() || n > 256)) continue;  // mask order: one chunk of 256
        INFO("hidden " << c.hidden.size() << " act " << nn::name(c.act) << " out " << nn::name(c.out) << " loss "
                       << nn::name(c.loss) << " n " << n << " dropout " << p);
        compare(c, n, p, ++seed);
      }
    }
  }
}

TEST_CASE("float network: a sample's output does not depend on its batch or position") {
  nn::Architecture a;
  a.inputs = 3;
  a.hidden = {12, 7};
  a.activations = {Act::tanh, Act::relu};
  a.outputs = 1;
  a.output = OutAct::sigmoid;
  nn::Network<float> net(a);
  nn::Rng rng(5);
  for (Eigen::Index i = 0; i < net.params().size(); ++i) net.params()(i) = float(rng.normal(0.0, 0.7));
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(3, 700);
  net.forward(X);
  const Eigen::MatrixXf all = net.output();
  for (int j : {0, 5, 16, 255, 256, 699}) {
    net.forward(X.col(j));
    CHECK(net.output()(0, 0) == all(0, j));  // bit for bit
  }
  net.forward(X.middleCols(250, 20));
  for (int j = 0; j < 20; ++j) CHECK(net.output()(0, j) == all(0, 250 + j));
}

TEST_CASE("float network: big passes — output-only evaluation and the repeated-pass shortcut") {
  nn::Architecture a;
  a.inputs = 2;
  a.hidden = {16, 9};
  a.activations = {Act::tanh, Act::relu};
  a.outputs = 1;
  a.output = OutAct::sigmoid;
  nn::Network<float> big(a), ref(a);
  nn::Rng rng(11);
  for (Eigen::Index i = 0; i < big.params().size(); ++i) big.params()(i) = float(rng.normal(0.0, 0.7));
  ref.params() = big.params();
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(2, 40000);  // ≥ the lazy threshold
  big.forward(X);
  // Hidden activations (computed on request) and outputs equal small-batch passes bit for bit.
  for (int j : {0, 17, 20000, 39999}) {
    ref.forward(X.col(j));
    CHECK(big.output()(0, j) == ref.output()(0, 0));
    for (int l = 0; l < 2; ++l)
      for (int u = 0; u < a.hidden[l]; ++u) CHECK(big.activations(l)(u, j) == ref.activations(l)(u, 0));
    CHECK(big.pre_activations(1)(3, j) == ref.pre_activations(1)(3, 0));
  }
  // A backward pass after a lazy forward pass still sees every activation.
  Eigen::MatrixXf T = Eigen::MatrixXf::Ones(1, 40000);
  big.forward(X);
  big.backward(X, T, Loss::binary_cross_entropy);
  const Eigen::VectorXf g1 = big.grads();
  nn::Network<float> again(a);
  again.params() = big.params();
  again.forward(X);
  (void)again.activations(1);
  again.backward(X, T, Loss::binary_cross_entropy);
  CHECK(again.grads() == g1);

  // Repeated pass: same inputs, same weights → results reused; any change → recomputed.
  Eigen::MatrixXf Y = Eigen::MatrixXf::Random(2, 3000);
  nn::Network<float> m(a);
  m.params() = big.params();
  m.forward(Y);
  const Eigen::MatrixXf y1 = m.output();
  m.forward(Y);
  CHECK(m.output() == y1);
  Y(1, 1234) += 0.5f;  // same buffer, new contents
  m.forward(Y);
  ref.forward(Y.col(1234));
  CHECK(m.output()(0, 1234) == ref.output()(0, 0));
  m.params()(3) += 0.25f;  // new weights
  m.forward(Y);
  ref.params() = m.params();
  ref.forward(Y.col(7));
  CHECK(m.output()(0, 7) == ref.output()(0, 0));
}
