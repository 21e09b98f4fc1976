// nn/session.h — one training run: Network + optimizer state + data + RNG.
//
// step() is one optimizer update on one mini-batch: forward, zero-grad (backward overwrites),
// backward, update. When a step completes an epoch a History row is recorded. The Session is
// single-threaded and deterministic: the same Experiment gives the same numbers, bit for bit,
// in tests, in the CLI and in the GUI's trainer thread (which owns one Session alone).
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "nn/common.h"
#include "nn/experiment.h"
#include "nn/history.h"
#include "nn/layer_stats.h"
#include "nn/network.h"
#include "nn/optimizer.h"
#include "nn/reasons.h"

namespace nn {

using Net = Network<float>;

// Why training stopped (or not).
enum class RunState : uint8_t { running, finished, converged, diverged, no_data };

// What went wrong, as data (nn/reasons.h has its words): what to try is
// divergence_advice(lr, the rate chosen since) — the CLI asks once, with lr itself; the app's
// banner asks again as the rate is edited.
struct Divergence {
  long epoch = 0;  // the epoch in progress (1-based: the first epoch is epoch 1)
  long step = 0;   // the optimizer step (1-based, counted from the start of the run)
  DivergenceCause cause = DivergenceCause::loss_nan;  // what was found not finite
  double lr = 0.0;  // the learning rate in force when it happened
};

// The architecture an experiment asks for over a data set.
Architecture architecture_of(const Experiment& e, const Dataset& d);

// Weights in file form (an experiment's "weights": W[l] row-major out × in, b[l]) from a flat
// parameter vector in Network layout, and back. The one home of that conversion: saving from
// the GUI, --save and reset() from a file all go through it, so they agree bit for bit.
Weights weights_from_params(const Architecture& a, const Eigen::VectorXf& p);
// Throws nn::Error when the shapes do not match the architecture.
Eigen::VectorXf params_from_weights(const Architecture& a, const Weights& w);

// Initial weights for a network, by scheme, from an RNG (row-major generation order).
template <typename T>
void initialize(Network<T>& net, Init scheme, Rng& rng);
// Initial weights of neurons [first_row, fan_out) of layer l only (architecture edits).
template <typename T>
void initialize_rows(Network<T>& net, int l, int first_row, Init scheme, Rng& rng);

class Session {
 public:
  explicit Session(const Experiment& e);           // data from make_dataset(e)
  Session(const Experiment& e, Dataset data);      // data given (e.g. painted in the app)

  // --- training -------------------------------------------------------------------------
  void step();             // one optimizer update; no-op when state() is not running
  void step_at(double lr); // the same at this learning rate instead of the schedule's (LR range test)
  void run_epoch();        // steps until the current epoch completes (or training stops)
  // The epoch limit and the loss threshold are where a run pauses: go_on() lifts them, so a run
  // that finished or converged trains on; the experiment keeps them (a save keeps them) and
  // reset() brings them back.
  void go_on();
  bool limits_lifted() const { return limits_lifted_; }
  RunState state() const { return state_; }
  bool stopped() const { return state_ != RunState::running; }

  // --- reading --------------------------------------------------------------------------
  const Experiment& experiment() const { return exp_; }
  const Dataset& data() const { return data_; }
  const Net& network() const { return net_; }
  const Optimizer<float>& optimizer() const { return opt_; }  // its state (nn/inspect.h copies it)
  long epoch() const { return epoch_; }             // completed epochs
  long steps() const { return steps_; }             // optimizer steps since reset
  int step_in_epoch() const { return batch_index_; }
  int steps_per_epoch() const;
  int batch_size() const;                           // in force (clamped to the train set)
  double lr() const;                                // learning rate in force now
  const History& history() const { return history_; }
  const std::optional<Divergence>& divergence() const { return divergence_; }
  double last_batch_loss() const { return last_batch_loss_; }  // of the last step; kNone before
  // Every step's batch loss, bounded (nn/history.h); cleared by reset().
  const StepLossTrace& step_losses() const { return step_losses_; }
  // The metrics of the weights and data as they are now. Kept current by every edit (weights,
  // data, recipe) and at the end of every epoch; between epochs (after single steps) it is the
  // last epoch's until refresh_metrics() measures again (the Trainer does when it pauses).
  const EpochRow& metrics() const { return metrics_; }
  bool metrics_current() const { return metrics_current_; }
  void refresh_metrics();
  // Metrics of the current weights over the train and test sets (a History row for epoch()).
  EpochRow evaluate();
  // Per hidden layer, over up to `max_points` training points: the fraction of units that
  // are dead and saturated, by the rules of nn/layer_stats.h (classify_unit). Between steps
  // only (uses the network's workspaces).
  struct UnitHealth {
    double dead = 0.0;
    double saturated = 0.0;
    std::vector<UnitState> units;  // (fan_out) each unit's state: the canvas marks its node
  };
  std::vector<UnitHealth> unit_health(int max_points = 256);
  // Per-layer statistics taken at the end of sampled epochs (nn/layer_stats.h), from epoch 0.
  const LayerStatsRecorder& layer_stats() const { return layer_stats_; }
  // 0: automatic spacing (within kStatsBudget of the training work); n ≥ 1: every n epochs;
  // n < 0: never. Takes effect from the next epoch.
  void set_layer_stats_every(long n) { layer_stats_.set_every(n); }
  // About n rows per doubling of the epoch besides (LayerStatsRecorder::set_early_rows).
  void set_layer_stats_early(long n) { layer_stats_.set_early_rows(n); }
  // Data mapped to network space: features (F × n) and targets (K × n).
  const Eigen::MatrixXf& train_inputs() const { return Xtr_; }
  const Eigen::MatrixXf& train_targets() const { return Ttr_; }
  // The network's input vector for a point of the plane (the enabled features, in order).
  void features_of(double x1, double x2, float* out) const;

