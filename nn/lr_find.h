// nn/lr_find.h — the learning-rate range test (Smith 2015, "Cyclical learning rates"; fastai's
// lr_find): from the experiment's initial weights, on a copy, train with a rate that grows
// exponentially from 1e-6 to 10, one optimizer step per rate, and record the loss. The loss
// falls once the rate is large enough to learn and blows up once it is too large; a good rate
// lies on the steep descent before the minimum.
//
// Rules (fastai's, with two guards):
//   * the loss recorded is the mini-batch's training loss, smoothed by an exponential moving
//     average with β = 0.98 and bias correction: avg ← β avg + (1−β) loss, smooth = avg/(1−β^i);
//   * the sweep stops when the smoothed loss exceeds 4× its best — confirmed by the raw loss
//     staying above that for 3 steps in a row, so that one spike does not end it (fastai stops
//     on the first);
//   * a NaN or infinite loss (or weights) ends it cleanly, with what happened and at what rate
//     (why it ended is an LrStop, nn/reasons.h: a kind and the rate, never a sentence);
//   * data sets with fewer batches than steps cycle through their epochs (batch order and all,
//     as training would);
//   * suggestions: fastai's "valley" (the middle of the longest falling stretch of the
//     smoothed curve) and "minimum" (the rate at the lowest smoothed loss ÷ 10), both over the
//     curve without its first tenth of planned steps and its last 5 points.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nn/background.h"
#include "nn/data.h"
#include "nn/experiment.h"
#include "nn/reasons.h"

namespace nn {

struct LrFindOptions {
  double start_lr = 1e-6;
  double end_lr = 10.0;
  int steps = 100;          // optimizer steps from start_lr to end_lr (fastai's num_it default)
  double beta = 0.98;       // smoothing
  double stop_factor = 4.0; // stop when the smoothed loss exceeds this × its best ...
  int confirm = 3;          // ... with the raw loss above it this many steps in a row
};

struct LrFindPoint {
  int step = 0;
  double lr = 0.0;
  double loss = 0.0;      // the mini-batch's training loss
  double smoothed = 0.0;  // bias-corrected moving average
};

struct LrFindResult {
  std::vector<LrFindPoint> points;
  LrStop stop;                       // why the sweep ended (english(stop): the CLI's sentence)
  std::optional<double> valley;      // fastai's "valley" suggestion
  std::optional<double> minimum;     // the rate at the lowest smoothed loss, ÷ 10
  int valley_index = -1;             // into points
  int minimum_index = -1;
  // The rate to use: the valley, else the minimum.
  std::optional<double> suggestion() const { return valley ? valley : minimum; }
};

// The sweep's rules on a stream of losses: feed() one loss per step; false once it must stop.
class LrSweep {
 public:
  explicit LrSweep(const LrFindOptions& o) : o_(o) {}
  bool feed(int step, double lr, double loss);
  const std::vector<LrFindPoint>& points() const { return points_; }
  const std::optional<LrStop>& stop() const { return stop_; }  // set once it must stop

 private:
  LrFindOptions o_;
  std::vector<LrFindPoint> points_;
  std::optional<LrStop> stop_;
  double avg_ = 0.0, best_ = 0.0;
  int above_ = 0;
};

// The rate of step i of n (exponential from start to end; the last step is end exactly).
double lr_find_rate(const LrFindOptions& o, int i);

// Fills the suggestions of a sweep (fastai's rules, see above). `planned_steps` is o.steps.
void suggest(LrFindResult& r, int planned_steps);

// The test itself, on a copy of the experiment (its initial weights: explicit ones if it has
// them, else from its seed). `data`: the data set to use (unset: make_dataset(e)).
// Cancellable through `progress` (LrStop::Kind::cancelled then, with the points so far).
LrFindResult lr_find(const Experiment& e, const std::optional<Dataset>& data = std::nullopt,
                     const LrFindOptions& o = {}, Progress* progress = nullptr);

}  // namespace nn
