// Numbers that never go stale (issue 10): the metrics follow every change of the weights or
// the data, the history is restarted or re-measured on new data, every step's batch loss is
// kept in bounded memory, the epoch limit is a pause point, the pace is in epochs per second,
// and a run's progress round-trips through its file.
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/trainer.h"

using namespace nn;
using namespace std::chrono_literals;

namespace {

Experiment linear1d() {  // y = 2x + noise, one neuron: the issue's example
  Experiment e;
  e.seed = 5;
  e.data.generator = "linear1d";
  e.data.n = 100;
  e.features = {Feature::x1};
  e.network.hidden = {};
  e.network.activations = {};
  e.network.output = OutAct::linear;
  e.network.init = Init::zeros;
  e.loss = Loss::mse;
  e.training.optimizer = OptimizerSpec::defaults(Opt::sgd);
  e.training.optimizer.lr = 0.001;
  e.training.batch_size = 10;
  e.training.epochs = 0;
  return e;
}

Experiment circle() {
  Experiment e = playground_experiment();
  e.seed = 3;
  e.data.n = 200;
  e.training.epochs = 0;
  return e;
}

bool same(const EpochRow& a, const EpochRow& b) {
  auto eq = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return a.epoch == b.epoch && eq(a.train_loss, b.train_loss) && eq(a.test_loss, b.test_loss) &&
         eq(a.train_metric, b.train_metric) && eq(a.test_metric, b.test_metric);
}

}  // namespace

TEST_CASE("a weight edit re-measures the loss at once and replaces this epoch's history row") {
  Session s(linear1d());
  s.run_epoch();
  const double before = s.metrics().train_loss;
  s.set_parameter(0, 0, 0, 2.0);  // w = 2: the line now fits y = 2x
  CHECK(s.metrics().train_loss < before * 0.2);
  CHECK(same(s.metrics(), s.evaluate()));
  CHECK(same(s.history().last(), s.metrics()));
  CHECK(same(s.history().rows().back(), s.metrics()));
  CHECK(s.history().markers().back().what == "weight set");
}

TEST_CASE("new data at epoch 0 restarts the history, and later it re-measures the current row") {
  Session s(circle());
  Experiment e = s.experiment();
  e.data.generator = "xor";
  s.apply(e);
  REQUIRE(s.history().rows().size() == 1);
  CHECK(same(s.history().rows()[0], s.evaluate()));
  CHECK(s.history().markers().empty());

  s.run_epoch();
  s.run_epoch();
  const size_t rows = s.history().rows().size();
  e.data.generator = "gauss";
  s.apply(e);
  CHECK(s.history().rows().size() == rows);
  CHECK(same(s.history().last(), s.evaluate()));
  CHECK(s.history().markers().back().what == "data changed");
}

TEST_CASE("painted data (set_data) and clearing every point re-measure the metrics") {
  Session s(circle());
  s.run_epoch();
  Dataset d = s.data();
  d.points.resize(d.points.size() / 4);
  s.set_data(d);
  CHECK(same(s.metrics(), s.evaluate()));
  d.points.clear();
  s.set_data(d);
  CHECK(s.state() == RunState::no_data);
  CHECK(std::isnan(s.metrics().train_loss));
  CHECK(std::isnan(s.history().last().train_loss));
}

TEST_CASE("single steps leave the metrics stale until refreshed, and the trainer refreshes them when paused") {
  Session s(circle());
  s.run_epoch();
  s.step();
  CHECK_FALSE(s.metrics_current());
  s.refresh_metrics();
  CHECK(s.metrics_current());
  CHECK(same(s.metrics(), s.evaluate()));

  Trainer t(circle());
  REQUIRE(t.wait_applied(t.step_steps(1), 5s));
  REQUIRE(t.wait_idle(10s));
  const auto snap = t.snapshot();
  REQUIRE(snap->steps == 1);
  Session alone(circle());
  alone.step();
  CHECK(same(snap->metrics, alone.evaluate()));
  CHECK(snap->metrics.train_loss != snap->history->last().train_loss);  // epoch 0's row is before the step
}

TEST_CASE("refreshing the metrics mid-epoch changes no number of the run") {
  Session a(circle()), b(circle());
  for (int i = 0; i < 57; ++i) {
    a.step();
    b.step();
    b.refresh_metrics();
  }
  a.run_epoch();
  b.run_epoch();
  CHECK(a.network().params() == b.network().params());
  CHECK(same(a.history().last(), b.history().last()));
}

TEST_CASE("every step's batch loss is kept, bounded and in order, at its position in epochs") {
  Experiment e = circle();
  Session s(e);
  s.step();
  REQUIRE(s.step_losses().points().size() == 1);
  CHECK(s.step_losses().points()[0].loss == s.last_batch_loss());
  CHECK(s.step_losses().points()[0].epoch == Approx(1.0 / s.steps_per_epoch()));
  for (int i = 0; i < 300; ++i) s.run_epoch();  // 3,000 steps and more: decimated
  const auto& pts = s.step_losses().points();
  CHECK(pts.size() <= s.step_losses().capacity());
  CHECK(pts.size() >= s.step_losses().capacity() / 2);
  for (size_t i = 1; i < pts.size(); ++i) REQUIRE(pts[i].epoch > pts[i - 1].epoch);
  CHECK(pts.back().epoch <= double(s.epoch()));
  s.reset();
  CHECK(s.step_losses().points().empty());
}

