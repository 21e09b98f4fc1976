// app/gui/panels/recipe_panel.cpp — the training recipe: output & loss, optimizer and its
// hyper-parameters, learning rate, schedule, batch, regularization, initialization, seed.
//
// Every combo reads its rows from the engine's tables (kOptimizers, kActivations, …) and shows
// the row's formula as a tooltip; the optimizer's rows come from nn/hyperparams.h. Every change
// is an edit_experiment(): the engine keeps the weights, and the optimizer state when its kind
// is kept. The combos the top bar shares live in recipe_controls.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "gui/panels/panels.h"
#include "gui/theme.h"
#include "nn/hyperparams.h"

namespace descent::gui {

namespace {

constexpr double kExpGammaLo = 0.9;  // the exponential schedule's gamma slider: 0.9 … 1
// Label + control on one row of the recipe window.
void row_label(const char* text, float label_w) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(label_w);
}

// The learning rate: a log slider over nn::kLearningRateRange and a field to type it in.
void learning_rate_row(Ctx& c, const nn::OptimizerSpec& o, float lw, float w) {
  const nn::Interval range = nn::kLearningRateRange;
  row_label("Learning rate", lw);
  double lr = o.lr;
  ImGui::SetNextItemWidth(w * 0.62f);
  if (log_slider_commit("##lr_slider", &lr, range.lo, range.hi, "%.2g"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr; });
  mark(c.ui, "lr_slider");
  char tip[96];
  std::snprintf(tip, sizeof tip, "Learning rate (log scale, %g … %g); Ctrl+click to type, or type it on the right",
                range.lo, range.hi);
  formula_tooltip(tip, nn::kOptimizers[int(o.kind)].formula);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.38f - ImGui::GetStyle().ItemSpacing.x);
  double lr_typed = o.lr;
  if (input_double_commit("##lr_input", &lr_typed, "%g")) {
    // The slider's range: a typed value outside it is refused, not clamped behind the user's back.
    if (range.contains(lr_typed)) {
      edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr_typed; });
    } else {
      char msg[128];
      std::snprintf(msg, sizeof msg, "Learning rate %g refused: it must be between %g and %g (kept %g)",
                    lr_typed, range.lo, range.hi, o.lr);
      set_status(c.ui, msg, true);
    }
  }
  mark(c.ui, "lr_input");
}

// One hyper-parameter's row (nn/hyperparams.h): a slider over its range, or a checkbox for a flag.
void hyper_param_row(Ctx& c, const nn::OptimizerSpec& o, std::string_view key,
                     bool nn::OptimizerSpec::*flag, const char* formula, float lw, float w) {
  if (flag) {
    const std::string name(key);
    row_label(name.c_str(), lw);
    bool on = o.*flag;
    if (ImGui::Checkbox(("##" + name).c_str(), &on)) edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.*flag = on; });
    mark(c.ui, "hp_" + name);
    formula_tooltip(name.c_str(), formula);
    return;
  }
  const nn::HyperParam& h = *nn::hyper_param(key);
  row_label(h.label, lw);
  double v = o.*(h.field);
  ImGui::SetNextItemWidth(w);
  if (slider_commit((std::string("##") + h.label).c_str(), &v, h.slider_lo, h.slider_hi, h.log ? "%.2g" : "%.3f", h.log))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.*(h.field) = v; });
  mark(c.ui, std::string("hp_") + h.label);
  formula_tooltip(h.label, formula);
}

// The optimizer, its learning rate and its hyper-parameters (nn/hyperparams.h).
void optimizer_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::OptimizerSpec& o = e.training.optimizer;
  ImGui::Spacing();
  panel_title("OPTIMIZER");
  row_label("Optimizer", lw);
  optimizer_combo(c, "##opt", w);

  learning_rate_row(c, o, lw, w);
  for (const auto& row : nn::kRecipeRows)
    if (row.kind == o.kind) hyper_param_row(c, o, row.key, row.flag, row.formula, lw, w);
  hyper_param_row(c, o, "weight_decay", nullptr, nn::kWeightDecayFormula, lw, w);
}

