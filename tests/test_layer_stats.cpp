// Per-layer statistics (nn/layer_stats.h): the numbers, the unit rules, the bounded history,
// the automatic spacing, and that taking them never changes training.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "nn/inspect.h"
#include "nn/layer_stats.h"
#include "nn/session.h"
#include "nn/trainer.h"

using nn::Act;
using nn::UnitState;

namespace {

nn::Experiment preset(const char* slug) {
  return nn::load_experiment(std::string(DESCENT_SOURCE_DIR) + "/assets/presets/" + slug + ".json");
}

std::shared_ptr<const nn::LayerStatsRow> row_at(long epoch) {
  auto r = std::make_shared<nn::LayerStatsRow>();
  r->epoch = epoch;
  return r;
}

}  // namespace

TEST_CASE("layer history keeps between capacity/2 and capacity rows spread from epoch 0, however long the run") {
  nn::LayerHistory h(64);
  for (long e = 0; e <= 1'000'000; ++e) {
    h.push(row_at(e));
    REQUIRE(h.rows().size() <= 64);
  }
  CHECK(h.rows().size() >= 32);
  CHECK(h.rows().front()->epoch == 0);
  CHECK(h.last()->epoch == 1'000'000);
  for (size_t i = 1; i < h.rows().size(); ++i) CHECK(h.rows()[i]->epoch - h.rows()[i - 1]->epoch == h.stride());
  const nn::LayerHistory copy = h;  // a snapshot's copy shares the rows
  CHECK(copy.rows().front().get() == h.rows().front().get());
}

TEST_CASE("layer stats: norms, update ratio and gradient norm are those of the epoch's last step") {
  nn::Experiment e = nn::playground_experiment();
  e.training.batch_size = 0;  // full batch: one step per epoch
  nn::Session s(e);
  s.set_layer_stats_every(1);
  s.reset();
  const Eigen::VectorXf before = s.network().params();
  // The gradient of the step, computed independently on a copy of the network.
  nn::Net probe = s.network();
  probe.forward(s.train_inputs());
  probe.backward(s.train_inputs(), s.train_targets(), e.loss);
  s.run_epoch();
  const auto row = s.layer_stats().latest();
  REQUIRE(row->epoch == 1);
  REQUIRE(row->layers.size() == 3);
  for (int l = 0; l < 3; ++l) {
    const auto& st = row->layers[l];
    const Eigen::Map<const Eigen::MatrixXf> w0(before.data() + s.network().w_offset(l), st.fan_out, st.fan_in);
    CHECK(st.weight_norm == Approx(s.network().W(l).cast<double>().norm()));
    CHECK(st.grad_norm == Approx(probe.dW(l).cast<double>().norm()).epsilon(1e-4));
    CHECK(st.update_ratio == Approx((s.network().W(l) - w0).cast<double>().norm() / w0.cast<double>().norm()).epsilon(1e-4));
    CHECK(st.update_ratio == Approx(0.03 * st.grad_norm / w0.cast<double>().norm()).epsilon(1e-3));  // SGD: ΔW = −lr g
  }
  // Epoch 0 has no step yet.
  CHECK(std::isnan(s.layer_stats().history().rows().front()->layers[0].grad_norm));
}

TEST_CASE("layer stats: bands are ascending percentiles from the minimum to the maximum, δ as the inspector's") {
  nn::Session s(preset("spiral3-softmax"));
  nn::Net net = s.network();
  // One point: δ's bands then hold exactly the inspector's δ of that point.
  const auto one = nn::sample_layer_stats(net, s.train_inputs().col(5), s.train_targets().col(5), s.experiment().loss);
  const nn::SamplePass pass = nn::inspect_sample(s, 5);
  for (size_t l = 0; l < one.layers.size(); ++l) {
    CHECK(one.layers[l].delta.bands.front() == Approx(pass.layers[l].delta.minCoeff()).epsilon(1e-4).margin(1e-7));
    CHECK(one.layers[l].delta.bands.back() == Approx(pass.layers[l].delta.maxCoeff()).epsilon(1e-4).margin(1e-7));
    CHECK(one.layers[l].z.mean == Approx(pass.layers[l].z.mean()).epsilon(1e-4).margin(1e-7));
  }
  // Many points (20 × 24 units: under kBandValues, so every value is in the bands): z of the
  // first layer against a direct computation.
  const Eigen::MatrixXf X = s.train_inputs().leftCols(20), T = s.train_targets().leftCols(20);
  const auto many = nn::sample_layer_stats(net, X, T, s.experiment().loss);
  const Eigen::ArrayXXf z = ((net.W(0) * X).colwise() + net.b(0)).array();
  const auto& d = many.layers[0].z;
  CHECK(d.bands.front() == Approx(z.minCoeff()).epsilon(1e-5));
  CHECK(d.bands.back() == Approx(z.maxCoeff()).epsilon(1e-5));
  CHECK(std::is_sorted(d.bands.begin(), d.bands.end()));
  CHECK(d.mean == Approx(z.mean()).epsilon(1e-4));
  CHECK(d.std == Approx(std::sqrt((z - z.mean()).square().mean())).epsilon(1e-3));
  std::vector<float> v(z.data(), z.data() + z.size());
  std::sort(v.begin(), v.end());
  CHECK(d.bands[4] == Approx(v[std::lround(0.5 * (v.size() - 1))]).epsilon(1e-5));  // the median
}

