// nn/layer_stats.h — the health of every weight layer, sampled during training, and a bounded
// history of it: what the Layers plot, the distribution bands, the marks on dead and saturated
// neurons and the doctor (nn/doctor.h) read.
//
// A row is taken at the end of an epoch, from the epoch's last optimizer step and a forward and
// backward pass over a fixed, evenly spread sample of at most kStatsPoints training points:
//   weight_norm   ‖W‖_F after the step
//   grad_norm     ‖∂L/∂W‖_F of the step (data loss + L1/L2 penalty, the gradient the
//                 optimizer was given)
//   update_ratio  ‖ΔW‖_F / ‖W‖_F of that step (W before it)
//   z, a, δ       mean, standard deviation and percentile bands (kPercentiles) over every unit
//                 of the layer and every sampled point; δ = ∂L_i/∂z of each point's own loss
//   units         per neuron: ok, dead or saturated (rules below); fractions of the layer
// Taking a row reads the network between steps only; the training numbers are not changed by it.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <vector>

#include "nn/activation.h"
#include "nn/history.h"
#include "nn/loss.h"
#include "nn/network.h"

namespace nn {

// Percentile bands of a distribution, as TensorBoard's distribution view draws them (its
// compressed histogram: 0, 7, 16, 31, 50, 69, 84, 93, 100 — ±1.5σ, ±1σ, ±0.5σ of a normal).
inline constexpr std::array<double, 9> kPercentiles{0, 7, 16, 31, 50, 69, 84, 93, 100};

// At most this many training points are sampled for the distributions and unit states.
inline constexpr int kStatsPoints = 256;
// The percentile bands of a layer are taken over about this many of its values (every unit,
// at evenly spread points); means, deviations and unit states over all of them.
inline constexpr int kBandValues = 512;

// A sigmoid or tanh value is saturated within 1 % of its range from an asymptote: sigmoid
// a < 0.01 or a > 0.99, tanh |a| > 0.98. There the slope g'(z) is 4 % of its peak (0.0099 of
// 0.25; 0.0396 of 1), the flat tails where Glorot & Bengio (2010, fig. 2) saw sigmoid layers stall.
inline constexpr double kSaturationMargin = 0.01;
// A unit is saturated when its value is saturated on at least 95 % of the sampled points (on
// the remaining few it still passes some gradient, too little to matter).
inline constexpr double kSaturatedShare = 0.95;
// A unit is dead when it is a ReLU whose z ≤ 0 on every sampled point: its output and its
// gradient are then 0 for the whole data set, and no step can revive it. (Leaky ReLU and ELU
// keep a slope for z < 0 and so cannot die.)

enum class UnitState : uint8_t { ok, dead, saturated };

struct Distribution {
  double mean = kNone;
  double std = kNone;
  std::array<double, kPercentiles.size()> bands{};  // values at kPercentiles, ascending
};

struct LayerStats {
  int fan_in = 0;
  int fan_out = 0;
  double weight_norm = 0.0;
  double grad_norm = kNone;     // NaN before the first step (epoch 0)
  double update_ratio = kNone;  // NaN before the first step
  double dead_fraction = 0.0;       // of the layer's units
  double saturated_fraction = 0.0;  // of the layer's units
  Distribution z, a, delta;
  std::vector<UnitState> units;  // (fan_out)
};

struct LayerStatsRow {
  long epoch = 0;
  std::vector<LayerStats> layers;  // one per weight layer; the output layer last
};

// The state of one unit from its z and a over the sampled points (1 × n rows).
UnitState classify_unit(Act act, const Eigen::Ref<const Eigen::ArrayXf>& z, const Eigen::Ref<const Eigen::ArrayXf>& a);
UnitState classify_output_unit(OutAct act, const Eigen::Ref<const Eigen::ArrayXf>& a);

// Rows in bounded memory, decimated exactly as History's rows are (see nn/history.h): between
// capacity/2 and capacity rows spread evenly from epoch 0, plus the latest. Rows are shared and
// immutable, so a copy (a Trainer snapshot) copies pointers, not statistics.
class LayerHistory {
 public:
  explicit LayerHistory(size_t capacity = 512) : capacity_(capacity < 4 ? 4 : capacity) { rows_.reserve(capacity_); }
  void clear();
  void push(std::shared_ptr<const LayerStatsRow> row);
  const std::vector<std::shared_ptr<const LayerStatsRow>>& rows() const { return rows_; }
  const std::shared_ptr<const LayerStatsRow>& last() const { return last_; }  // null when empty
  bool empty() const { return last_ == nullptr; }
  long stride() const { return stride_; }
  size_t capacity() const { return capacity_; }