// The learning-rate schedule and its parameters.
void schedule_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title("SCHEDULE");
  row_label("Schedule", lw);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##sched", nn::name(t.schedule.kind))) {
    for (const auto& row : nn::kSchedules) {
      if (ImGui::Selectable(row.name, row.id == t.schedule.kind)) {
        // An exponential gamma far below 1 (0.5 by default, or a step schedule's 0.1) would
        // all but stop training in a few epochs, and sit outside its slider's range.
        const bool fix_gamma = row.id == nn::Sched::exponential &&
                               !(t.schedule.gamma >= kExpGammaLo && t.schedule.gamma <= 1.0);
        edit_experiment(c, [&](nn::Experiment& x) {
          x.training.schedule.kind = row.id;
          if (fix_gamma) x.training.schedule.gamma = 0.99;
        }, std::string("Schedule: ") + row.name + (fix_gamma ? " (gamma 0.99 per epoch)" : ""));
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "combo_sched");
  formula_tooltip("Learning-rate schedule (per epoch)", nn::kSchedules[int(t.schedule.kind)].formula);
  auto sched_int = [&](const char* label, int nn::ScheduleSpec::*field, int lo, int hi, const char* tip) {
    row_label(label, lw);
    int v = t.schedule.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_int_commit((std::string("##") + label).c_str(), &v, lo, hi))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
    mark(c.ui, std::string("sched_") + label);
    formula_tooltip(label, tip);
  };
  auto sched_d = [&](const char* label, double nn::ScheduleSpec::*field, double lo, double hi, const char* tip) {
    row_label(label, lw);
    double v = t.schedule.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_commit((std::string("##") + label).c_str(), &v, lo, hi, "%.3g"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
    mark(c.ui, std::string("sched_") + label);
    formula_tooltip(label, tip);
  };
  if (t.schedule.kind == nn::Sched::step) {
    sched_int("step size", &nn::ScheduleSpec::step_size, 1, 2000, "lr(e) = lr * gamma^floor(e / step_size)");
    sched_d("gamma", &nn::ScheduleSpec::gamma, 0.01, 1.0, "lr(e) = lr * gamma^floor(e / step_size)");
  } else if (t.schedule.kind == nn::Sched::exponential) {
    sched_d("gamma", &nn::ScheduleSpec::gamma, kExpGammaLo, 1.0, "lr(e) = lr * gamma^e");
  } else if (t.schedule.kind == nn::Sched::cosine) {
    sched_int("t_max", &nn::ScheduleSpec::t_max, 1, 10000, "lr(e) = eta_min + (lr - eta_min) (1 + cos(pi e / t_max)) / 2");
    sched_d("eta_min", &nn::ScheduleSpec::eta_min, 0.0, 0.1, "the rate at e = t_max");
  }
  sched_int("warm-up epochs", &nn::ScheduleSpec::warmup_epochs, 0, 200,
            "during epoch w < W: lr(0) * (w + 1) / (W + 1)");
}

// Batch size and shuffling.
void batches_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title("BATCHES");
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  row_label("Batch size", lw);
  int bs = t.batch_size == 0 ? ntrain : std::min(t.batch_size, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch", &bs, 1, ntrain, bs >= ntrain ? "%d (full batch)" : "%d"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark(c.ui, "batch_slider");
  formula_tooltip("Points per optimizer step", "1 = stochastic; all = full-batch gradient descent");
  row_label("Shuffle", lw);
  bool shuffle = t.shuffle;
  if (ImGui::Checkbox("##shuffle", &shuffle)) edit_experiment(c, [&](nn::Experiment& x) { x.training.shuffle = shuffle; });
  mark(c.ui, "shuffle");
  formula_tooltip("Shuffle the training points each epoch", "off: the data order, as Playground");
}

