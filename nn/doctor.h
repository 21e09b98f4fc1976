// nn/doctor.h — names what is going wrong in a run, from the live statistics (nn/layer_stats.h)
// and the loss history (nn/history.h), with the reason in numbers and what to try.
//
// The rules are a table (kRules in doctor.cpp): an id, a test over the evidence, the advice,
// and the findings that explain it better (a flat loss is "underfitting" only when no vanishing
// gradient, dead or saturated layer or tiny learning rate already says why). Every threshold
// is in kThresholds below, with where it comes from.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "nn/history.h"
#include "nn/layer_stats.h"
#include "nn/network.h"

namespace nn {

enum class Problem : uint8_t {
  vanishing_gradients,
  exploding_gradients,
  dead_units,
  saturated_units,
  lr_too_high,
  lr_too_low,
  overfitting,
  underfitting,
};

struct Thresholds {
  // Gradients: the per-weight RMS of ∂L/∂W of the first layer over the output layer's.
  // Glorot & Bengio (2010) show it falling about tenfold across 4–5 sigmoid layers at
  // initialization; below 1 % the first layer learns a hundred times slower than the last —
  // the depth at which "vanishing" becomes the lesson (8 sigmoid layers give ~1e-4).
  double vanishing_ratio = 1e-2;
  // The mirror image: the first layer's gradient a hundred times the output layer's.
  double exploding_ratio = 1e2;
  // How many of the latest rows the gradient ratio is averaged over (geometrically): one
  // step's mini-batch gradient is noisy.
  int gradient_rows = 5;
  // Dead units: a quarter of all ReLU hidden units dead. CS231n (Karpathy, "Neural Networks
  // Part 1") warns that with a too-high rate "as much as 40 %" of a network can die; a quarter
  // already removes a quarter of the capacity, and a healthy He-initialized net has few.
  double dead_share = 0.25;
  // Saturated units: a quarter of all sigmoid/tanh hidden units saturated (the unit rule is
  // kSaturationMargin / kSaturatedShare in nn/layer_stats.h), by the same reasoning.
  double saturated_share = 0.25;
  // Learning rate too high: the run diverged, or the train loss (mean of the last
  // `trend_rows` epochs) is half again above the lowest it reached — a rate past 2/λ_max
  // makes gradient descent overshoot and the loss climb instead of fall.
  double rising_factor = 1.5;
  // ...by at least a tenth of the starting loss: Adam's jitter near a minimum (0.006 → 0.01 on
  // spiral3-softmax) is a relative rise too, but not a problem.
  double rise_of_start = 0.1;
  // Learning rate too low: ‖ΔW‖/‖W‖ per step below 1e-4 (geometric mean over the layers).
  // CS231n's rule of thumb is about 1e-3 for a healthy rate; ten times below it the weights
  // barely move (lr-too-low: ~4e-5; playground-default's first epochs: ~3e-3)...
  double update_ratio_low = 1e-4;
  // ...and the train loss fell by less than 10 % over the last half of the run, and is still
  // at least underfit_level of where it started (a converged run is flat too, but low).
  double flat_drop = 0.10;
  // Overfitting: the test loss is 20 % above its lowest (Prechelt 1998's generalization loss
  // GL > 20: a test error that far past its minimum is not noise; his early stopping stops at
  // 1–5 %, the doctor waits for the unmistakable) while the train loss still falls, and the
  // test − train gap has grown.
  double overfit_rise = 0.20;
  // Underfitting: the train loss is still at least half of where it started and flat (as above).
  double underfit_level = 0.5;
  // Trends need evidence: no trend rule speaks before this many epochs (the first epochs of
  // every healthy run are noisy), and means are taken over this many latest epochs.
  long min_epochs = 20;
  int trend_rows = 5;
};
inline constexpr Thresholds kThresholds{};

struct Finding {
  Problem id;
  std::string explanation;  // what the statistics show, with the numbers, and what to try
  // What a front end needs to say the same in another language: which wording the rule used
  // (`form`: lr_too_high's 1 is "the loss blew up") and the numbers the explanation quotes,
  // in its order, as it prints them (shares as whole percents). See reasons_of below.
  int form = 0;
  std::vector<double> numbers;
};

// Everything the rules look at. `layers` may be empty (stats off): the gradient and unit
// rules are then silent.
struct Evidence {
  const History* history = nullptr;
  const LayerHistory* layers = nullptr;
  const Architecture* arch = nullptr;
  bool diverged = false;
  double lr = kNone;
};

const char* name(Problem p);  // "vanishing_gradients", ...
// The printf format (all conversions take doubles) a finding's explanation was written with,
// before "; " and its advice: a front end's English table must say the same.
const char* reason_format(Problem p, int form);
const char* advice(Problem p);
std::vector<Finding> diagnose(const Evidence& e, const Thresholds& t = kThresholds);

}  // namespace nn
