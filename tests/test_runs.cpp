// Compare (nn/runs.h) and settings by JSON path (nn/setting.h): every compared run equals the
// same experiment trained alone, bit for bit; what runs share; divergence of one run; commands;
// branching from a checkpoint; bad keys and values. Run under ThreadSanitizer in CI.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "nn/runs.h"
#include "nn/setting.h"
#include "tests/lab_helpers.h"

using namespace nn;
using namespace std::chrono_literals;
using lab_test::preset;
using lab_test::same_params;
using lab_test::same_row;

namespace {

// Every row a run produced, collected through CompareSpec::on_row.
struct Rows {
  std::mutex mu;
  std::vector<std::vector<EpochRow>> rows = std::vector<std::vector<EpochRow>>(kMaxCompareRuns);
  void hook(CompareSpec& spec) {
    spec.on_row = [this](int run, const EpochRow& r) {
      std::lock_guard lock(mu);
      rows[size_t(run)].push_back(r);
    };
  }
};

// The experiment trained alone as the CLI does: every row, and the final weights.
struct Lone {
  std::vector<EpochRow> rows;
  Eigen::VectorXf params;
  std::optional<Divergence> divergence;
};
Lone train_alone(const Experiment& e) {
  Session s(e);
  Lone l;
  l.rows.push_back(s.history().last());
  while (!s.stopped()) {
    s.run_epoch();
    if (s.history().last().epoch > l.rows.back().epoch) l.rows.push_back(s.history().last());
  }
  l.params = s.network().params();
  l.divergence = s.divergence();
  return l;
}

void run_to_end(Runs& runs) {
  runs.play();
  REQUIRE(runs.wait_idle(120s));
}

void check_equals_alone(const Runs& runs, Rows& rows, const std::vector<Experiment>& alone) {
  for (int i = 0; i < runs.size(); ++i) {
    INFO("run " << i << ": " << runs.value(i));
    const Lone l = train_alone(alone[size_t(i)]);
    const auto snap = runs.snapshot(i);
    REQUIRE(rows.rows[size_t(i)].size() == l.rows.size());
    for (size_t k = 0; k < l.rows.size(); ++k) REQUIRE(same_row(rows.rows[size_t(i)][k], l.rows[k]));
    CHECK(same_params(snap->params, l.params));
    CHECK(snap->divergence.has_value() == l.divergence.has_value());
  }
}

Experiment short_preset(const std::string& slug, int epochs) {
  Experiment e = preset(slug);
  e.training.epochs = epochs;
  return e;
}

}  // namespace

TEST_CASE("compare: each learning rate's run equals that experiment trained alone, bit for bit") {
  CompareSpec spec;
  spec.base = short_preset("playground-default", 60);
  spec.path = "training.optimizer.lr";
  spec.values = {"0.003", "0.03", "0.3", "3"};
  spec.threads = 2;
  Rows rows;
  rows.hook(spec);
  Runs runs(spec);
  REQUIRE(runs.size() == 4);
  run_to_end(runs);
  // "Alone" is the file's experiment with the rate set in C++, not through the JSON path.
  std::vector<Experiment> alone;
  for (double lr : {0.003, 0.03, 0.3, 3.0}) {
    Experiment e = spec.base;
    e.training.optimizer.lr = lr;
    alone.push_back(e);
  }
  check_equals_alone(runs, rows, alone);
  for (int i = 0; i < runs.size(); ++i) CHECK(runs.snapshot(i)->epoch == (runs.snapshot(i)->divergence ? runs.snapshot(i)->epoch : 60));
}

TEST_CASE("compare: optimizer, batch size, activation, schedule and dropout runs equal their lone runs") {
  struct Case {
    const char* slug;
    const char* path;
    std::vector<std::string> values;
  };
  const std::vector<Case> cases{
      {"spiral-deep-adam", "training.optimizer.name", {"adam", "sgd", "rmsprop"}},
      {"playground-default", "training.batch_size", {"1", "10", "full"}},
      {"playground-default", "network.activation", {"tanh", "relu", "sigmoid"}},
      {"spiral-deep-adam", "training.schedule.name", {"cosine", "constant", "step"}},
      {"spiral-deep-adam", "training.dropout", {"0", "0.2"}},
  };
  for (const auto& c : cases) {
    INFO(c.slug << " " << c.path);
    CompareSpec spec;
    spec.base = short_preset(c.slug, 12);
    spec.path = c.path;
    spec.values = c.values;
    Rows rows;
    rows.hook(spec);
    Runs runs(spec);
    run_to_end(runs);
    std::vector<Experiment> alone;
    for (const auto& v : c.values) alone.push_back(with_setting(spec.base, c.path, v));
    check_equals_alone(runs, rows, alone);
  }
}

