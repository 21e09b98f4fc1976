// The backpropagation inspector (nn/inspect.h): one sample's z, a, δ, ∂L/∂W, ∂L/∂b and the
// optimizer's update, checked against the engine's batched pass, finite differences and a real
// Session step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "nn/inspect.h"
#include "nn/session.h"

using nn::Act;
using nn::Loss;
using nn::OutAct;

namespace {

struct Case {
  nn::Architecture arch;
  Eigen::VectorXd params, x, t;
  Loss loss;
};

// A 3-4-3-K network with random weights and one sample whose hidden pre-activations all stay
// 0.01 away from 0 (the stencil below must not straddle the kink of relu / leaky relu / elu).
Case make_case(Act act, OutAct out, Loss loss, uint64_t seed) {
  nn::Rng rng(seed);
  Case c;
  c.arch.inputs = 3;
  c.arch.hidden = {4, 3};
  c.arch.activations = {act, act};
  c.arch.outputs = out == OutAct::softmax ? 3 : 2;
  c.arch.output = out;
  c.loss = loss;
  nn::Network<double> net(c.arch);
  c.x.resize(3);
  for (bool clear = false; !clear;) {
    for (Eigen::Index i = 0; i < net.params().size(); ++i) net.params()(i) = rng.normal(0.0, 0.7);
    for (int i = 0; i < 3; ++i) c.x(i) = rng.uniform(-1.5, 1.5);
    net.forward(c.x);
    clear = true;
    for (int l = 0; l + 1 < net.layers(); ++l) clear = clear && net.pre_activations(l).cwiseAbs().minCoeff() > 0.01;
  }
  c.params = net.params();
  c.t = Eigen::VectorXd::Zero(c.arch.outputs);
  if (loss == Loss::cross_entropy) c.t(rng.below(3)) = 1.0;
  else if (loss == Loss::binary_cross_entropy) for (auto& v : c.t) v = rng.below(2);
  else for (auto& v : c.t) v = rng.uniform(-1.0, 1.0);
  return c;
}

double relative_error(double a, double b) { return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-3}); }

// ∂L/∂θ_i by the five-point central stencil, h = 1e-4, on the inspector's own loss.
double numeric_derivative(const Case& c, Eigen::Index i) {
  const double h = 1e-4;
  auto at = [&](double d) {
    Eigen::VectorXd p = c.params;
    p(i) += d;
    return nn::inspect_pass(c.arch, p, c.x, c.t, c.loss).loss;
  };
  return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
}

// The inspector's gradient laid out flat like Network's parameters.
Eigen::VectorXd flat_gradient(const nn::Architecture& arch, const nn::SamplePass& pass) {
  nn::Network<double> layout(arch);
  Eigen::VectorXd g(layout.params().size());
  for (int l = 0; l < arch.layers(); ++l) {
    Eigen::Map<Eigen::MatrixXd>(g.data() + layout.w_offset(l), arch.fan_out(l), arch.fan_in(l)) = pass.layers[l].dW;
    g.segment(layout.b_offset(l), arch.fan_out(l)) = pass.layers[l].db;
  }
  return g;
}

}  // namespace

TEST_CASE("inspector's dL/dW equals the engine's gradient for a batch of that one sample and finite differences") {
  int checked = 0;
  for (const auto& act : nn::kActivations) {
    for (const auto& out : nn::kOutputs) {
      for (const auto& loss : nn::kLosses) {
        if (!nn::compatible(out.id, loss.id)) continue;
        INFO(act.name << " / " << out.name << " / " << loss.name);
        const Case c = make_case(act.id, out.id, loss.id, 100 + checked);
        const nn::SamplePass pass = nn::inspect_pass(c.arch, c.params, c.x, c.t, c.loss);
        const Eigen::VectorXd mine = flat_gradient(c.arch, pass);

        nn::Network<double> net(c.arch);
        net.params() = c.params;
        net.forward(c.x);
        const double engine_loss = net.backward(c.x, c.t, c.loss);
        CHECK(relative_error(pass.loss, engine_loss) < 1e-12);
        double worst_engine = 0.0, worst_numeric = 0.0;
        for (Eigen::Index i = 0; i < mine.size(); ++i) {
          worst_engine = std::max(worst_engine, relative_error(mine(i), net.grads()(i)));
          worst_numeric = std::max(worst_numeric, relative_error(mine(i), numeric_derivative(c, i)));
        }
        CHECK(worst_engine < 1e-12);
        CHECK(worst_numeric < 1e-6);
        ++checked;
      }
    }
  }
  CHECK(checked == 8 * 8);  // every hidden activation × every sensible output + loss pair
}

