// Trainer thread: command ordering, untorn snapshots, random edits while training flat out,
// and the same numbers as a bare Session. Run under ThreadSanitizer in CI.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "nn/trainer.h"

using namespace nn;
using namespace std::chrono_literals;

namespace {

Experiment small() {
  Experiment e;
  e.seed = 3;
  e.data.generator = "xor";
  e.data.n = 120;
  e.network.hidden = {4};
  e.network.activations = {Act::tanh};
  e.network.output = OutAct::tanh;
  e.network.init = Init::playground;
  e.training.optimizer = OptimizerSpec::defaults(Opt::sgd);
  e.training.optimizer.lr = 0.03;
  e.training.batch_size = 10;
  e.training.epochs = 0;  // no end: the tests decide
  return e;
}

// Invariants every published snapshot must satisfy, whatever is being edited: the first one
// violated, or "" when all hold. (Reader threads call this and keep the answer: Catch's
// assertions are for the test's own thread only.)
std::string inconsistency(const Snapshot& s) {
  if (!s.experiment) return "no experiment";
  if (!s.data) return "no data";
  if (!s.history) return "no history";
  if (s.params.size() != s.arch.parameter_count()) return "params do not fit the architecture";
  if (s.arch.hidden != s.experiment->network.hidden) return "architecture and experiment disagree on hidden layers";
  if (s.arch.inputs != static_cast<int>(s.experiment->features.size())) return "inputs and features disagree";
  if (s.layers.size() != static_cast<size_t>(s.arch.layers())) return "one layer stat per layer";
  const auto& rows = s.history->rows();
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i].epoch <= rows[i - 1].epoch) return "history epochs not increasing";
  return "";
}

void check_consistent(const Snapshot& s) { REQUIRE(inconsistency(s) == ""); }

// A reader thread's verdict: the first inconsistency it saw (guarded: written by the reader,
// read by the test after join).
struct ReaderVerdict {
  std::mutex mu;
  std::string first;
  void see(const std::string& what) {
    if (what.empty()) return;
    std::lock_guard lock(mu);
    if (first.empty()) first = what;
  }
};

}  // namespace

TEST_CASE("commands apply in order, step_epochs stops exactly there") {
  Trainer t(small());
  Experiment e = small();
  e.training.optimizer.lr = 0.1;
  t.apply(e);
  e.training.optimizer.lr = 0.2;
  t.apply(e);
  const auto seq = t.step_epochs(3);
  REQUIRE(t.wait_applied(seq, 5s));
  REQUIRE(t.wait_idle(10s));
  auto s = t.snapshot();
  CHECK(s->experiment->training.optimizer.lr == 0.2);
  CHECK(s->epoch == 3);
  CHECK(s->steps == 3 * s->steps_per_epoch);
  CHECK_FALSE(s->playing);
}

TEST_CASE("loading another experiment at epoch 0 publishes the new run's own epoch-0 row") {
  Trainer t(small());
  Experiment other = small();
  other.seed += 17;  // other initial weights: another epoch-0 loss, at the same epoch
  const Session lone(other);
  REQUIRE(lone.history().last().train_loss != Session(small()).history().last().train_loss);
  REQUIRE(t.wait_applied(t.load(other), 5s));
  const auto s = t.snapshot();
  CHECK(s->epoch == 0);
  CHECK(s->history->last().train_loss == lone.history().last().train_loss);
}

TEST_CASE("a refused edit reports its message and the next command clears it") {
  Trainer t(small());
  Experiment bad = small();
  bad.network.hidden = {999};
  auto seq = t.apply(bad);
  REQUIRE(t.wait_applied(seq, 5s));
  CHECK_THAT(t.snapshot()->message, Catch::Contains("network.hidden[0]"));
  CHECK(t.snapshot()->arch.hidden == std::vector<int>{4});
  seq = t.step_steps(1);
  REQUIRE(t.wait_applied(seq, 5s));
  CHECK(t.snapshot()->message.empty());
}

TEST_CASE("trainer and bare session give bit-identical weights for the same epochs") {
  const Experiment e = small();
  Session bare(e);
  for (int i = 0; i < 25; ++i) bare.run_epoch();
  Trainer t(e);
  t.step_epochs(25);
  REQUIRE(t.wait_idle(20s));
  auto s = t.snapshot();
  REQUIRE(s->epoch == 25);
  CHECK(s->params == bare.network().params());
  CHECK(s->history->last().train_loss == bare.history().last().train_loss);
}