TEST_CASE("compare: runs share the data and the initial weights unless the setting decides them") {
  const Experiment base = preset("spiral-deep-adam");
  auto initial = [&](const char* path, std::vector<std::string> values) {
    CompareSpec spec;
    spec.base = base;
    spec.path = path;
    spec.values = std::move(values);
    Runs runs(spec);
    return runs.snapshots();
  };
  for (const char* path : {"training.optimizer.lr", "training.optimizer.name", "network.activation", "training.l2"}) {
    INFO(path);
    const auto snaps = initial(path, default_values(base, path));
    for (const auto& s : snaps) {
      CHECK(same_params(s->params, snaps[0]->params));
      CHECK(*s->data == *snaps[0]->data);
      CHECK(s->epoch == 0);
    }
  }
  const auto inits = initial("network.init", {"xavier_uniform", "he_normal"});
  CHECK_FALSE(same_params(inits[0]->params, inits[1]->params));
}

TEST_CASE("compare: a seed comparison keeps the data and changes the weights, the base seed's run is the preset itself") {
  CompareSpec spec;
  spec.base = short_preset("playground-default", 30);  // seed 7, data.seed unset
  spec.path = "seed";
  spec.values = {"7", "8", "9"};
  Rows rows;
  rows.hook(spec);
  Runs runs(spec);
  const auto s0 = runs.snapshots();
  for (int i = 0; i < 3; ++i) {
    CHECK(*s0[size_t(i)]->data == *s0[0]->data);              // shared: the data (data.seed pinned to 7)
    CHECK(runs.experiment(i).data.seed == std::optional<uint64_t>(7));
  }
  CHECK_FALSE(same_params(s0[0]->params, s0[1]->params));  // not shared: weights, batch order, masks
  run_to_end(runs);
  std::vector<Experiment> alone{spec.base, runs.experiment(1), runs.experiment(2)};
  check_equals_alone(runs, rows, alone);
}

TEST_CASE("compare: a diverged run stops at its epoch while the others train on") {
  CompareSpec spec;
  spec.base = short_preset("lr-too-high", 40);
  spec.path = "training.optimizer.lr";
  spec.values = {"0.03", "3"};
  Rows rows;
  rows.hook(spec);
  Runs runs(spec);
  run_to_end(runs);
  check_equals_alone(runs, rows, {runs.experiment(0), spec.base});  // lr-too-high's own rate is 3
  const auto ok = runs.snapshot(0), bad = runs.snapshot(1);
  CHECK(ok->state == RunState::finished);
  CHECK(ok->epoch == 40);
  REQUIRE(bad->state == RunState::diverged);
  REQUIRE(bad->divergence);
  CHECK(bad->divergence->epoch < 40);
  CHECK(bad->epoch < bad->divergence->epoch);
  CHECK(bad->history->last().epoch == bad->divergence->epoch);
}

TEST_CASE("compare: epochs to reach the target accuracy, per run") {
  CompareSpec spec;
  spec.base = short_preset("playground-default", 120);
  spec.values = {"0.003", "0.03", "0.3"};
  spec.target = 0.95;
  Rows rows;
  rows.hook(spec);
  Runs runs(spec);
  run_to_end(runs);
  for (int i = 0; i < 3; ++i) {
    long first = -1;
    for (const auto& r : rows.rows[size_t(i)])
      if (first < 0 && r.test_metric >= 0.95) first = r.epoch;
    CHECK(runs.snapshot(i)->epochs_to_target == first);
    CHECK(epochs_to_reach(*runs.snapshot(i)->history, 0.95, true) == first);
  }
  CHECK(runs.snapshot(0)->epochs_to_target == -1);  // 0.003 crawls
  CHECK(runs.snapshot(1)->epochs_to_target > runs.snapshot(2)->epochs_to_target);
}

