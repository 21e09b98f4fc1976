// nn/runs.h — compare: K runs of one experiment that differ in one setting, trained together.
//
// Each run is a Session built from its own Experiment (nn::variants: the base with the setting
// at a JSON path set to one value), so a run equals, bit for bit, the same experiment trained
// alone: same data (generated once and shared), same initial weights, same batch order and
// dropout masks, whenever the changed setting does not decide them itself (what it does decide:
// "seed" — the weights, the batch order and the masks, the data being pinned; "network.init"
// and the network's shape — the weights; "training.batch_size" — how the same order is cut).
//
// A pool of worker threads (as many as cores by default) steps the runs: a worker claims a run
// that has work, applies its pending commands or trains a burst of ~2 ms, publishes, releases
// it and takes the next, round robin. A run is touched by one worker at a time, and never by
// anyone else. A diverged run stops at its epoch; the others go on.
//
// The hand-off is the Trainer's (nn/trainer.h): commands go in through a queue and are applied
// between steps; each run publishes immutable RunSnapshots through its own SnapshotSlot, and a
// RunSnapshot *is* a Snapshot, so a panel that draws the Trainer's snapshot draws a run as is.
// The UI never waits on a run.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "nn/checkpoints.h"
#include "nn/experiment.h"
#include "nn/session.h"
#include "nn/trainer.h"

namespace nn {

// Where a comparison starts: from scratch, or from a run's checkpoint ("branch from here"),
// with that run's history up to the checkpoint as every branch's past.
struct BranchPoint {
  std::shared_ptr<const Checkpoint> checkpoint;
  std::shared_ptr<const History> history;  // the original run's (rows after the checkpoint are dropped)
};

struct CompareSpec {
  Experiment base;
  std::string path = "training.optimizer.lr";  // the setting compared (a JSON path)
  std::vector<std::string> values;             // 1–8 values as typed; empty: default_values()
  double target = 0.95;  // "epochs to reach": test accuracy (train without a test set; R² for regression)
  int threads = 0;       // worker threads; 0: as many as cores
  std::optional<Dataset> data;        // the data set (painted points); unset: make_dataset(base)
  std::optional<BranchPoint> branch;  // start from a checkpoint (the network's shape must not change)
  // Called with every History row a run adds (epoch 0 included, and a diverged run's last),
  // on the thread that holds the run: for the CLI's CSV, which needs every epoch (a History
  // keeps a bounded number). Calls for one run never overlap; calls for different runs may.
  std::function<void(int run, const EpochRow& row)> on_row;
};

inline constexpr int kMaxCompareRuns = 8;

struct RunSnapshot : Snapshot {
  int index = 0;
  std::string value;            // the compared setting's value, as typed
  long epochs_to_target = -1;   // first epoch whose metric reached CompareSpec::target; -1: not yet
  long started_at = 0;          // epoch it started from (a branch's checkpoint; else 0)
};

class Runs {
 public:
  // Builds every run (throws nn::Error for a bad path, value or branch) and starts the
  // workers, paused.
  explicit Runs(CompareSpec spec);
  ~Runs();
  Runs(const Runs&) = delete;
  Runs& operator=(const Runs&) = delete;

  int size() const { return int(runs_.size()); }
  const std::string& path() const { return spec_.path; }
  const std::string& value(int i) const { return runs_[size_t(i)]->value; }
  const Experiment& experiment(int i) const { return runs_[size_t(i)]->exp; }  // immutable
  int threads() const { return int(workers_.size()); }

  // The latest snapshot of run i; never waits on training.
  std::shared_ptr<const RunSnapshot> snapshot(int i) const { return runs_[size_t(i)]->slot.load(); }
  std::vector<std::shared_ptr<const RunSnapshot>> snapshots() const;

  // Commands to every run, applied in order between steps; each returns its sequence number
  // (a run's snapshot's applied_command reaches it once the run applied it).
  uint64_t play();
  uint64_t pause();
  uint64_t step_epochs(long n);
  uint64_t step_steps(long n);
  uint64_t reset();                  // back to the start (a branch: back to its checkpoint)
  uint64_t set_speed(double steps_per_second);  // 0 = unlimited
  uint64_t set_max_steps_per_publish(long n);   // test hook: publish after every n steps

  // "Keep this one": run i's experiment with the weights of its latest snapshot.
  Experiment keep(int i) const;

  // For tests and the CLI only (the UI never waits).
  bool wait_applied(uint64_t seq, std::chrono::milliseconds timeout) const;
  bool wait_idle(std::chrono::milliseconds timeout) const;  // every run paused or stopped

 private:
  struct Play {};
  struct Pause {};
  struct StepEpochs { long n; };
  struct StepSteps { long n; };
  struct Reset {};
  struct SetSpeed { double sps; };
  struct SetPublish { long n; };
  using Command = std::variant<Play, Pause, StepEpochs, StepSteps, Reset, SetSpeed, SetPublish>;
  using Clock = std::chrono::steady_clock;

  struct Run {
    int index = 0;
    std::string value;
    Experiment exp;
    std::unique_ptr<Session> session;  // the claiming worker's only
    CheckpointLog checkpoints;
    SessionPublisher publisher;
    // --- the claiming worker's only ----------------------------------------------------------
    bool playing = false;
    long steps_left = -1, epochs_target = -1;
    double speed = 0.0;
    long publish_every = 0, since_publish = 0;
    uint64_t applied = 0, version = 0, params_version = 1;
    long to_target = -1;
    long last_row = -1;  // epoch of the last History row seen
    Clock::time_point next_step_at{}, last_publish{}, sps_t0{};
    long sps_steps0 = 0;
    double sps = 0.0;
    // --- guarded by Runs::mu_ ----------------------------------------------------------------
    std::deque<std::pair<uint64_t, Command>> queue;
    bool claimed = false;
    bool wants_steps = false;       // playing and not stopped
    Clock::time_point due{};        // with a speed limit: not before
    SnapshotSlot<RunSnapshot> slot;
  };

  uint64_t push(const Command& c);
  void start_run(Run& r);
  void worker();
  Run* pick(Clock::time_point now, Clock::time_point& earliest);
  bool idle_locked() const;
  void work(Run& r, std::deque<std::pair<uint64_t, Command>>& cmds);
  void execute(Run& r, Command& c);
  void train_burst(Run& r);
  void after_row(Run& r);
  void publish(Run& r);

  CompareSpec spec_;
  std::shared_ptr<const History> branch_history_;
  std::vector<std::unique_ptr<Run>> runs_;

  mutable std::mutex mu_;               // guards every Run's queue/claimed/wants_steps/due, and below
  std::condition_variable cv_;          // wakes workers: commands, a released run with work
  mutable std::condition_variable idle_cv_;  // wakes wait_idle
  uint64_t next_seq_ = 1;
  size_t cursor_ = 0;                   // round robin
  bool quit_ = false;
  std::vector<std::thread> workers_;
};

// First epoch in `h` (from `from_epoch` on) whose metric reached `target`: test accuracy, or the
// train one without a test set (R² for regression); -1 when none did. Exact while the history
// keeps every epoch (the first 4096), to its stride after that.
long epochs_to_reach(const History& h, double target, bool has_test);

}  // namespace nn