TEST_CASE("playing: snapshots advance and are never torn while a reader hammers them") {
  Trainer t(small());
  t.play();
  std::atomic<bool> stop{false};
  std::atomic<long> seen{0};
  ReaderVerdict verdict;
  std::thread reader([&] {
    uint64_t last = 0;
    while (!stop.load()) {
      auto s = t.snapshot();
      if (s->version < last) verdict.see("snapshot version went backwards");
      last = s->version;
      verdict.see(inconsistency(*s));
      seen.fetch_add(1);
    }
  });
  std::this_thread::sleep_for(300ms);
  stop = true;
  reader.join();
  CHECK(verdict.first == "");
  t.pause();
  REQUIRE(t.wait_idle(5s));
  CHECK(t.snapshot()->steps > 0);
  CHECK(seen.load() > 0);
}

TEST_CASE("2,000 random architecture and data edits while training flat out") {
  Trainer t(small());
  t.set_max_steps_per_publish(4);  // a snapshot every 4 steps: training between edits is visible
  t.play();
  Rng rng(11);
  std::atomic<bool> stop{false};
  ReaderVerdict verdict;
  std::thread reader([&] {
    while (!stop.load()) verdict.see(inconsistency(*t.snapshot()));
  });
  // After each edit, wait until it is applied and the trainer has stepped on the edited
  // session, so that edits really interleave with training (not 2,000 queued at once).
  long trained_between = 0;
  auto train_a_little = [&](uint64_t seq) {
    REQUIRE(t.wait_applied(seq, 10s));
    const auto applied = t.snapshot();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto s = t.snapshot();
      if (!s->playing || s->state != RunState::running) return;  // e.g. no training points painted
      if (s->steps > applied->steps) {
        ++trained_between;
        return;
      }
      std::this_thread::sleep_for(20us);
    }
    FAIL("the trainer applied an edit but did not train after it");
  };
  Experiment e = small();
  size_t expected_points = 0;
  bool data_painted = false;
  for (int i = 0; i < 2000; ++i) {
    switch (rng.below(6)) {
      case 0: {  // add or remove a hidden layer
        if (e.network.hidden.size() < 3 && rng.below(2)) {
          e.network.hidden.push_back(1 + rng.below(6));
          e.network.activations.push_back(Act::relu);
        } else if (!e.network.hidden.empty()) {
          e.network.hidden.pop_back();
          e.network.activations.pop_back();
        }
        train_a_little(t.apply(e));
        break;
      }
      case 1:  // resize a layer
        if (!e.network.hidden.empty()) {
          e.network.hidden[rng.below(uint32_t(e.network.hidden.size()))] = 1 + rng.below(8);
          train_a_little(t.apply(e));
        }
        break;
      case 2: {  // toggle a feature
        const Feature f = static_cast<Feature>(rng.below(7));
        auto it = std::find(e.features.begin(), e.features.end(), f);
        if (it != e.features.end() && e.features.size() > 1) e.features.erase(it);
        else if (it == e.features.end()) e.features.push_back(f);
        train_a_little(t.apply(e));
        break;
      }
      case 3: {  // paint: a new set of points
        Dataset d;
        const int n = static_cast<int>(rng.below(40));
        for (int k = 0; k < n; ++k)
          d.points.push_back({rng.uniform(-6, 6), rng.uniform(-6, 6), double(rng.below(2)), rng.below(4) == 0});
        expected_points = d.points.size();
        data_painted = true;
        const uint64_t seq = t.set_data(d);
        // set_data records the points in the experiment; keep our copy in step
        e.data.source = DataSpec::Source::points;
        e.data.points = d;
        e.data.task = "classification";
        e.data.classes = 2;
        train_a_little(seq);
        break;
      }
      case 4:  // learning rate / batch size
        e.training.optimizer.lr = std::pow(10.0, rng.uniform(-4, 0));
        e.training.batch_size = static_cast<int>(rng.below(20));
        train_a_little(t.apply(e));
        break;
      case 5:
        if (rng.below(3) == 0) train_a_little(t.reset());
        else train_a_little(t.set_parameter(0, 0, 0, rng.uniform(-1, 1)));
        break;
    }
  }
  const auto seq = t.pause();
  REQUIRE(t.wait_applied(seq, 60s));
  stop = true;
  reader.join();
  CHECK(verdict.first == "");
  auto s = t.snapshot();
  check_consistent(*s);
  CHECK(s->arch.hidden == e.network.hidden);
  CHECK(s->experiment->features == e.features);
  if (data_painted) CHECK(s->data->points.size() == expected_points);  // no point lost
  // Most edits leave a session with training points: the trainer stepped after each of those.
  INFO("edits followed by training: " << trained_between);
  CHECK(trained_between > 1000);
}