// L1, L2 and dropout.
void regularization_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title("REGULARIZATION");
  auto reg = [&](const char* label, double nn::TrainingSpec::*field, double hi, const char* tip) {
    row_label(label, lw);
    double v = t.*field;
    ImGui::SetNextItemWidth(w * 0.62f);
    if (slider_commit((std::string("##s") + label).c_str(), &v, 0.0, hi, "%.4g", false))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.*field = v; });
    mark(c.ui, std::string("slider_") + label);
    formula_tooltip(label, tip);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.38f - ImGui::GetStyle().ItemSpacing.x);
    double typed = t.*field;
    if (input_double_commit((std::string("##i") + label).c_str(), &typed, "%g"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.*field = std::max(0.0, typed); });
    mark(c.ui, std::string("input_") + label);
  };
  reg("L1", &nn::TrainingSpec::l1, 0.1, "penalty l1 * sum |w| (weights, not biases)");
  reg("L2", &nn::TrainingSpec::l2, 0.1, "penalty l2 * 1/2 sum w^2 (weights, not biases)");
  row_label("Dropout", lw);
  double dp = t.dropout;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##dropout", &dp, 0.0, 0.9, "%.2f"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.dropout = dp; });
  mark(c.ui, "dropout");
  formula_tooltip("Dropout", "each hidden unit is dropped with probability p while training; the rest scaled by 1/(1-p)");
}

// Initial weights and the seed.
void init_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  ImGui::Spacing();
  panel_title("INITIALIZATION");
  row_label("Init", lw);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##init", nn::name(e.network.init))) {
    for (const auto& row : nn::kInits) {
      if (ImGui::Selectable(row.name, row.id == e.network.init))
        edit_experiment(c, [&](nn::Experiment& x) { x.network.init = row.id; x.weights.reset(); },
             std::string("Init: ") + row.name + " (Reset to start from it)");
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "combo_init");
  formula_tooltip("Initial weights (used by Reset and new neurons)", nn::kInits[int(e.network.init)].formula);
  row_label("Seed", lw);
  double seed = double(e.seed);
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##seed", &seed, "%.0f") && seed >= 0)
    edit_experiment(c, [&](nn::Experiment& x) { x.seed = uint64_t(seed); },
         "Seed " + std::to_string(uint64_t(seed)) + " (data regenerated; Reset for its weights)");
  mark(c.ui, "seed");
  formula_tooltip("Seed", "the same seed gives the same data and initial weights, bit for bit");
}

// When a run ends by itself.
void stopping_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title("STOPPING");
  row_label("Epochs", lw);
  double epochs = t.epochs;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##epochs", &epochs, "%.0f") && epochs >= 0)
    edit_experiment(c, [&](nn::Experiment& x) { x.training.epochs = int(std::min(epochs, 2e9)); });
  mark(c.ui, "epochs");
  formula_tooltip("Stop after this many epochs", "0 = never");
  row_label("Loss threshold", lw);
  double thr = t.loss_threshold;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##thr", &thr, "%g"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.loss_threshold = std::max(0.0, thr); });
  mark(c.ui, "loss_threshold");
  formula_tooltip("Stop when the train loss falls below it", "0 = never");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The recipe window

void show_recipe_window(Ctx& c) {
  const float s = c.s;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + 84.0f * s),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  // As tall as its contents, but never taller than the window (then it scrolls).
  ImGui::SetNextWindowSizeConstraints(ImVec2(470.0f * s, 0.0f), ImVec2(470.0f * s, vp->Size.y - 120.0f * s));
  if (!ImGui::Begin("Recipe", &c.ui.show_recipe,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                        ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  mark_window(c.ui, "recipe_window");
  const float lw = 150.0f * s, w = 260.0f * s;
  const nn::Experiment& e = base_experiment(c);

  panel_title("OUTPUT AND LOSS");
  row_label("Output · loss", lw);
  output_loss_combo(c, "##outloss", w);

  optimizer_section(c, e, lw, w);
  schedule_section(c, e, lw, w);
  batches_section(c, e, lw, w);
  regularization_section(c, e, lw, w);
  init_section(c, e, lw, w);
  stopping_section(c, e, lw, w);
  ImGui::End();
}

}  // namespace descent::gui
