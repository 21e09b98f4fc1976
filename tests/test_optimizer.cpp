// Each optimizer's and schedule's first steps against values worked out by hand from the
// torch.optim formulas. Parameters p = (1, −2); gradients g1 = (0.5, 0.1), then g2 = (−0.3, 0.2).
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/optimizer.h"
#include "nn/schedule.h"

using nn::Opt;
using nn::OptimizerSpec;
using Vec = Eigen::VectorXd;

namespace {

struct Run {
  Vec after1, after2;
};

Run two_steps(const OptimizerSpec& spec, double lr) {
  nn::Optimizer<double> opt(spec, 2);
  Vec p(2), g(2);
  p << 1.0, -2.0;
  g << 0.5, 0.1;
  opt.step(p, g, lr);
  Run r;
  r.after1 = p;
  g << -0.3, 0.2;
  opt.step(p, g, lr);
  r.after2 = p;
  return r;
}

void check(const Vec& got, double a, double b) {
  CHECK(got(0) == Approx(a).epsilon(1e-12).margin(1e-14));
  CHECK(got(1) == Approx(b).epsilon(1e-12).margin(1e-14));
}

}  // namespace

TEST_CASE("sgd: p -= lr g") {
  auto r = two_steps(OptimizerSpec::defaults(Opt::sgd), 0.1);
  check(r.after1, 1 - 0.05, -2 - 0.01);
  check(r.after2, 0.95 + 0.03, -2.01 - 0.02);
}

TEST_CASE("sgd weight_decay adds wd·p to the gradient (weights and biases alike)") {
  auto s = OptimizerSpec::defaults(Opt::sgd);
  s.weight_decay = 0.1;
  auto r = two_steps(s, 0.1);
  // step 1: g = (0.5 + 0.1, 0.1 − 0.2) = (0.6, −0.1)
  check(r.after1, 1 - 0.06, -2 + 0.01);
  // step 2: g = (−0.3 + 0.094, 0.2 − 0.199) = (−0.206, 0.001)
  check(r.after2, 0.94 + 0.0206, -1.99 - 0.0001);
}

TEST_CASE("momentum: the buffer starts as the first gradient (torch), then b = mu b + (1 - dampening) g") {
  auto s = OptimizerSpec::defaults(Opt::momentum);
  CHECK(s.momentum == 0.9);
  auto r = two_steps(s, 0.1);
  check(r.after1, 1 - 0.05, -2 - 0.01);  // b = g1
  // b = 0.9 (0.5, 0.1) + (−0.3, 0.2) = (0.15, 0.29)
  check(r.after2, 0.95 - 0.015, -2.01 - 0.029);
  s.dampening = 0.5;
  r = two_steps(s, 0.1);
  check(r.after1, 1 - 0.05, -2 - 0.01);  // no dampening on the first step
  // b = 0.9 (0.5, 0.1) + 0.5 (−0.3, 0.2) = (0.3, 0.19)
  check(r.after2, 0.95 - 0.03, -2.01 - 0.019);
}

TEST_CASE("nesterov: p -= lr (g + mu b)") {
  auto r = two_steps(OptimizerSpec::defaults(Opt::nesterov), 0.1);
  // step 1: b = g1; update g1 + 0.9 g1 = (0.95, 0.19)
  check(r.after1, 1 - 0.095, -2 - 0.019);
  // step 2: b = (0.15, 0.29); update g2 + 0.9 b = (−0.165, 0.461)
  check(r.after2, 0.905 + 0.0165, -2.019 - 0.0461);
}

TEST_CASE("adagrad: s += g^2, p -= clr g / (sqrt(s) + eps), clr = lr / (1 + (t-1) lr_decay)") {
  auto s = OptimizerSpec::defaults(Opt::adagrad);
  CHECK(s.lr == 1e-2);
  CHECK(s.eps == 1e-10);
  s.lr_decay = 0.5;
  s.initial_accumulator_value = 0.1;
  auto r = two_steps(s, 0.1);
  const double s1a = 0.1 + 0.25, s1b = 0.1 + 0.01;
  const double p1a = 1 - 0.1 * 0.5 / (std::sqrt(s1a) + 1e-10);
  const double p1b = -2 - 0.1 * 0.1 / (std::sqrt(s1b) + 1e-10);
  check(r.after1, p1a, p1b);
  const double s2a = s1a + 0.09, s2b = s1b + 0.04, clr = 0.1 / 1.5;
  check(r.after2, p1a + clr * 0.3 / (std::sqrt(s2a) + 1e-10), p1b - clr * 0.2 / (std::sqrt(s2b) + 1e-10));
}