TEST_CASE("unit rules: a ReLU negative on every point is dead, sigmoid and tanh within 1 % of their range of an asymptote are saturated") {
  Eigen::ArrayXf z(4), a(4);
  z << -1, -0.5, -2, 0;
  CHECK(nn::classify_unit(Act::relu, z, z.max(0.f)) == UnitState::dead);
  z(3) = 0.1f;
  CHECK(nn::classify_unit(Act::relu, z, z.max(0.f)) == UnitState::ok);
  CHECK(nn::classify_unit(Act::leaky_relu, -z.abs(), -z.abs()) == UnitState::ok);  // cannot die
  a << 0.995f, 0.005f, 0.999f, 0.001f;
  CHECK(nn::classify_unit(Act::sigmoid, z, a) == UnitState::saturated);
  a(2) = 0.98f;  // one point of four on the slope: 75 % < 95 %
  CHECK(nn::classify_unit(Act::sigmoid, z, a) == UnitState::ok);
  a << 0.985f, -0.99f, 0.999f, -0.981f;
  CHECK(nn::classify_unit(Act::tanh, z, a) == UnitState::saturated);
  a(0) = 0.97f;
  CHECK(nn::classify_unit(Act::tanh, z, a) == UnitState::ok);
}

TEST_CASE("layer stats find the dead ReLU layer of dying-relu") {
  nn::Session s(preset("dying-relu"));
  s.set_layer_stats_every(1);
  for (int i = 0; i < 3; ++i) s.run_epoch();
  const auto row = s.layer_stats().latest();
  CHECK(row->layers[1].dead_fraction == 1.0);
  CHECK(std::count(row->layers[1].units.begin(), row->layers[1].units.end(), UnitState::dead) == 8);
  CHECK(s.unit_health()[1].dead == 1.0);  // the live health uses the same rule
}

TEST_CASE("taking layer stats never changes the training numbers") {
  for (const char* slug : {"playground-default", "overfitting", "spiral3-softmax"}) {
    INFO(slug);
    nn::Session with(preset(slug)), without(preset(slug));
    with.set_layer_stats_every(1);
    without.set_layer_stats_every(-1);
    with.reset();
    without.reset();
    for (int i = 0; i < 12; ++i) {
      with.run_epoch();
      without.run_epoch();
    }
    CHECK(with.layer_stats().history().rows().size() == 13);
    CHECK(without.layer_stats().history().empty());
    CHECK(with.network().params() == without.network().params());
    CHECK(with.history().last().test_loss == without.history().last().test_loss);
  }
}

TEST_CASE("automatic spacing: a power of two, wider for tiny nets than for a big full-batch one") {
  nn::LayerStatsRecorder r;
  nn::Architecture tiny;
  tiny.inputs = 2;
  tiny.hidden = {4, 2};
  tiny.activations = {Act::tanh, Act::tanh};
  const long t = r.interval(tiny, 250, 250, 25);
  CHECK(t > 1);
  CHECK((t & (t - 1)) == 0);
  nn::Architecture big = tiny;
  big.hidden = {64, 64, 64};
  big.activations.assign(3, Act::tanh);
  CHECK(r.interval(big, 10000, 0, 1) < t);
  r.set_every(3);
  CHECK(r.interval(tiny, 250, 250, 25) == 3);
  CHECK(r.due(6, tiny, 250, 250, 25));
  CHECK_FALSE(r.due(7, tiny, 250, 250, 25));
}

