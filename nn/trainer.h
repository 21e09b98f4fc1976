// nn/trainer.h — a Session on its own thread, driven by commands, publishing Snapshots.
//
// The one hand-off between the trainer thread and everyone else:
//   * commands go in through a queue (a mutex held only to push/pop, never during a step) and
//     are applied strictly in order, *between* optimizer steps, so an edit never races a step;
//   * results come out as `std::shared_ptr<const Snapshot>` through a SnapshotSlot. A reader
//     gets an immutable, complete picture — never torn — and never waits on training: the
//     slot's lock guards one pointer copy, nothing else.
// Nothing else crosses threads. The Session itself is touched by the trainer thread only.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "nn/checkpoints.h"
#include "nn/experiment.h"
#include "nn/history.h"
#include "nn/inspect.h"
#include "nn/layer_stats.h"
#include "nn/network.h"
#include "nn/session.h"

namespace nn {

struct Snapshot {
  uint64_t version = 0;          // increases with every publish
  uint64_t params_version = 0;   // increases whenever the weights change
  uint64_t applied_command = 0;  // sequence number of the last command applied

  std::shared_ptr<const Experiment> experiment;  // as currently applied
  std::shared_ptr<const Dataset> data;           // replaced only when the data changes
  std::shared_ptr<const History> history;        // replaced when a row or marker was added
  // Every optimizer step's batch loss, bounded (nn/history.h); replaced when a step was added.
  std::shared_ptr<const StepLossTrace> step_losses;
  // The metrics of the weights and data in this snapshot: current after any edit, at the end of
  // each epoch and whenever the trainer is paused (after single steps too).
  EpochRow metrics;
  std::shared_ptr<const CheckpointList> checkpoints;  // the timeline (replaced when one is kept)
  Architecture arch;
  Eigen::VectorXf params;        // (P) flat, Network layout
  // (P) ∂L/∂θ of the last optimizer step (data loss + L1/L2 penalty: what the optimizer was
  // given), Network layout; zeros before the first step. The canvas's "gradients" links.
  Eigen::VectorXf grads;
  // Live, per weight layer, for the current weights: weight_norm, grad_norm (of the last step),
  // dead_fraction, saturated_fraction and units (hidden layers; by nn/layer_stats.h's rules) only.
  std::vector<LayerStats> layers;
  // The Session's sampled rows (every field of LayerStats, z/a/δ bands included), bounded;
  // layer_history->last() is the latest. Replaced only when a row was added.
  std::shared_ptr<const LayerHistory> layer_history;
  // The backpropagation inspector's pass of the training point asked for by inspect(index),
  // with the current weights and optimizer state; null when none is asked for. Recomputed
  // whenever the weights change.
  std::shared_ptr<const SamplePass> inspection;

  bool playing = false;
  RunState state = RunState::running;
  std::optional<Divergence> divergence;
  bool has_last_finite = false;  // a finite set of weights to go back to exists
  // After a divergence: those weights (Network layout) and the epoch they are from, so a save
  // can write them instead of weights that are not numbers. Null otherwise.
  std::shared_ptr<const Eigen::VectorXf> last_finite;
  long last_finite_epoch = 0;
  bool limits_lifted = false;    // play went on past the epoch limit / loss threshold

  long epoch = 0;                // completed epochs
  long steps = 0;                // optimizer steps since reset
  int steps_per_epoch = 1;
  double lr = 0.0;               // in force
  double steps_per_second = 0.0; // measured over the last ~0.5 s of playing
  double speed_limit = 0.0;      // steps per second in force; 0 = as fast as possible
  double pace = 0.0;             // epochs per second asked for by set_pace (0: none, or max)
  std::string message;           // the last command's error, if any ("" when it succeeded)
};

// Fills the part of a Snapshot that describes a Session: experiment, data and history (shared
// with the previous snapshot while unchanged), weights, per-layer stats, state and counters.
// One per publishing thread: the Trainer's, and each run of nn::Runs (nn/runs.h).
class SessionPublisher {
 public:
  void fill(Session& s, const CheckpointLog& timeline, Snapshot& snap);

 private:
  std::shared_ptr<const CheckpointList> checkpoints_;
  uint64_t checkpoints_version_ = ~uint64_t(0);
  std::shared_ptr<const Experiment> exp_;
  std::shared_ptr<const Dataset> data_;
  std::shared_ptr<const History> hist_;
  std::shared_ptr<const LayerHistory> layers_;
  std::shared_ptr<const StepLossTrace> step_losses_;
  long hist_epoch_ = -1;
  size_t hist_markers_ = 0;
};

// One shared_ptr, published by one thread and read by others. The lock is held for a pointer
// copy or swap only (tens of nanoseconds), never while a snapshot is built or drawn.
// (libstdc++ 12's std::atomic<std::shared_ptr> would do the same job lock-free-ish, but its
// embedded spin bit is invisible to ThreadSanitizer, which then reports a race that isn't.)
template <typename T>
class SnapshotSlot {
 public:
  std::shared_ptr<const T> load() const {
    std::lock_guard lock(mu_);
    return ptr_;
  }
  void store(std::shared_ptr<const T> p) {
    std::lock_guard lock(mu_);
    ptr_.swap(p);
  }  // the old snapshot (p) is released here, outside the lock

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const T> ptr_;
};

class Trainer {
 public:
  // Builds the Session (throws nn::Error for a bad experiment) and starts the thread, paused.
  explicit Trainer(const Experiment& e);
  Trainer(const Experiment& e, Dataset data);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // The latest snapshot. Lock-free for the caller with respect to training.
  std::shared_ptr<const Snapshot> snapshot() const { return snap_.load(); }