TEST_CASE("inspector's forward numbers are z = W a_prev + b and a = g(z), layer by layer") {
  const Case c = make_case(Act::tanh, OutAct::sigmoid, Loss::binary_cross_entropy, 7);
  const nn::SamplePass pass = nn::inspect_pass(c.arch, c.params, c.x, c.t, c.loss);
  nn::Network<double> net(c.arch);
  net.params() = c.params;
  REQUIRE(pass.layers.size() == 3);
  // Layer 1, neuron 2, by hand.
  double z = net.b(1)(2);
  for (int k = 0; k < 4; ++k) z += net.W(1)(2, k) * pass.layers[0].a(k);
  CHECK(pass.layers[1].z(2) == Approx(z).epsilon(1e-14));
  CHECK(pass.layers[1].a(2) == Approx(std::tanh(z)).epsilon(1e-14));
  // Output: sigmoid; δ_L = (y − t) / K for BCE; dW = δ a_prevᵀ.
  const auto& o = pass.layers[2];
  CHECK(o.a(0) == Approx(1.0 / (1.0 + std::exp(-o.z(0)))).epsilon(1e-14));
  CHECK(o.delta(1) == Approx((o.a(1) - c.t(1)) / 2.0).epsilon(1e-14));
  CHECK(o.dW(1, 2) == Approx(o.delta(1) * pass.layers[1].a(2)).epsilon(1e-14));
  // δ_1 = (W_2ᵀ δ_2) ⊙ (1 − a_1²)
  const double back = net.W(2).col(0).dot(o.delta);
  CHECK(pass.layers[1].delta(0) == Approx(back * (1 - pass.layers[1].a(0) * pass.layers[1].a(0))).epsilon(1e-13));
}

TEST_CASE("inspector's update is the step the session takes on a batch of that one sample, and changes nothing") {
  for (nn::Opt kind : {nn::Opt::sgd, nn::Opt::momentum, nn::Opt::adam, nn::Opt::rmsprop}) {
    INFO(nn::name(kind));
    nn::Experiment e = nn::playground_experiment();
    e.training.batch_size = 1;
    e.training.shuffle = false;
    e.training.l2 = 0.01;
    e.training.optimizer = nn::OptimizerSpec::defaults(kind);
    e.training.optimizer.lr = 0.05;
    nn::Session s(e);
    for (int i = 0; i < 3; ++i) s.step();  // the optimizer has state; the next batch is point 3
    const Eigen::VectorXf before = s.network().params();
    const long t_before = s.optimizer().step_count();
    const nn::SamplePass pass = nn::inspect_sample(s, 3);
    CHECK(s.network().params() == before);
    CHECK(s.optimizer().step_count() == t_before);

    s.step();
    const Eigen::VectorXf moved = s.network().params() - before;
    for (int l = 0; l < s.network().layers(); ++l) {
      const auto& layer = pass.layers[l];
      for (int r = 0; r < layer.W_update.rows(); ++r) {
        for (int k = 0; k < layer.W_update.cols(); ++k)
          CHECK(layer.W_update(r, k) ==
                Approx(moved(s.network().w_offset(l) + k * layer.W_update.rows() + r)).epsilon(1e-4).margin(1e-9));
        CHECK(layer.b_update(r) == Approx(moved(s.network().b_offset(l) + r)).epsilon(1e-4).margin(1e-9));
      }
    }
    CHECK(pass.lr == Approx(0.05));
  }
}

TEST_CASE("inspector refuses a training point that does not exist, naming the valid range") {
  nn::Session s(nn::playground_experiment());
  const int n = static_cast<int>(s.train_inputs().cols());
  CHECK_NOTHROW(nn::inspect_sample(s, n - 1));
  try {
    nn::inspect_sample(s, n);
    FAIL("no exception");
  } catch (const nn::Error& ex) {
    CHECK(std::string(ex.what()) == "inspect: no training point " + std::to_string(n) + " (there are " +
                                        std::to_string(n) + ", 0 to " + std::to_string(n - 1) + ")");
  }
  CHECK_THROWS_AS(nn::inspect_sample(s, -1), nn::Error);
}