 private:
  size_t capacity_;
  std::vector<std::shared_ptr<const LayerStatsRow>> rows_;
  std::shared_ptr<const LayerStatsRow> last_;
  long stride_ = 1;
};

// Statistics of every layer of `net` over the columns of X (inputs × n) with targets T
// (outputs × n); grad_norm and update_ratio are left NaN (they belong to a step). Runs a
// forward pass: between steps only.
LayerStatsRow sample_layer_stats(Network<float>& net, const Eigen::Ref<const Eigen::MatrixXf>& X,
                                 const Eigen::Ref<const Eigen::MatrixXf>& T, Loss loss);

// Takes the rows during a run (Session owns one). Each epoch may be due; for a due epoch the
// Session calls before_step() between the last step's gradient and its update, then record().
class LayerStatsRecorder {
 public:
  // 0 (default): automatic — the sampled epochs are spaced (a power of two apart) so that
  // taking rows costs at most kStatsBudget of the training work; n ≥ 1: every n epochs;
  // n < 0: never (for the benchmark's A/B).
  void set_every(long n) { every_ = n; }
  long every_setting() const { return every_; }
  // The spacing in force for a network and data of these sizes.
  long interval(const Architecture& arch, Eigen::Index n_train, Eigen::Index n_test, int steps_per_epoch) const;
  // Early rows (0: off, the default): besides the spacing above, about `per_doubling` rows
  // between epoch E and 2E — every epoch until per_doubling, then a power of two apart — so a
  // plot over a short run (100 epochs of a preset) has points to draw before the budget's
  // spacing takes over. The live views (the Trainer) ask for them; which epochs get a row
  // depends on the epoch only, never on timing, and the training numbers never on rows.
  void set_early_rows(long per_doubling) { early_ = per_doubling; }
  long early_interval(long epoch) const {
    return early_ > 0 ? long(std::bit_floor(static_cast<unsigned long>(std::max(1L, epoch / early_)))) : 0;
  }
  bool due(long epoch, const Architecture& arch, Eigen::Index n_train, Eigen::Index n_test,
           int steps_per_epoch) const {
    if (every_ < 0) return false;
    const long early = every_ == 0 ? early_interval(epoch) : 0;
    return epoch % interval(arch, n_train, n_test, steps_per_epoch) == 0 || (early > 0 && epoch % early == 0);
  }

  void clear();
  // After the gradient of a due epoch's last step is in net.grads(), before the update.
  void before_step(const Network<float>& net);
  // After the update (or at epoch 0, with no step): take the row over a sample of the
  // training set (Xtr, Ttr) and add it to the history.
  void record(long epoch, Network<float>& net, const Eigen::MatrixXf& Xtr, const Eigen::MatrixXf& Ttr, Loss loss);

  const LayerHistory& history() const { return history_; }
  std::shared_ptr<const LayerStatsRow> latest() const { return history_.last(); }

 private:
  long every_ = 0;
  long early_ = 0;
  bool have_step_ = false;
  Eigen::VectorXf params_before_;      // (P) weights before the due step
  std::vector<double> grad_norms_;     // per layer, of the due step
  Eigen::MatrixXf Xs_, Ts_;            // the sampled points
  LayerHistory history_;
};

// Share of the training work that taking rows may cost when the spacing is automatic.
inline constexpr double kStatsBudget = 0.02;

}  // namespace nn