TEST_CASE("divergence pauses training, and going back to the last finite weights resumes") {
  Experiment e = small();
  e.data.generator = "reg-plane";
  e.network.activations = {Act::relu};
  e.network.output = OutAct::linear;
  e.loss = Loss::mse;
  e.training.optimizer.lr = 1e6;  // blows up within the first steps
  Trainer t(e);
  const Eigen::VectorXf initial = t.snapshot()->params;
  t.play();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (t.snapshot()->state != RunState::diverged && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  auto s = t.snapshot();
  REQUIRE(s->state == RunState::diverged);
  CHECK_FALSE(s->playing);
  REQUIRE(s->divergence.has_value());
  CHECK(s->has_last_finite);  // even when it blew up before the first epoch ended
  // The snapshot carries those weights (what a save writes after a divergence).
  REQUIRE(s->last_finite);
  CHECK(s->last_finite->size() == s->params.size());
  CHECK(s->last_finite->allFinite());
  CHECK(s->last_finite_epoch <= s->epoch);
  const Eigen::VectorXf kept = *s->last_finite;
  const auto seq = t.restore_last_finite();
  REQUIRE(t.wait_applied(seq, 5s));
  s = t.snapshot();
  CHECK(s->state == RunState::running);
  CHECK(s->message.empty());
  CHECK(s->params.allFinite());
  CHECK(s->params == kept);  // the weights the snapshot offered are the ones restored
  CHECK_FALSE(s->last_finite);  // no longer diverged: nothing to offer
  if (s->epoch == 0) CHECK(s->params == initial);
}

TEST_CASE("a step after the run ended goes on past the limit, which the experiment and a reset keep") {
  Experiment e = small();
  e.training.epochs = 2;
  Trainer t(e);
  REQUIRE(t.wait_applied(t.play(), 5s));
  REQUIRE(t.wait_idle(10s));
  auto s = t.snapshot();
  REQUIRE(s->epoch == 2);
  REQUIRE(s->state == RunState::finished);
  CHECK_FALSE(s->limits_lifted);

  REQUIRE(t.wait_applied(t.step_epochs(1), 5s));
  REQUIRE(t.wait_idle(10s));
  s = t.snapshot();
  CHECK(s->epoch == 3);
  CHECK(s->limits_lifted);
  CHECK(s->experiment->training.epochs == 2);  // a pause point, not erased
  CHECK_FALSE(s->playing);

  // Reset brings the limit back: play pauses at epoch 2 again.
  REQUIRE(t.wait_applied(t.reset(), 5s));
  REQUIRE(t.wait_applied(t.play(), 5s));
  REQUIRE(t.wait_idle(10s));
  s = t.snapshot();
  CHECK(s->epoch == 2);
  CHECK(s->state == RunState::finished);
  CHECK_FALSE(s->limits_lifted);

  // One optimizer step likewise, once a run ended by its loss threshold.
  Experiment c = small();
  c.training.loss_threshold = 1e6;  // reached by the first epoch
  Trainer u(c);
  REQUIRE(u.wait_applied(u.step_epochs(1), 5s));
  REQUIRE(u.wait_idle(10s));
  REQUIRE(u.snapshot()->state == RunState::converged);
  const long steps = u.snapshot()->steps;
  REQUIRE(u.wait_applied(u.step_steps(1), 5s));
  REQUIRE(u.wait_idle(10s));
  CHECK(u.snapshot()->steps == steps + 1);
  CHECK(u.snapshot()->experiment->training.loss_threshold == 1e6);
}