TEST_CASE("the pace is epochs per second: the step rate follows the batch size") {
  Experiment e = circle();  // 100 training points, batch 10: 10 steps an epoch
  Trainer t(e);
  REQUIRE(t.wait_applied(t.set_pace(4.0), 5s));
  auto s = t.snapshot();
  CHECK(s->pace == 4.0);
  CHECK(s->speed_limit == Approx(4.0 * s->steps_per_epoch));
  e.training.batch_size = 50;
  REQUIRE(t.wait_applied(t.apply(e), 5s));
  s = t.snapshot();
  CHECK(s->steps_per_epoch == 2);
  CHECK(s->speed_limit == Approx(8.0));
  REQUIRE(t.wait_applied(t.set_speed(3.0), 5s));
  CHECK(t.snapshot()->pace == 0.0);
  CHECK(t.snapshot()->speed_limit == 3.0);
}

TEST_CASE("the learning rate in force under a schedule is recorded per epoch and published") {
  Experiment e = circle();
  e.training.schedule.kind = Sched::exponential;
  e.training.schedule.gamma = 0.5;
  Trainer t(e);
  REQUIRE(t.wait_applied(t.step_epochs(3), 5s));
  REQUIRE(t.wait_idle(10s));
  const auto s = t.snapshot();
  CHECK(s->lr == Approx(0.03 * 0.125));
  CHECK(s->experiment->training.optimizer.lr == 0.03);
  CHECK(s->history->rows()[1].lr == Approx(0.015));
}

TEST_CASE("app.pace and progress round-trip through the file, strictly parsed") {
  Experiment e = circle();
  e.app.pace = 12.5;
  RunProgress p;
  p.epoch = 3;
  p.steps = 30;
  p.history = {{0, 0.5, 0.6, 0, 0.5, 0.4, 0.03}, {3, 0.2, kNone, 0, 0.9, kNone, 0.03}};
  p.markers = {{2, "lr 0.03"}};
  e.progress = p;
  const Experiment back = experiment_from_json(experiment_to_json(e));
  CHECK(back.app == e.app);
  REQUIRE(back.progress.has_value());
  CHECK(*back.progress == p);
  e.app.pace = 0.0;
  CHECK(experiment_from_json(experiment_to_json(e)).app.pace == 0.0);
  CHECK(experiment_to_json(e).find("\"pace\": \"max\"") != std::string::npos);

  const std::string head = R"({"descent": 1, )";
  CHECK_THROWS_WITH(experiment_from_json(head + R"("app": {"pace": -1}})", "x.json"),
                    Catch::Contains("x.json: app.pace: must be in [0.01, 1000]"));
  CHECK_THROWS_WITH(experiment_from_json(head + R"("app": {"pace": "fast"}})", "x.json"),
                    Catch::Contains("app.pace: expected epochs per second"));
  CHECK_THROWS_WITH(experiment_from_json(head + R"("app": {"speed": 1}})", "x.json"),
                    Catch::Contains("app"));
  CHECK_THROWS_WITH(experiment_from_json(head + R"("progress": {"epoch": 2, "history": [[3, 1, 1, 0, 1, 1, 0.1]]}})"),
                    Catch::Contains("progress.history[0][0]: is past progress.epoch 2"));
  CHECK_THROWS_WITH(experiment_from_json(head + R"("progress": {"epoch": 5, "history": [[1, 1, 1, 0, 1, 1, 0.1], [1, 1, 1, 0, 1, 1, 0.1]]}})"),
                    Catch::Contains("progress.history[1][0]: epochs must increase"));
  CHECK_THROWS_WITH(experiment_from_json(head + R"("progress": {"epoch": 5, "history": [[1, 1]]}})"),
                    Catch::Contains("progress.history[0]: expected [epoch, train_loss"));
}

TEST_CASE("a file's progress is restored by the trainer, ignored by a bare session") {
  Experiment e = circle();
  Session trained(e);
  for (int i = 0; i < 4; ++i) trained.run_epoch();
  Experiment saved = trained.to_experiment();
  RunProgress p;
  p.epoch = trained.epoch();
  p.steps = trained.steps();
  p.history = trained.history().rows();
  p.markers = {{1, "lr 0.03"}};
  saved.progress = p;

  Session bare(saved);
  CHECK(bare.epoch() == 0);
  CHECK_FALSE(bare.experiment().progress.has_value());

  Trainer t(saved);
  const auto s = t.snapshot();
  CHECK(s->epoch == 4);
  CHECK(s->steps == trained.steps());
  CHECK(s->history->rows().size() == trained.history().rows().size());
  CHECK(s->history->markers().size() == 1);
  CHECK(s->metrics.train_loss == Approx(trained.history().last().train_loss));
  CHECK_FALSE(s->experiment->progress.has_value());
}
