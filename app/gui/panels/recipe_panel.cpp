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

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "nn/hyperparams.h"

namespace descent::gui {

namespace {

constexpr double kExpGammaLo = 0.9;  // the exponential schedule's gamma slider: 0.9 … 1

// The rows' words in the tables: the hyper-parameters that are words ("momentum"), the
// schedules. Names a course uses as they are (eps, beta1, lr_decay, amsgrad) have no row.
struct Words {
  std::string_view name;  // the engine's (nn/hyperparams.h, nn/schedule.h)
  const char* key;
};
constexpr Words kHyperParamWords[] = {
    {"momentum", "recipe.hp.momentum"},
    {"dampening", "recipe.hp.dampening"},
    {"weight_decay", "recipe.hp.weight_decay"},
    {"initial_accumulator_value", "recipe.hp.initial_accumulator"},
};
constexpr Words kScheduleWords[] = {
    {"constant", "recipe.sched.constant"},
    {"step", "recipe.sched.step"},
    {"exponential", "recipe.sched.exponential"},
    {"cosine", "recipe.sched.cosine"},
};

template <size_t N>
const char* words(const Words (&table)[N], std::string_view name, const char* otherwise) {
  for (const Words& w : table)
    if (w.name == name) return tr(w.key);
  return otherwise;
}

// Label + control on one row of the recipe window.
void row_label(const char* text, float label_w) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(label_w);
}

// The learning rate: a log slider over nn::kLearningRateRange and a field to type it in.
void learning_rate_row(Ctx& c, const nn::OptimizerSpec& o, float lw, float w) {
  const nn::Interval range = nn::kLearningRateRange;
  row_label(tr("recipe.learning_rate"), lw);
  double lr = o.lr;
  ImGui::SetNextItemWidth(w * 0.62f);
  if (log_slider_commit("##lr_slider", &lr, range.lo, range.hi, "%.2g"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr; });
  mark(c.ui, "lr_slider");
  formula_tooltip(formatted(tr("recipe.lr_tip"), range.lo, range.hi).c_str(), nn::kOptimizers[int(o.kind)].formula);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.38f - ImGui::GetStyle().ItemSpacing.x);
  double lr_typed = o.lr;
  if (input_double_commit("##lr_input", &lr_typed, "%g")) {
    // The slider's range: a typed value outside it is refused, not clamped behind the user's back.
    if (range.contains(lr_typed)) {
      edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr_typed; });
    } else {
      set_status(c.ui, formatted(tr("recipe.lr_refused"), lr_typed, range.lo, range.hi, o.lr), true);
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
  const char* shown = words(kHyperParamWords, key, h.label);
  row_label(shown, lw);
  double v = o.*(h.field);
  ImGui::SetNextItemWidth(w);
  if (slider_commit((std::string("##") + h.label).c_str(), &v, h.slider_lo, h.slider_hi, h.log ? "%.2g" : "%.3f", h.log))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.*(h.field) = v; });
  mark(c.ui, std::string("hp_") + h.label);
  formula_tooltip(shown, formula);
}

// The optimizer, its learning rate and its hyper-parameters (nn/hyperparams.h).
void optimizer_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::OptimizerSpec& o = e.training.optimizer;
  ImGui::Spacing();
  panel_title(tr("recipe.optimizer_title"));
  row_label(tr("recipe.optimizer"), lw);
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
  panel_title(tr("recipe.schedule_title"));
  row_label(tr("recipe.schedule"), lw);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##sched", words(kScheduleWords, nn::name(t.schedule.kind), nn::name(t.schedule.kind)))) {
    for (const auto& row : nn::kSchedules) {
      const char* shown = words(kScheduleWords, row.name, row.name);
      if (ImGui::Selectable((std::string(shown) + "##" + row.name).c_str(), row.id == t.schedule.kind)) {
        // An exponential gamma far below 1 (0.5 by default, or a step schedule's 0.1) would
        // all but stop training in a few epochs, and sit outside its slider's range.
        const bool fix_gamma = row.id == nn::Sched::exponential &&
                               !(t.schedule.gamma >= kExpGammaLo && t.schedule.gamma <= 1.0);
        edit_experiment(c, [&](nn::Experiment& x) {
          x.training.schedule.kind = row.id;
          if (fix_gamma) x.training.schedule.gamma = 0.99;
        }, formatted(tr("recipe.schedule_set"), shown) + (fix_gamma ? tr("recipe.gamma_fixed") : ""));
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(shown, row.formula);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "combo_sched");
  formula_tooltip(tr("recipe.schedule_tip"), nn::kSchedules[int(t.schedule.kind)].formula);
  // `label`: the control's ID and test hook name; `shown`: its words on screen.
  auto sched_int = [&](const char* label, const char* shown, int nn::ScheduleSpec::*field, int lo, int hi,
                       const char* tip) {
    row_label(shown, lw);
    int v = t.schedule.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_int_commit((std::string("##") + label).c_str(), &v, lo, hi))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
    mark(c.ui, std::string("sched_") + label);
    formula_tooltip(shown, tip);
  };
  auto sched_d = [&](const char* label, const char* shown, double nn::ScheduleSpec::*field, double lo, double hi,
                     const char* tip) {
    row_label(shown, lw);
    double v = t.schedule.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_commit((std::string("##") + label).c_str(), &v, lo, hi, "%.3g"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
    mark(c.ui, std::string("sched_") + label);
    formula_tooltip(shown, tip);
  };
  if (t.schedule.kind == nn::Sched::step) {
    sched_int("step size", tr("recipe.step_size"), &nn::ScheduleSpec::step_size, 1, 2000, "lr(e) = lr * gamma^floor(e / step_size)");
    sched_d("gamma", "gamma", &nn::ScheduleSpec::gamma, 0.01, 1.0, "lr(e) = lr * gamma^floor(e / step_size)");
  } else if (t.schedule.kind == nn::Sched::exponential) {
    sched_d("gamma", "gamma", &nn::ScheduleSpec::gamma, kExpGammaLo, 1.0, "lr(e) = lr * gamma^e");
  } else if (t.schedule.kind == nn::Sched::cosine) {
    sched_int("t_max", "t_max", &nn::ScheduleSpec::t_max, 1, 10000, "lr(e) = eta_min + (lr - eta_min) (1 + cos(pi e / t_max)) / 2");
    sched_d("eta_min", "eta_min", &nn::ScheduleSpec::eta_min, 0.0, 0.1, tr("recipe.eta_min_tip"));
  }
  sched_int("warm-up epochs", tr("recipe.warmup"), &nn::ScheduleSpec::warmup_epochs, 0, 200,
            tr("recipe.warmup_tip"));
}

