// nn/hyperparams.h — the optimizer hyper-parameters, as tables: what each is called, the
// values an experiment may hold, the range the recipe sheet's slider spans, and the formula
// its tooltip shows for each optimizer.
//
// The one home of those facts: the parser and validate() (nn/experiment.cpp) take the valid
// ranges from kHyperParams, the recipe sheet (app/gui/panels/recipe_panel.cpp) draws one row
// per kRecipeRows entry of the optimizer in use, with the slider range and formula given here.
// Which keys a file may hold for each optimizer (torch.optim's signature) stays with the parser.
#pragma once

#include <limits>
#include <string_view>

#include "nn/optimizer.h"

namespace nn {

struct Interval {  // a real interval
  double lo, hi;
  bool lo_open = false, hi_open = false;
  // Also a normal float: a value below float's smallest normal number is 0 or a denormal in
  // float, where a learning rate would make every step round to nothing.
  bool float_normal = false;
  bool contains(double v) const {
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
};

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

struct HyperParam {
  std::string_view key;          // the experiment file's key (torch.optim's name)
  const char* label;             // the recipe sheet's row label
  double OptimizerSpec::*field;
  Interval valid;                // what an experiment may hold
  double slider_lo, slider_hi;   // the recipe sheet's slider (a typed value may go beyond)
  bool log;                      // log-scale slider
};

// The real-valued hyper-parameters (Adam's betas, a pair in the file, are rows of their own).
inline constexpr HyperParam kHyperParams[] = {
    {"lr", "learning rate", &OptimizerSpec::lr, {0, kUnbounded, true, false, true}, 1e-5, 10.0, true},
    {"momentum", "momentum", &OptimizerSpec::momentum, {0, 1, false, true}, 0.0, 0.999, false},
    {"dampening", "dampening", &OptimizerSpec::dampening, {0, 1}, 0.0, 0.999, false},
    {"weight_decay", "weight decay", &OptimizerSpec::weight_decay, {0, kUnbounded}, 0.0, 0.1, false},
    {"eps", "eps", &OptimizerSpec::eps, {0, kUnbounded, true}, 1e-12, 1e-2, true},
    {"alpha", "alpha", &OptimizerSpec::alpha, {0, 1, false, true}, 0.5, 0.9999, false},
    {"lr_decay", "lr_decay", &OptimizerSpec::lr_decay, {0, kUnbounded}, 0.0, 1.0, false},
    {"initial_accumulator_value", "initial accumulator", &OptimizerSpec::initial_accumulator_value,
     {0, kUnbounded}, 0.0, 1.0, false},
    {"beta1", "beta1", &OptimizerSpec::beta1, {0, 1, false, true}, 0.0, 0.9999, false},
    {"beta2", "beta2", &OptimizerSpec::beta2, {0, 1, false, true}, 0.9, 0.99999, false},
};

constexpr const HyperParam* hyper_param(std::string_view key) {
  for (const auto& h : kHyperParams)
    if (h.key == key) return &h;
  return nullptr;
}

// The learning rate's slider range: the GUI's bounds for a rate (a typed one outside is refused).
inline constexpr Interval kLearningRateRange{hyper_param("lr")->slider_lo, hyper_param("lr")->slider_hi};

// The recipe sheet's rows after the learning rate, per optimizer, in the order shown; every
// optimizer then shows weight_decay (kWeightDecayFormula). `flag` rows are checkboxes.
struct RecipeRow {
  Opt kind;
  std::string_view key;          // a kHyperParams key, or a flag's name
  bool OptimizerSpec::*flag;     // non-null: a checkbox (centered, amsgrad)
  const char* formula;
};

inline constexpr RecipeRow kRecipeRows[] = {
    {Opt::momentum, "momentum", nullptr, "b <- momentum * b + (1 - dampening) * g"},
    {Opt::momentum, "dampening", nullptr, "b <- momentum * b + (1 - dampening) * g"},
    {Opt::nesterov, "momentum", nullptr, "b <- momentum * b + (1 - dampening) * g"},
    {Opt::adagrad, "lr_decay", nullptr, "clr = lr / (1 + (t - 1) * lr_decay)"},
    {Opt::adagrad, "initial_accumulator_value", nullptr, "s starts at this value"},
    {Opt::adagrad, "eps", nullptr, "w <- w - lr * g / (sqrt(s) + eps)"},
    {Opt::rmsprop, "alpha", nullptr, "v <- alpha * v + (1 - alpha) * g^2"},
    {Opt::rmsprop, "momentum", nullptr, "b <- momentum * b + g / (sqrt(v) + eps);  w <- w - lr * b"},
    {Opt::rmsprop, "eps", nullptr, "w <- w - lr * g / (sqrt(v) + eps)"},
    {Opt::rmsprop, "centered", &OptimizerSpec::centered, "v^ = v - avg(g)^2 in the denominator"},
    {Opt::adam, "beta1", nullptr, "m <- b1 m + (1 - b1) g"},
    {Opt::adam, "beta2", nullptr, "v <- b2 v + (1 - b2) g^2"},
    {Opt::adam, "eps", nullptr, "w <- w - lr m^ / (sqrt(v^) + eps)"},
    {Opt::adam, "amsgrad", &OptimizerSpec::amsgrad, "v_max = max(v_max, v) in the denominator"},
};
inline constexpr const char* kWeightDecayFormula =
    "g <- g + weight_decay * w  (weights and biases, as torch.optim)";

}  // namespace nn