TEST_CASE("the trainer's snapshot carries the layer history, shared until a row is added") {
  nn::Trainer tr(preset("playground-default"));
  const auto first = tr.snapshot();
  REQUIRE(first->layer_history);
  REQUIRE(first->layer_history->last());
  CHECK(first->layer_history->last()->epoch == 0);
  CHECK(first->layer_history->last()->layers.size() == 3);
  tr.step_steps(1);
  REQUIRE(tr.wait_idle(std::chrono::seconds(10)));
  CHECK(tr.snapshot()->layer_history == first->layer_history);  // no new row: the same history
}

TEST_CASE("the trainer's snapshot carries the inspector's pass of the point asked for, with the current weights") {
  nn::Trainer tr(preset("playground-default"));
  CHECK(tr.snapshot()->inspection == nullptr);
  REQUIRE(tr.wait_applied(tr.inspect(5), std::chrono::seconds(10)));
  auto snap = tr.snapshot();
  REQUIRE(snap->inspection);
  nn::Session same(preset("playground-default"));
  CHECK(snap->inspection->index == 5);
  CHECK(snap->inspection->loss == nn::inspect_sample(same, 5).loss);
  REQUIRE(tr.wait_applied(tr.step_epochs(1), std::chrono::seconds(10)));
  REQUIRE(tr.wait_idle(std::chrono::seconds(10)));
  same.run_epoch();
  snap = tr.snapshot();
  REQUIRE(snap->inspection);
  CHECK(snap->inspection->loss == nn::inspect_sample(same, 5).loss);  // followed the weights
  REQUIRE(tr.wait_applied(tr.inspect(100000), std::chrono::seconds(10)));
  snap = tr.snapshot();
  CHECK(snap->inspection == nullptr);
  CHECK(snap->message.rfind("inspect: no training point 100000", 0) == 0);
  REQUIRE(tr.wait_applied(tr.inspect(-1), std::chrono::seconds(10)));
  CHECK(tr.snapshot()->inspection == nullptr);
  CHECK(tr.snapshot()->message.empty());
}

TEST_CASE("early rows: every epoch up to per_doubling, then a power of two apart (off unless asked, and never with a fixed spacing)") {
  nn::LayerStatsRecorder r;
  nn::Architecture tiny;
  tiny.inputs = 2;
  tiny.hidden = {4, 2};
  tiny.activations = {Act::tanh, Act::tanh};
  REQUIRE(r.interval(tiny, 250, 250, 25) > 256);  // the budget alone: far apart
  CHECK_FALSE(r.due(1, tiny, 250, 250, 25));
  r.set_early_rows(64);
  for (long e : {1L, 2L, 63L, 64L, 100L, 127L, 130L, 256L, 260L}) CHECK(r.due(e, tiny, 250, 250, 25));
  for (long e : {129L, 131L, 257L, 258L}) CHECK_FALSE(r.due(e, tiny, 250, 250, 25));
  CHECK(r.early_interval(1000) == 8);  // ~64 rows between 512 and 1024, and between 1024 and 2048
  r.set_every(3);
  CHECK_FALSE(r.due(7, tiny, 250, 250, 25));
  CHECK(r.due(6, tiny, 250, 250, 25));
}

TEST_CASE("the trainer's snapshot carries the last step's gradients, each hidden unit's state, and a row every early epoch") {
  nn::Trainer tr(preset("dying-relu"));
  REQUIRE(tr.wait_applied(tr.step_epochs(3), std::chrono::seconds(10)));
  REQUIRE(tr.wait_idle(std::chrono::seconds(10)));
  nn::Session same(preset("dying-relu"));
  for (int i = 0; i < 3; ++i) same.run_epoch();
  const auto snap = tr.snapshot();
  REQUIRE(snap->grads.size() == snap->params.size());
  CHECK(snap->grads == same.network().grads());  // the gradient of the same last step, bit for bit
  CHECK(snap->grads.cwiseAbs().maxCoeff() > 0.0f);
  const auto health = same.unit_health();
  for (size_t l = 0; l < health.size(); ++l) {
    REQUIRE(snap->layers[l].units.size() == size_t(snap->arch.fan_out(int(l))));
    CHECK(snap->layers[l].units == health[l].units);
    const auto dead = std::count(health[l].units.begin(), health[l].units.end(), nn::UnitState::dead);
    CHECK(double(dead) / double(health[l].units.size()) == health[l].dead);
  }
  REQUIRE(snap->layer_history);
  CHECK(snap->layer_history->rows().size() == 4);  // epochs 0, 1, 2, 3
}