// Batch size and shuffling.
void batches_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title(tr("recipe.batches_title"));
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  row_label(tr("recipe.batch"), lw);
  int bs = t.batch_size == 0 ? ntrain : std::min(t.batch_size, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch", &bs, 1, ntrain, bs >= ntrain ? tr("recipe.full_batch") : "%d"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark(c.ui, "batch_slider");
  formula_tooltip(tr("recipe.batch_tip"), tr("recipe.batch_formula"));
  row_label(tr("recipe.shuffle"), lw);
  bool shuffle = t.shuffle;
  if (ImGui::Checkbox("##shuffle", &shuffle)) edit_experiment(c, [&](nn::Experiment& x) { x.training.shuffle = shuffle; });
  mark(c.ui, "shuffle");
  formula_tooltip(tr("recipe.shuffle_tip"), tr("recipe.shuffle_formula"));
}

// L1, L2 and dropout.
void regularization_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title(tr("recipe.regularization_title"));
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
  reg("L1", &nn::TrainingSpec::l1, 0.1, tr("recipe.l1_formula"));
  reg("L2", &nn::TrainingSpec::l2, 0.1, tr("recipe.l2_formula"));
  row_label(tr("recipe.dropout"), lw);
  double dp = t.dropout;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##dropout", &dp, 0.0, 0.9, "%.2f"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.dropout = dp; });
  mark(c.ui, "dropout");
  formula_tooltip(tr("recipe.dropout"), tr("recipe.dropout_formula"));
}

// Initial weights and the seed.
void init_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  ImGui::Spacing();
  panel_title(tr("recipe.init_title"));
  row_label(tr("recipe.init"), lw);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##init", nn::name(e.network.init))) {
    for (const auto& row : nn::kInits) {
      if (ImGui::Selectable(row.name, row.id == e.network.init))
        edit_experiment(c, [&](nn::Experiment& x) { x.network.init = row.id; x.weights.reset(); },
             formatted(tr("recipe.init_set"), row.name));
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "combo_init");
  formula_tooltip(tr("recipe.init_tip"), nn::kInits[int(e.network.init)].formula);
  row_label(tr("recipe.seed"), lw);
  double seed = double(e.seed);
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##seed", &seed, "%.0f") && seed >= 0)
    edit_experiment(c, [&](nn::Experiment& x) { x.seed = uint64_t(seed); },
         formatted(tr("recipe.seed_set"), std::to_string(uint64_t(seed)).c_str()));
  mark(c.ui, "seed");
  formula_tooltip(tr("recipe.seed"), tr("recipe.seed_formula"));
}

// When a run ends by itself.
void stopping_section(Ctx& c, const nn::Experiment& e, float lw, float w) {
  const nn::TrainingSpec& t = e.training;
  ImGui::Spacing();
  panel_title(tr("recipe.stopping_title"));
  row_label(tr("recipe.epochs"), lw);
  double epochs = t.epochs;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##epochs", &epochs, "%.0f") && epochs >= 0)
    edit_experiment(c, [&](nn::Experiment& x) { x.training.epochs = int(std::min(epochs, 2e9)); });
  mark(c.ui, "epochs");
  formula_tooltip(tr("recipe.epochs_tip"), tr("recipe.never"));
  row_label(tr("recipe.loss_threshold"), lw);
  double thr = t.loss_threshold;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##thr", &thr, "%g"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.loss_threshold = std::max(0.0, thr); });
  mark(c.ui, "loss_threshold");
  formula_tooltip(tr("recipe.loss_threshold_tip"), tr("recipe.never"));
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
  if (!ImGui::Begin(label("recipe.title", "Recipe").c_str(), &c.ui.show_recipe,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                        ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  mark_window(c.ui, "recipe_window");
  const float lw = 150.0f * s, w = 260.0f * s;
  const nn::Experiment& e = base_experiment(c);

  panel_title(tr("recipe.output_loss_title"));
  row_label(tr("recipe.output_loss"), lw);
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