  // Commands. Each returns its sequence number; the snapshot's applied_command reaches it
  // once the command took effect. None of them blocks on training.
  // play and step_* after the run ended (epoch limit, loss threshold) go on past it
  // (Session::go_on): the experiment keeps its limits, and reset() brings them back.
  uint64_t play();
  uint64_t pause();
  uint64_t step_epochs(long n);       // train n epochs, then pause
  uint64_t step_steps(long n);        // train n optimizer steps, then pause
  uint64_t reset();                   // same seed ⇒ same initial weights
  uint64_t apply(Experiment e);       // recipe, architecture, features, data spec edits
  uint64_t load(Experiment e);        // a different experiment: new Session, paused
  uint64_t set_data(Dataset d);       // painted / loaded points
  uint64_t set_parameter(int layer, int row, int col, double value);  // col < 0: bias
  uint64_t restore_last_finite();     // back to the last weights that were all finite
  uint64_t set_speed(double steps_per_second);  // 0 = unlimited
  // The same in epochs per second (the app's pace), whatever the batch size: the step rate
  // follows steps_per_epoch as the data or the batch size change. 0 = unlimited.
  uint64_t set_pace(double epochs_per_second);
  uint64_t set_max_steps_per_publish(long n);   // test hook: publish after every n steps
  uint64_t inspect(int index);        // follow training point `index` (nn/inspect.h); -1: stop

  // For tests and the CLI only (the UI never waits): block until command `seq` is applied.
  bool wait_applied(uint64_t seq, std::chrono::milliseconds timeout) const;
  // For tests: block until the trainer is paused/stopped with every queued command applied.
  bool wait_idle(std::chrono::milliseconds timeout) const;

 private:
  struct Play {};
  struct Pause {};
  struct StepEpochs { long n; };
  struct StepSteps { long n; };
  struct Reset {};
  struct Apply { Experiment e; };
  struct Load { Experiment e; };
  struct SetData { Dataset d; };
  struct SetParam { int l, row, col; double v; };
  struct RestoreFinite {};
  struct SetSpeed { double v; bool per_epoch; };
  struct SetPublish { long n; };
  struct Inspect { int index; };
  using Command = std::variant<Play, Pause, StepEpochs, StepSteps, Reset, Apply, Load, SetData,
                               SetParam, RestoreFinite, SetSpeed, SetPublish, Inspect>;

  // The run loop's clocks, shared by its halves: when the last snapshot went out, when the
  // next step is due under a speed limit, and the steps since the last snapshot.
  struct Pacing {
    std::chrono::steady_clock::time_point last_publish, next_step_at;
    long since_publish = 0;
  };

  uint64_t push(Command c);
  void run();
  bool drain_commands(Pacing& p, bool* any);  // false: quit
  void train_burst(Pacing& p);
  void execute(Command& c);
  static void extend_if_ended(Session& s);
  void publish();
  double steps_per_second_limit() const;  // 0: none

  // --- trainer-thread state (touched only by the thread after construction) ----------------
  std::unique_ptr<Session> session_;
  bool playing_ = false;
  long steps_left_ = -1;         // >= 0: stop after this many more steps
  long epochs_target_ = -1;      // >= 0: stop when session epoch reaches it
  double speed_ = 0.0;
  bool speed_per_epoch_ = false;  // speed_ is in epochs per second
  long publish_every_ = 0;
  uint64_t applied_ = 0;
  uint64_t params_version_ = 1;
  std::string message_;
  CheckpointLog checkpoints_;
  SessionPublisher publisher_;
  int inspect_index_ = -1;
  std::shared_ptr<const SamplePass> inspection_;
  uint64_t inspection_params_ = 0;  // params_version_ the inspection was computed at
  Eigen::VectorXf last_finite_;
  long last_finite_epoch_ = 0;
  bool has_last_finite_ = false;
  std::shared_ptr<const Eigen::VectorXf> last_finite_shared_;  // published after a divergence
  void keep_finite(const Session& s);
  double sps_ = 0.0;
  std::chrono::steady_clock::time_point sps_t0_;
  long sps_steps0_ = 0;
  uint64_t version_ = 0;

  // --- shared -----------------------------------------------------------------------------
  mutable std::mutex mu_;                // guards queue_, next_seq_, idle_
  mutable std::condition_variable cv_;   // wakes the trainer (commands) and waiters (idle)
  std::deque<std::pair<uint64_t, Command>> queue_;
  uint64_t next_seq_ = 1;
  bool idle_ = false;
  bool quit_ = false;
  SnapshotSlot<Snapshot> snap_;
  std::thread thread_;
};

}  // namespace nn