TEST_CASE("compare: commands reach every run: step, pause, reset, snapshots are read while training") {
  CompareSpec spec;
  spec.base = preset("playground-default");
  spec.base.training.epochs = 0;  // no end
  spec.threads = 2;
  Runs runs(spec);  // 4 default rates on 2 workers
  const auto initial = runs.snapshots();
  REQUIRE(runs.wait_applied(runs.step_epochs(7), 10s));
  REQUIRE(runs.wait_idle(30s));
  for (const auto& s : runs.snapshots()) CHECK((s->epoch == 7 || s->state == RunState::diverged));
  std::atomic<bool> stop{false}, torn{false};
  std::atomic<long> reads{0};
  std::thread reader([&] {  // a "UI" reading every run's snapshot while they train flat out
    while (!stop) {        // (no Catch assertions off the main thread: they are not thread-safe)
      for (int i = 0; i < runs.size(); ++i) {
        const auto s = runs.snapshot(i);
        if (s->params.size() != s->arch.parameter_count() || s->history->last().epoch < 0 ||
            s->history->last().epoch > s->epoch + 1)
          torn = true;
        reads.fetch_add(1);
      }
    }
  });
  runs.play();
  std::this_thread::sleep_for(100ms);
  REQUIRE(runs.wait_applied(runs.pause(), 10s));
  REQUIRE(runs.wait_idle(10s));
  stop = true;
  reader.join();
  CHECK(reads.load() > 0);
  CHECK_FALSE(torn.load());
  const auto paused = runs.snapshots();
  std::this_thread::sleep_for(20ms);
  for (int i = 0; i < runs.size(); ++i) CHECK(runs.snapshot(i)->steps == paused[size_t(i)]->steps);
  REQUIRE(runs.wait_applied(runs.reset(), 10s));
  for (int i = 0; i < runs.size(); ++i) {
    CHECK(runs.snapshot(i)->epoch == 0);
    CHECK(same_params(runs.snapshot(i)->params, initial[size_t(i)]->params));
  }
}

TEST_CASE("compare: a speed limit paces every run, keep() gives a run's experiment with its weights") {
  CompareSpec spec;
  spec.base = preset("playground-default");
  spec.values = {"0.03", "0.3"};
  Runs runs(spec);
  runs.set_speed(200);
  runs.play();
  std::this_thread::sleep_for(300ms);
  REQUIRE(runs.wait_applied(runs.pause(), 10s));
  for (int i = 0; i < 2; ++i) {
    CHECK(runs.snapshot(i)->steps > 10);
    CHECK(runs.snapshot(i)->steps < 200);
  }
  const Experiment kept = runs.keep(1);
  CHECK(kept.training.optimizer.lr == 0.3);
  Session s(kept);
  CHECK(same_params(s.network().params(), runs.snapshot(1)->params));
}

TEST_CASE("compare: branching from a checkpoint continues the run exactly, and a changed rate diverges from it there") {
  Experiment e = short_preset("spiral-deep-adam", 40);
  e.training.dropout = 0.1;  // the dropout stream must be restored too
  CompareSpec orig;
  orig.base = e;
  orig.values = {"0.003"};
  Runs original(orig);
  run_to_end(original);
  const auto done = original.snapshot(0);
  REQUIRE(done->epoch == 40);
  REQUIRE(done->checkpoints);
  std::shared_ptr<const Checkpoint> cp;
  for (const auto& c : *done->checkpoints)
    if (c->epoch() == 16) cp = c;
  REQUIRE(cp);

  CompareSpec branch;
  branch.base = e;
  branch.values = {"0.003", "0.0003"};
  branch.branch = BranchPoint{cp, done->history};
  Runs b(branch);
  CHECK(b.snapshot(0)->epoch == 16);
  CHECK(b.snapshot(0)->started_at == 16);
  run_to_end(b);
  const auto same = b.snapshot(0), lowered = b.snapshot(1);
  CHECK(same->epoch == 40);
  CHECK(same_params(same->params, done->params));
  CHECK(same_row(same->history->last(), done->history->last()));
  CHECK_FALSE(same_params(lowered->params, done->params));
  REQUIRE_FALSE(lowered->history->markers().empty());
  CHECK(lowered->history->markers().back().epoch == 16);
  CHECK(lowered->history->rows().front().epoch == 0);  // the branch's past is the original's
}

