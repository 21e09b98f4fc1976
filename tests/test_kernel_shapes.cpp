// The kernel builds with fused multiply-adds (avx2, avx512, neon) agree bit for bit on every
// code path of nn/network_kernels.cpp, not only on the presets' shapes: layer widths that leave
// every remainder of each target's register tiles (1-7 rows past a tile, 6-row AVX2 tiles, 4-row
// AVX-512 ones), batches that pick each dW form (1-2 vectors: rows4, rows8, transposed, flat;
// more: 4×4 tiles, accumulated over the 1024-sample chunks of a big batch) and a forward pass
// big enough to keep hidden activations chunk by chunk.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "nn/kernels.h"
#include "nn/network.h"
#include "nn/common.h"

namespace {

struct Shape {
  std::vector<int> hidden;
  nn::Act act;
  int outputs;
  nn::OutAct out;
  nn::Loss loss;
};

// Output, loss and gradients of one forward + backward pass, as raw bits.
std::vector<float> pass(const Shape& s, int n, const std::string& kernels) {
  REQUIRE(nn::kernels::select(kernels));
  nn::Architecture a;
  a.inputs = 3;
  a.hidden = s.hidden;
  a.activations.assign(s.hidden.size(), s.act);
  a.outputs = s.outputs;
  a.output = s.out;
  nn::Network<float> net(a);
  nn::Rng rng(7);
  for (Eigen::Index i = 0; i < net.params().size(); ++i) net.params()(i) = float(rng.normal(0.0, 0.6));
  Eigen::MatrixXf X(a.inputs, n), T(a.outputs, n);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = float(rng.uniform(-2.0, 2.0));
  for (Eigen::Index i = 0; i < T.size(); ++i) T.data()[i] = float(rng.uniform(0.0, 1.0));
  net.forward(X);
  std::vector<float> out(net.output().data(), net.output().data() + net.output().size());
  out.push_back(float(net.backward(X, T, s.loss)));
  out.insert(out.end(), net.grads().data(), net.grads().data() + net.grads().size());
  return out;
}

}  // namespace

TEST_CASE("kernels: builds with fused multiply-adds agree bit for bit on every tile and dW path") {
  const std::string before = nn::kernels::active().name;
  std::vector<std::string> fma;
  for (const auto& k : nn::kernels::available())
    if (k != "generic") fma.push_back(k);
  if (fma.size() < 2) {
    SUCCEED("one FMA build runs on this CPU: nothing to compare");
    return;
  }
  using nn::Act, nn::OutAct, nn::Loss;
  const Shape shapes[] = {
      {{5, 13}, Act::tanh, 1, OutAct::tanh, Loss::half_squared_error},
      {{8, 3}, Act::relu, 1, OutAct::sigmoid, Loss::binary_cross_entropy},
      {{17, 9, 6}, Act::sigmoid, 1, OutAct::linear, Loss::mse},
      {{64, 7, 11}, Act::leaky_relu, 3, OutAct::linear, Loss::mse},
      {{1, 2}, Act::elu, 2, OutAct::softmax, Loss::cross_entropy},
      {{20, 15}, Act::tanh, 4, OutAct::tanh, Loss::mse},
  };
  for (const Shape& s : shapes)
    for (int n : {1, 10, 16, 17, 40, 1100, 17000}) {
      const auto ref = pass(s, n, fma[0]);
      for (size_t i = 1; i < fma.size(); ++i) {
        INFO("hidden " << s.hidden.size() << " first " << s.hidden[0] << ", n " << n << ": " << fma[0] << " vs " << fma[i]);
        const auto got = pass(s, n, fma[i]);
        REQUIRE(got.size() == ref.size());
        CHECK(std::memcmp(got.data(), ref.data(), sizeof(float) * ref.size()) == 0);
      }
    }
  nn::kernels::select(before);
}
