// Session behaviour: determinism, live edits that keep weights, divergence, bounded history.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "nn/session.h"

using namespace nn;

namespace {

Experiment playground() {  // Playground's recipe on a smaller, shuffled set
  Experiment e = playground_experiment();
  e.seed = 7;
  e.data.n = 200;
  e.training.shuffle = true;
  e.training.epochs = 50;
  return e;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void require_identical(const History& a, const History& b) {
  REQUIRE(a.rows().size() == b.rows().size());
  for (size_t i = 0; i < a.rows().size(); ++i) {
    const auto &x = a.rows()[i], &y = b.rows()[i];
    REQUIRE(x.epoch == y.epoch);
    REQUIRE(same_bits(x.train_loss, y.train_loss));
    REQUIRE(same_bits(x.test_loss, y.test_loss));
    REQUIRE(same_bits(x.train_metric, y.train_metric));
    REQUIRE(same_bits(x.penalty, y.penalty));
  }
}

}  // namespace

TEST_CASE("same experiment and seed give bit-identical histories and weights") {
  Experiment e = playground();
  e.training.dropout = 0.1;  // dropout draws from the RNG too
  e.training.l2 = 0.001;
  Session a(e), b(e);
  for (int i = 0; i < 20; ++i) {
    a.run_epoch();
    b.run_epoch();
  }
  require_identical(a.history(), b.history());
  REQUIRE(a.network().params() == b.network().params());

  e.seed = 8;
  Session c(e);
  for (int i = 0; i < 20; ++i) c.run_epoch();
  CHECK(c.network().params() != a.network().params());
}

TEST_CASE("history starts at epoch 0 before any update and the loss falls on circle") {
  Session s(playground());
  REQUIRE(s.history().rows().size() == 1);
  CHECK(s.history().rows()[0].epoch == 0);
  CHECK(s.steps() == 0);
  const double first = s.history().last().train_loss;
  for (int i = 0; i < 50; ++i) s.run_epoch();
  CHECK(s.epoch() == 50);
  CHECK(s.steps() == 50 * 10);  // 100 train points / batch 10
  CHECK(s.state() == RunState::finished);
  CHECK(s.history().rows().size() == 51);
  Experiment longer = s.experiment();
  longer.training.epochs = 300;
  s.apply(longer);
  while (!s.stopped()) s.run_epoch();
  CHECK(s.epoch() == 300);
  CHECK(s.history().last().train_loss < 0.2 * first);
}

TEST_CASE("batch size: full batch and single sample") {
  Experiment e = playground();
  e.training.batch_size = 0;
  Session full(e);
  CHECK(full.batch_size() == 100);
  CHECK(full.steps_per_epoch() == 1);
  e.training.batch_size = 1;
  Session one(e);
  CHECK(one.steps_per_epoch() == 100);
  e.training.batch_size = 30;  // 100 = 3·30 + 10: the last batch is smaller
  Session odd(e);
  CHECK(odd.steps_per_epoch() == 4);
  odd.run_epoch();
  CHECK(odd.steps() == 4);
}

TEST_CASE("changing the learning rate live keeps weights and optimizer state") {
  Experiment e = playground();
  e.training.optimizer = OptimizerSpec::defaults(Opt::adam);
  Session s(e);
  s.run_epoch();
  const Eigen::VectorXf before = s.network().params();
  e.training.optimizer.lr = 0.05;
  s.apply(e);
  CHECK(s.network().params() == before);
  CHECK(s.lr() == Approx(0.05));
  CHECK(s.epoch() == 1);
  REQUIRE(!s.history().markers().empty());
  CHECK(s.history().markers().back().what == "lr 0.05");
}

TEST_CASE("architecture edits keep every surviving neuron's weights") {
  Experiment e = playground();
  Session s(e);
  s.run_epoch();
  const Net old = s.network();

  SECTION("add a neuron to the first hidden layer") {
    e.network.hidden = {5, 2};
    s.apply(e);
    const Net& n = s.network();
    CHECK(n.W(0).topRows(4) == old.W(0));
    CHECK(n.b(0).head(4) == old.b(0));
    CHECK(n.W(1).leftCols(4) == old.W(1));
    CHECK(n.W(2) == old.W(2));
  }
  SECTION("toggle a feature on: weights of the others are kept by feature identity") {
    e.features = {Feature::x1_sq, Feature::x1, Feature::x2};
    s.apply(e);
    const Net& n = s.network();
    CHECK(n.W(0).col(1) == old.W(0).col(0));
    CHECK(n.W(0).col(2) == old.W(0).col(1));
    CHECK(n.W(1) == old.W(1));
  }
  SECTION("remove a hidden layer: the output layer keeps its weights where shapes allow") {
    e.network.hidden = {4};
    e.network.activations = {Act::tanh};
    s.apply(e);
    const Net& n = s.network();
    CHECK(n.layers() == 2);
    CHECK(n.W(0) == old.W(0));
    CHECK(n.b(1) == old.b(2));
  }
  SECTION("an invalid edit is refused and changes nothing") {
    Experiment bad = e;
    bad.network.hidden = {4, 300};
    CHECK_THROWS_WITH(s.apply(bad), Catch::Contains("network.hidden[1]"));
    CHECK(s.network().params() == old.params());
  }
}

TEST_CASE("painted data replaces the data set, an empty set stops training without a crash") {
  Experiment e = playground();
  Session s(e);
  Dataset d;
  d.points = {{1, 1, 1, false}, {-1, -1, 0, false}, {2, 2, 1, true}};
  s.set_data(d);
  CHECK(s.data().points.size() == 3);
  CHECK(s.data().train_count() == 2);
  CHECK(s.batch_size() == 2);
  s.run_epoch();
  CHECK(s.epoch() == 1);
  s.set_data(Dataset{});
  CHECK(s.state() == RunState::no_data);
  s.step();
  CHECK(s.epoch() == 1);
}

TEST_CASE("a huge learning rate diverges: reported with epoch, step and a hint") {
  Experiment e = playground();
  e.network.activations = {Act::relu, Act::relu};
  e.network.output = OutAct::linear;
  e.training.optimizer.lr = 1e6;
  Session s(e);
  for (int i = 0; i < 50 && !s.stopped(); ++i) s.run_epoch();
  REQUIRE(s.state() == RunState::diverged);
  REQUIRE(s.divergence().has_value());
  CHECK(s.divergence()->epoch >= 1);
  CHECK(s.divergence()->step >= 1);
  CHECK(s.divergence()->lr == 1e6);
  const DivergenceAdvice hint = divergence_advice(s.divergence()->lr, s.divergence()->lr);
  CHECK(hint.kind == DivergenceAdvice::Kind::rate_too_high);
  CHECK(hint.suggested == Approx(1e4));
  const long steps = s.steps();
  s.step();  // stopped: nothing happens
  CHECK(s.steps() == steps);
  // Back to finite weights resumes.
  Session fresh(playground());
  s.set_params(fresh.network().params());
  CHECK(s.state() == RunState::running);
  CHECK_FALSE(s.divergence().has_value());
}

TEST_CASE("set_parameter edits one weight or bias, bad ones are refused") {
  Session s(playground());
  s.set_parameter(0, 1, 0, 0.25);
  s.set_parameter(2, 0, -1, -0.5);
  CHECK(s.network().W(0)(1, 0) == 0.25f);
  CHECK(s.network().b(2)(0) == -0.5f);
  CHECK_THROWS_WITH(s.set_parameter(0, 9, 0, 1.0), "layer 0 has no parameter (9, 0)");
  CHECK_THROWS_WITH(s.set_parameter(0, 0, 0, NAN), "a weight must be a finite number");
}

TEST_CASE("reset: same seed gives the same initial weights") {
  Session s(playground());
  const Eigen::VectorXf init = s.network().params();
  s.run_epoch();
  CHECK(s.network().params() != init);
  s.reset();
  CHECK(s.network().params() == init);
  CHECK(s.epoch() == 0);
  CHECK(s.history().rows().size() == 1);
}

TEST_CASE("to_experiment carries the trained weights, a new session from it starts there") {
  Session s(playground());
  s.run_epoch();
  const Experiment saved = s.to_experiment();
  REQUIRE(saved.weights.has_value());
  Session t(saved);
  CHECK(t.network().params() == s.network().params());
}

TEST_CASE("history stays bounded and evenly spread however long the run") {
  History h(64);
  for (long e = 0; e <= 1'000'000; ++e) h.push(EpochRow{.epoch = e});
  CHECK(h.rows().size() <= 64);
  CHECK(h.rows().size() >= 32);
  CHECK(h.rows().front().epoch == 0);
  CHECK(h.last().epoch == 1'000'000);
  for (size_t i = 1; i < h.rows().size(); ++i) CHECK(h.rows()[i].epoch - h.rows()[i - 1].epoch == h.stride());
}

TEST_CASE("unit health: dead relu units and saturated tanh units are counted") {
  Experiment e = playground();
  e.network.activations = {Act::relu, Act::tanh};
  Session s(e);
  auto h = s.unit_health();
  REQUIRE(h.size() == 2);
  CHECK(h[0].dead < 1.0);
  // Kill the first layer: every pre-activation negative on every point.
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 2; ++c) s.set_parameter(0, r, c, 0.0);
    s.set_parameter(0, r, -1, -5.0);
  }
  // Saturate the second layer: huge biases push tanh to ±1.
  s.set_parameter(1, 0, -1, 50.0);
  s.set_parameter(1, 1, -1, -50.0);
  h = s.unit_health();
  CHECK(h[0].dead == 1.0);
  CHECK(h[1].saturated == 1.0);
  CHECK(h[1].dead == 0.0);
}