  // --- editing (between steps) ------------------------------------------------------------
  // Adopt a changed experiment. What survives: weights of every neuron and input feature that
  // still exists (new ones are initialized); optimizer state when its kind and the parameter
  // count are unchanged; the history (a marker notes the change). Regenerates data when the
  // data spec changed. Throws nn::Error (and changes nothing) if `e` is invalid.
  void apply(const Experiment& e);
  // Replace the data set (painting, CSV load). The network adapts to its input/output count.
  void set_data(Dataset d);
  // Set one parameter: weight W[l](row, col), or bias b[l](row) when col < 0.
  void set_parameter(int l, int row, int col, double value);
  // Replace all parameters (e.g. back to the last finite snapshot). Size must match.
  void set_params(const Eigen::VectorXf& p);
  // A run saved by the app, restored where it was (epoch, step count, history), over the
  // weights this Session holds. The app's Trainer calls it; headless runs start from epoch 0.
  void restore_progress(const RunProgress& p);
  // Re-initialize weights from the seed, clear optimizer state and history: epoch 0 again.
  void reset();
  // The experiment as it stands, with the current weights and (if edited) the data points.
  Experiment to_experiment() const;

  // --- checkpoints (nn/checkpoints.h) -------------------------------------------------------
  // Everything training reads besides the experiment and the data: restoring it and training on
  // gives the same numbers, bit for bit, as never having stopped.
  struct State {
    long epoch = 0;
    long steps = 0;
    int batch_index = 0;
    double last_batch_loss = kNone;
    Eigen::VectorXf params;
    Optimizer<float>::State optimizer;
    Rng shuffle_rng, dropout_rng;
    std::vector<int> order;  // the training order (each epoch shuffles the previous one)
  };
  State capture() const;
  // Restore a captured state into this Session, whose experiment may differ in a setting that
  // keeps the network's shape ("branch from here"). The optimizer state is kept when the kind
  // of optimizer is the same. `history`: the rows up to that epoch (else one row is evaluated).
  // Throws nn::Error (and changes nothing) when the parameter count or training set differ.
  void restore(const State& s, const History* history = nullptr);

 private:
  void build_inputs();
  void record_epoch();
  void remeasure(bool data_changed);
  bool check_divergence(double batch_loss, const EpochRow* epoch_row);

  Experiment exp_;
  Dataset data_;
  Net net_;
  Optimizer<float> opt_;
  Rng init_rng_, shuffle_rng_, dropout_rng_;
  History history_;
  LayerStatsRecorder layer_stats_;
  RunState state_ = RunState::running;
  std::optional<Divergence> divergence_;

  long epoch_ = 0;
  long steps_ = 0;
  int batch_index_ = 0;
  double last_batch_loss_ = kNone;
  StepLossTrace step_losses_;
  EpochRow metrics_;
  bool metrics_current_ = false;
  bool limits_lifted_ = false;

  Eigen::MatrixXf Xtr_, Ttr_;    // (F, n_train), (K, n_train)
  Eigen::MatrixXf Xte_, Tte_;    // (F, n_test), (K, n_test)
  std::vector<int> order_;       // training order this epoch
  Eigen::MatrixXf Xb_, Tb_;      // (F, batch), (K, batch): gathered batch when shuffling
  Eigen::VectorXf ytr_, yte_;    // raw labels (class index or value)
};

}  // namespace nn