TEST_CASE("settings: a JSON path names any setting, values are typed as in a file") {
  const Experiment e = preset("playground-default");
  CHECK(with_setting(e, "training.optimizer.lr", "0.3").training.optimizer.lr == 0.3);
  CHECK(with_setting(e, "training.batch_size", "full").training.batch_size == 0);
  CHECK(with_setting(e, "network.activation", "relu").network.activations == std::vector<Act>{Act::relu, Act::relu});
  CHECK(with_setting(e, "network.hidden", "[8, 8, 8]").network.hidden == std::vector<int>{8, 8, 8});
  CHECK(with_setting(e, "training.shuffle", "true").training.shuffle);
  CHECK(with_setting(e, "seed", "42").seed == 42);
  // Switching the optimizer keeps the rate and takes the new kind's defaults for the rest.
  const Experiment adam = with_setting(e, "training.optimizer.name", "adam");
  CHECK(adam.training.optimizer.kind == Opt::adam);
  CHECK(adam.training.optimizer.lr == 0.03);
  CHECK(adam.training.optimizer.beta2 == 0.999);
  const Experiment cosine = with_setting(e, "training.schedule.name", "cosine");
  CHECK(cosine.training.schedule.kind == Sched::cosine);
  CHECK(split_values("0.1, 0.3,[8,8],\"a,b\"") == std::vector<std::string>{"0.1", "0.3", "[8,8]", "\"a,b\""});
  CHECK(default_values(e, "training.optimizer.lr") == std::vector<std::string>{"0.003", "0.03", "0.3", "3"});
  CHECK(compare_settings().size() == 10);
  for (const auto& row : compare_settings()) {
    INFO(row.path);
    const auto values = row.defaults(e);
    CHECK(values.size() >= 2);
    CHECK(values.size() <= size_t(kMaxCompareRuns));
    if (std::string(row.path) != "training.optimizer.momentum") CHECK_NOTHROW(variants(e, row.path, values));
  }
}

TEST_CASE("settings: a bad key or value is one line naming it, with a did-you-mean") {
  const Experiment e = preset("playground-default");
  auto message = [&](const char* path, const char* value) {
    try {
      with_setting(e, path, value);
    } catch (const Error& err) {
      return std::string(err.what());
    }
    return std::string("(no error)");
  };
  CHECK(message("training.optimzer.lr", "1") ==
        "training.optimzer: unknown setting \"optimzer\"; did you mean \"optimizer\"?");
  CHECK(message("trainig", "1") == "trainig: unknown setting \"trainig\"; did you mean \"training\"?");
  CHECK(message("training.optimizer.lr", "-1") == "training.optimizer.lr: must be > 0, got -1");
  CHECK(message("network.activation", "rellu").find("did you mean \"relu\"") != std::string::npos);
  CHECK(message("training.optimizer.lr.x", "1") == "training.optimizer.lr: is a value, not a group of settings");
  CompareSpec spec;
  spec.base = e;
  spec.values = std::vector<std::string>(9, "0.1");
  CHECK_THROWS_WITH(Runs(spec), "training.optimizer.lr: at most 8 values, got 9");
}

TEST_CASE("timeline: the Trainer keeps checkpoints at log-spaced epochs, and a branch from one continues it exactly") {
  Experiment e = short_preset("playground-default", 30);
  Trainer t(e);
  REQUIRE(t.wait_applied(t.step_epochs(30), 10s));
  REQUIRE(t.wait_idle(60s));
  const auto snap = t.snapshot();
  REQUIRE(snap->epoch == 30);
  REQUIRE(snap->checkpoints);
  std::vector<long> epochs;
  for (const auto& c : *snap->checkpoints) epochs.push_back(c->epoch());
  CHECK(epochs == std::vector<long>{0, 1, 2, 3, 4, 6, 8, 12, 16, 24});
  // "Branch from here" at epoch 16, as the timeline would: the main run's experiment and past.
  CompareSpec spec;
  spec.base = *snap->experiment;
  spec.values = {"0.03", "0.01"};
  spec.branch = BranchPoint{(*snap->checkpoints)[8], snap->history};
  Runs b(spec);
  run_to_end(b);
  CHECK(same_params(b.snapshot(0)->params, snap->params));
  CHECK(same_row(b.snapshot(0)->history->last(), snap->history->last()));
  CHECK_FALSE(same_params(b.snapshot(1)->params, snap->params));
  REQUIRE(t.wait_applied(t.reset(), 10s));
  REQUIRE(t.snapshot()->checkpoints->size() == 1);
  CHECK(t.snapshot()->checkpoints->front()->epoch() == 0);
}