TEST_CASE("rmsprop: v = alpha v + (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps)") {
  auto s = OptimizerSpec::defaults(Opt::rmsprop);
  CHECK(s.alpha == 0.99);
  CHECK(s.eps == 1e-8);
  auto r = two_steps(s, 0.01);
  const double v1a = 0.01 * 0.25, v1b = 0.01 * 0.01;
  const double p1a = 1 - 0.01 * 0.5 / (std::sqrt(v1a) + 1e-8), p1b = -2 - 0.01 * 0.1 / (std::sqrt(v1b) + 1e-8);
  check(r.after1, p1a, p1b);
  const double v2a = 0.99 * v1a + 0.01 * 0.09, v2b = 0.99 * v1b + 0.01 * 0.04;
  check(r.after2, p1a + 0.01 * 0.3 / (std::sqrt(v2a) + 1e-8), p1b - 0.01 * 0.2 / (std::sqrt(v2b) + 1e-8));

  SECTION("centered, with momentum") {
    s.centered = true;
    s.momentum = 0.5;
    r = two_steps(s, 0.01);
    // step 1: gbar = 0.01 g; d = sqrt(v − gbar²) + eps; b = g / d
    const double ga = 0.005, gb = 0.001;
    const double b1a = 0.5 / (std::sqrt(v1a - ga * ga) + 1e-8), b1b = 0.1 / (std::sqrt(v1b - gb * gb) + 1e-8);
    check(r.after1, 1 - 0.01 * b1a, -2 - 0.01 * b1b);
    const double g2a = 0.99 * ga - 0.003, g2b = 0.99 * gb + 0.002;
    const double b2a = 0.5 * b1a - 0.3 / (std::sqrt(v2a - g2a * g2a) + 1e-8);
    const double b2b = 0.5 * b1b + 0.2 / (std::sqrt(v2b - g2b * g2b) + 1e-8);
    check(r.after2, 1 - 0.01 * b1a - 0.01 * b2a, -2 - 0.01 * b1b - 0.01 * b2b);
  }
}

TEST_CASE("adam: bias-corrected m and v, eps outside the square root") {
  auto s = OptimizerSpec::defaults(Opt::adam);
  CHECK(s.lr == 1e-3);
  CHECK(s.beta1 == 0.9);
  CHECK(s.beta2 == 0.999);
  CHECK(s.eps == 1e-8);
  auto r = two_steps(s, 0.1);
  // step 1: m̂ = g, v̂ = g², so p -= lr g / (|g| + eps)
  const double p1a = 1 - 0.1 * 0.5 / (0.5 + 1e-8), p1b = -2 - 0.1 * 0.1 / (0.1 + 1e-8);
  check(r.after1, p1a, p1b);
  // step 2: m = 0.9·0.1·g1 + 0.1·g2, v = 0.999·0.001·g1² + 0.001·g2²
  const double ma = 0.09 * 0.5 + 0.1 * -0.3, mb = 0.09 * 0.1 + 0.1 * 0.2;
  const double va = 0.000999 * 0.25 + 0.001 * 0.09, vb = 0.000999 * 0.01 + 0.001 * 0.04;
  const double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
  check(r.after2, p1a - (0.1 / bc1) * ma / (std::sqrt(va) / std::sqrt(bc2) + 1e-8),
        p1b - (0.1 / bc1) * mb / (std::sqrt(vb) / std::sqrt(bc2) + 1e-8));

  SECTION("amsgrad keeps the running maximum of v") {
    s.amsgrad = true;
    auto ra = two_steps(s, 0.1);
    check(ra.after1, p1a, p1b);
    const double vmax_a = std::max(0.001 * 0.25, va), vmax_b = std::max(0.001 * 0.01, vb);
    check(ra.after2, p1a - (0.1 / bc1) * ma / (std::sqrt(vmax_a) / std::sqrt(bc2) + 1e-8),
          p1b - (0.1 / bc1) * mb / (std::sqrt(vmax_b) / std::sqrt(bc2) + 1e-8));
  }
}

TEST_CASE("changing hyper-parameters live keeps the state, changing the kind resets it") {
  nn::Optimizer<double> opt(OptimizerSpec::defaults(Opt::adam), 2);
  Vec p = Vec::Ones(2), g = Vec::Ones(2);
  opt.step(p, g, 0.1);
  auto s = opt.spec();
  s.lr = 0.5;
  opt.set_spec(s);
  CHECK(opt.step_count() == 1);
  opt.set_spec(OptimizerSpec::defaults(Opt::sgd));
  CHECK(opt.step_count() == 0);
}

TEST_CASE("schedules: constant, step, exponential, cosine, warm-up") {
  nn::ScheduleSpec s;
  CHECK(nn::lr_at(s, 0.1, 0) == 0.1);
  CHECK(nn::lr_at(s, 0.1, 999) == 0.1);

  s.kind = nn::Sched::step;
  s.step_size = 10;
  s.gamma = 0.5;
  CHECK(nn::lr_at(s, 0.1, 9) == Approx(0.1));
  CHECK(nn::lr_at(s, 0.1, 10) == Approx(0.05));
  CHECK(nn::lr_at(s, 0.1, 25) == Approx(0.025));

  s.kind = nn::Sched::exponential;
  s.gamma = 0.9;
  CHECK(nn::lr_at(s, 0.1, 0) == Approx(0.1));
  CHECK(nn::lr_at(s, 0.1, 2) == Approx(0.081));

  s.kind = nn::Sched::cosine;
  s.t_max = 100;
  s.eta_min = 0.001;
  CHECK(nn::lr_at(s, 0.1, 0) == Approx(0.1));
  CHECK(nn::lr_at(s, 0.1, 50) == Approx(0.001 + 0.099 * 0.5));
  CHECK(nn::lr_at(s, 0.1, 100) == Approx(0.001));

  s.kind = nn::Sched::constant;
  s.warmup_epochs = 4;
  CHECK(nn::lr_at(s, 0.1, 0) == Approx(0.02));
  CHECK(nn::lr_at(s, 0.1, 3) == Approx(0.08));
  CHECK(nn::lr_at(s, 0.1, 4) == Approx(0.1));
  s.kind = nn::Sched::step;
  s.step_size = 10;
  s.gamma = 0.5;
  CHECK(nn::lr_at(s, 0.1, 13) == Approx(0.1));   // schedule epoch 9 after 4 warm-up epochs
  CHECK(nn::lr_at(s, 0.1, 14) == Approx(0.05));  // schedule epoch 10
}
