// nn/history.h — per-epoch metrics in bounded memory.
//
// Rows are kept at a stride: while fewer than `capacity` rows are stored every epoch is kept;
// when full, every other row is dropped and the stride doubles. A run of any length therefore
// keeps between capacity/2 and capacity rows, evenly spread from epoch 0, plus the latest row.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace nn {

inline constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

struct EpochRow {
  long epoch = 0;
  double train_loss = kNone;    // data loss (no penalty)
  double test_loss = kNone;     // NaN when there is no test set
  double penalty = 0.0;         // l1 Σ|w| + l2 ½ Σ w²
  double train_metric = kNone;  // accuracy (classification) or R² (regression)
  double test_metric = kNone;
  double lr = kNone;            // learning rate in force during this epoch
};

// A change of a setting during a run, drawn as a marker on the plots.
struct Marker {
  long epoch = 0;
  std::string what;
};

class History {
 public:
  explicit History(size_t capacity = 4096) : capacity_(capacity < 4 ? 4 : capacity) {
    rows_.reserve(capacity_);
  }

  void clear() {
    rows_.clear();
    markers_.clear();
    stride_ = 1;
    has_last_ = false;
  }

  void push(const EpochRow& r) {
    last_ = r;
    has_last_ = true;
    if (r.epoch % stride_ != 0) return;
    if (rows_.size() == capacity_) {  // decimate: keep rows at multiples of the doubled stride
      stride_ *= 2;
      size_t k = 0;
      for (const auto& row : rows_)
        if (row.epoch % stride_ == 0) rows_[k++] = row;
      rows_.resize(k);
      if (r.epoch % stride_ != 0) return;
    }
    rows_.push_back(r);
  }

  // The row of the latest epoch measured again (its weights or data changed since): it takes
  // the place of the row of the same epoch, so the plots and the CSV never keep a stale value.
  void replace_last(const EpochRow& r) {
    if (!has_last_ || last_.epoch != r.epoch) return push(r);
    last_ = r;
    if (!rows_.empty() && rows_.back().epoch == r.epoch) rows_.back() = r;
  }

  void mark(long epoch, std::string what) {
    if (markers_.size() == capacity_) markers_.erase(markers_.begin());
    markers_.push_back({epoch, std::move(what)});
  }

  const std::vector<EpochRow>& rows() const { return rows_; }
  const std::vector<Marker>& markers() const { return markers_; }
  bool empty() const { return !has_last_; }
  const EpochRow& last() const { return last_; }
  long stride() const { return stride_; }
  size_t capacity() const { return capacity_; }

 private:
  size_t capacity_;
  std::vector<EpochRow> rows_;
  std::vector<Marker> markers_;
  long stride_ = 1;
  EpochRow last_;
  bool has_last_ = false;
};

// The loss of each optimizer step's mini-batch (the noise of small batches is a lesson), in
// bounded memory by the same rule as History: every step is kept until `capacity` are, then
// every other one is dropped and the stride doubles. `epoch` is the position in epochs
// (completed epochs + the fraction of the current one), so it plots on the History's x axis.
struct StepLoss {
  long step = 0;
  double epoch = 0.0;
  double loss = kNone;
};

class StepLossTrace {
 public:
  explicit StepLossTrace(size_t capacity = 2048) : capacity_(capacity < 4 ? 4 : capacity) {
    points_.reserve(capacity_);
  }
  void clear() {
    points_.clear();
    stride_ = 1;
    pushed_ = 0;
  }
  void push(long step, double epoch, double loss) {
    ++pushed_;
    if (step % stride_ != 0) return;
    if (points_.size() == capacity_) {
      stride_ *= 2;
      size_t k = 0;
      for (const auto& p : points_)
        if (p.step % stride_ == 0) points_[k++] = p;
      points_.resize(k);
      if (step % stride_ != 0) return;
    }
    points_.push_back({step, epoch, loss});
  }
  const std::vector<StepLoss>& points() const { return points_; }
  long stride() const { return stride_; }
  size_t capacity() const { return capacity_; }
  uint64_t pushed() const { return pushed_; }  // steps recorded since the last clear

 private:
  size_t capacity_;
  std::vector<StepLoss> points_;
  long stride_ = 1;
  uint64_t pushed_ = 0;
};

}  // namespace nn
