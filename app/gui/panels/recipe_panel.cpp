// app/gui/panels/recipe_panel.cpp — the training recipe: output & loss, optimizer and its
// hyper-parameters, learning rate, schedule, batch, regularization, initialization, seed.
//
// A side sheet in the left column, in the data panel's place while it is open (app.cpp gives
// the column its width, recipe_sheet_width): beside the network canvas and the output view,
// never over them. Its controls are cells in a grid, each with its caption above it (as in the
// top bar): two cells a row when the window leaves the canvas room for both, else one (the
// sheet then scrolls when it is taller than the window: large UI scales, small windows).
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

// The sheet's measures (unscaled): a cell's width, the room between two cells, and the least
// width the network canvas keeps beside a sheet of two columns.
constexpr float kCellW = 184.0f, kCellGap = 14.0f, kMinCanvas = 400.0f;
constexpr float kRowGap = 3.0f;  // between a caption and its control, and between rows

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

// The sheet's grid: each control a cell, its caption above it; `cols` cells a row, a section
// from a new row under its title. Positions are window coordinates (SetCursorPos): a cell is
// placed at its row's top, not after the one beside it (SameLine would lower its caption to
// the frames' text line).
struct Grid {
  int cols = 1;
  float cell_w = 0.0f, gap = 0.0f, x0 = 0.0f, s = 1.0f;
  int n = 0;                // cells placed in this section
  float row_y = 0.0f;       // the current row's top
  float row_bottom = 0.0f;  // where the next row may start (below every cell of this one)

  // A cell `span` columns wide; body(w) draws its control(s), w wide in all.
  template <typename Body>
  void cell(const char* cap, Body&& body, int span = 1) {
    span = std::min(span, cols);
    int col = n % cols;
    if (col + span > cols) {  // no room left on this row: the next one
      n += cols - col;
      col = 0;
    }
    if (col == 0) row_y = std::max(ImGui::GetCursorPosY(), row_bottom);
    ImGui::SetCursorPos(ImVec2(x0 + float(col) * (cell_w + gap), row_y));
    ImGui::BeginGroup();
    caption(cap);
    body(float(span) * cell_w + float(span - 1) * gap);
    ImGui::EndGroup();
    row_bottom = std::max(row_bottom, ImGui::GetCursorPosY());
    n += span;
  }
  // A section's title, with a rule to the right edge (the captions are the same small dim
  // words: the rule tells a title from them).
  void section(const char* title) {
    n = 0;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), row_bottom));
    ImGui::Dummy(ImVec2(0.0f, 4.0f * s));
    panel_title(title);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (b.x + 8.0f * s < right)
      ImGui::GetWindowDrawList()->AddLine(ImVec2(b.x + 8.0f * s, std::round((a.y + b.y) * 0.5f)),
                                          ImVec2(right, std::round((a.y + b.y) * 0.5f)), palette().line);
  }
};

// A slider and a field to type the value in, side by side in one cell `w` wide: the slider's
// share of it.
constexpr float kSliderShare = 0.58f;
float field_width(float w) { return w - std::floor(w * kSliderShare) - ImGui::GetStyle().ItemSpacing.x; }

// The learning rate: a log slider over nn::kLearningRateRange and a field to type it in.
void learning_rate_cell(Ctx& c, const nn::OptimizerSpec& o, float w) {
  const nn::Interval range = nn::kLearningRateRange;
  double lr = o.lr;
  ImGui::SetNextItemWidth(std::floor(w * kSliderShare));
  if (log_slider_commit("##lr_slider", &lr, range.lo, range.hi, "%.2g"))
    edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr; });
  mark(c.ui, "lr_slider");
  formula_tooltip(formatted(tr("recipe.lr_tip"), range.lo, range.hi).c_str(), nn::kOptimizers[int(o.kind)].formula);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_width(w));
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

// One hyper-parameter's cell (nn/hyperparams.h): a slider over its range, or a checkbox for a flag.
void hyper_param_cell(Ctx& c, Grid& g, const nn::OptimizerSpec& o, std::string_view key,
                      bool nn::OptimizerSpec::*flag, const char* formula) {
  if (flag) {
    const std::string name(key);
    g.cell(name.c_str(), [&](float) {
      bool on = o.*flag;
      if (ImGui::Checkbox(("##" + name).c_str(), &on)) edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.*flag = on; });
      mark(c.ui, "hp_" + name);
      formula_tooltip(name.c_str(), formula);
    });
    return;
  }
  const nn::HyperParam& h = *nn::hyper_param(key);
  const char* shown = words(kHyperParamWords, key, h.label);
  g.cell(shown, [&](float w) {
    double v = o.*(h.field);
    ImGui::SetNextItemWidth(w);
    if (slider_commit((std::string("##") + h.label).c_str(), &v, h.slider_lo, h.slider_hi, h.log ? "%.2g" : "%.3f", h.log))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.optimizer.*(h.field) = v; });
    mark(c.ui, std::string("hp_") + h.label);
    formula_tooltip(shown, formula);
  });
}

// Output and loss: the first row, as wide as the sheet (its names are long).
void output_loss_section(Ctx& c, Grid& g) {
  g.cell(tr("recipe.output_loss"), [&](float w) { output_loss_combo(c, "##outloss", w); }, 2);
}

// The optimizer, its learning rate and its hyper-parameters (nn/hyperparams.h).
void optimizer_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  const nn::OptimizerSpec& o = e.training.optimizer;
  g.section(tr("recipe.optimizer_title"));
  g.cell(tr("recipe.optimizer"), [&](float w) { optimizer_combo(c, "##opt", w); });
  g.cell(tr("recipe.learning_rate"), [&](float w) { learning_rate_cell(c, o, w); });
  for (const auto& row : nn::kRecipeRows)
    if (row.kind == o.kind) hyper_param_cell(c, g, o, row.key, row.flag, row.formula);
  hyper_param_cell(c, g, o, "weight_decay", nullptr, nn::kWeightDecayFormula);
}

// The schedule's combo.
void schedule_combo(Ctx& c, const nn::TrainingSpec& t, float w) {
  const char* preview = words(kScheduleWords, nn::name(t.schedule.kind), nn::name(t.schedule.kind));
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##sched", preview)) {
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
  mark_text(c.ui, "combo_sched", preview, ImGui::GetFrameHeight());
  formula_tooltip(tr("recipe.schedule_tip"), nn::kSchedules[int(t.schedule.kind)].formula);
}

// The learning-rate schedule and its parameters.
void schedule_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  const nn::TrainingSpec& t = e.training;
  g.section(tr("recipe.schedule_title"));
  g.cell(tr("recipe.schedule"), [&](float w) { schedule_combo(c, t, w); });
  // `label`: the control's ID and test hook name; `shown`: its words on screen.
  auto sched_int = [&](const char* label, const char* shown, int nn::ScheduleSpec::*field, int lo, int hi,
                       const char* tip) {
    g.cell(shown, [&](float w) {
      int v = t.schedule.*field;
      ImGui::SetNextItemWidth(w);
      if (slider_int_commit((std::string("##") + label).c_str(), &v, lo, hi))
        edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
      mark(c.ui, std::string("sched_") + label);
      formula_tooltip(shown, tip);
    });
  };
  auto sched_d = [&](const char* label, const char* shown, double nn::ScheduleSpec::*field, double lo, double hi,
                     const char* tip) {
    g.cell(shown, [&](float w) {
      double v = t.schedule.*field;
      ImGui::SetNextItemWidth(w);
      if (slider_commit((std::string("##") + label).c_str(), &v, lo, hi, "%.3g"))
        edit_experiment(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
      mark(c.ui, std::string("sched_") + label);
      formula_tooltip(shown, tip);
    });
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
void batches_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  const nn::TrainingSpec& t = e.training;
  g.section(tr("recipe.batches_title"));
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  g.cell(tr("recipe.batch"), [&](float w) {
    int bs = t.batch_size == 0 ? ntrain : std::min(t.batch_size, ntrain);
    ImGui::SetNextItemWidth(w);
    if (slider_int_commit("##batch", &bs, 1, ntrain, bs >= ntrain ? tr("recipe.full_batch") : "%d"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.batch_size = bs >= ntrain ? 0 : bs; });
    mark(c.ui, "batch_slider");
    formula_tooltip(tr("recipe.batch_tip"), tr("recipe.batch_formula"));
  });
  g.cell(tr("recipe.shuffle"), [&](float) {
    bool shuffle = t.shuffle;
    if (ImGui::Checkbox("##shuffle", &shuffle)) edit_experiment(c, [&](nn::Experiment& x) { x.training.shuffle = shuffle; });
    mark(c.ui, "shuffle");
    formula_tooltip(tr("recipe.shuffle_tip"), tr("recipe.shuffle_formula"));
  });
}

// L1, L2 and dropout.
void regularization_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  const nn::TrainingSpec& t = e.training;
  g.section(tr("recipe.regularization_title"));
  auto reg = [&](const char* label, double nn::TrainingSpec::*field, double hi, const char* tip) {
    g.cell(label, [&](float w) {
      double v = t.*field;
      ImGui::SetNextItemWidth(std::floor(w * kSliderShare));
      if (slider_commit((std::string("##s") + label).c_str(), &v, 0.0, hi, "%.4g", false))
        edit_experiment(c, [&](nn::Experiment& x) { x.training.*field = v; });
      mark(c.ui, std::string("slider_") + label);
      formula_tooltip(label, tip);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(field_width(w));
      double typed = t.*field;
      if (input_double_commit((std::string("##i") + label).c_str(), &typed, "%g"))
        edit_experiment(c, [&](nn::Experiment& x) { x.training.*field = std::max(0.0, typed); });
      mark(c.ui, std::string("input_") + label);
    });
  };
  reg("L1", &nn::TrainingSpec::l1, 0.1, tr("recipe.l1_formula"));
  reg("L2", &nn::TrainingSpec::l2, 0.1, tr("recipe.l2_formula"));
  g.cell(tr("recipe.dropout"), [&](float w) {
    double dp = t.dropout;
    ImGui::SetNextItemWidth(w);
    if (slider_commit("##dropout", &dp, 0.0, 0.9, "%.2f"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.dropout = dp; });
    mark(c.ui, "dropout");
    formula_tooltip(tr("recipe.dropout"), tr("recipe.dropout_formula"));
  });
}

// The initial weights' combo.
void init_combo(Ctx& c, const nn::Experiment& e, float w) {
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
  mark_text(c.ui, "combo_init", nn::name(e.network.init), ImGui::GetFrameHeight());
  formula_tooltip(tr("recipe.init_tip"), nn::kInits[int(e.network.init)].formula);
}

// Initial weights and the seed.
void init_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  g.section(tr("recipe.init_title"));
  g.cell(tr("recipe.init"), [&](float w) { init_combo(c, e, w); });
  g.cell(tr("recipe.seed"), [&](float w) {
    double seed = double(e.seed);
    ImGui::SetNextItemWidth(w);
    if (input_double_commit("##seed", &seed, "%.0f") && seed >= 0)
      edit_experiment(c, [&](nn::Experiment& x) { x.seed = uint64_t(seed); },
           formatted(tr("recipe.seed_set"), std::to_string(uint64_t(seed)).c_str()));
    mark(c.ui, "seed");
    formula_tooltip(tr("recipe.seed"), tr("recipe.seed_formula"));
  });
}

// When a run ends by itself.
void stopping_section(Ctx& c, Grid& g, const nn::Experiment& e) {
  const nn::TrainingSpec& t = e.training;
  g.section(tr("recipe.stopping_title"));
  g.cell(tr("recipe.epochs"), [&](float w) {
    double epochs = t.epochs;
    ImGui::SetNextItemWidth(w);
    if (input_double_commit("##epochs", &epochs, "%.0f") && epochs >= 0)
      edit_experiment(c, [&](nn::Experiment& x) { x.training.epochs = int(std::min(epochs, 2e9)); });
    mark(c.ui, "epochs");
    formula_tooltip(tr("recipe.epochs_tip"), tr("recipe.never"));
  });
  g.cell(tr("recipe.loss_threshold"), [&](float w) {
    double thr = t.loss_threshold;
    ImGui::SetNextItemWidth(w);
    if (input_double_commit("##thr", &thr, "%g"))
      edit_experiment(c, [&](nn::Experiment& x) { x.training.loss_threshold = std::max(0.0, thr); });
    mark(c.ui, "loss_threshold");
    formula_tooltip(tr("recipe.loss_threshold_tip"), tr("recipe.never"));
  });
}

// The width two columns of cells take, with the window's padding.
float two_columns_width(float s) {
  return 2.0f * kCellW * s + kCellGap * s + 2.0f * ImGui::GetStyle().WindowPadding.x;
}

// The grid for the sheet's inner width: two columns when the sheet was made wide enough for
// them (recipe_sheet_width), else one; a scrollbar, when there is one, narrows the cells.
Grid sheet_grid(float s) {
  Grid g;
  g.s = s;
  g.gap = kCellGap * s;
  g.x0 = ImGui::GetCursorPosX();
  const float inner = ImGui::GetWindowWidth() - 2.0f * ImGui::GetStyle().WindowPadding.x;
  g.cols = inner + 0.5f >= 2.0f * kCellW * s + g.gap ? 2 : 1;
  const float avail = ImGui::GetContentRegionAvail().x;
  g.cell_w = std::floor((avail - float(g.cols - 1) * g.gap) / float(g.cols));
  return g;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The recipe sheet

float recipe_sheet_width(float s, float window_w, float left_w, float right_w) {
  const float two = std::round(two_columns_width(s));
  return window_w - right_w - two >= kMinCanvas * s ? std::max(two, left_w) : left_w;
}

void show_recipe_sheet(Ctx& c, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  // A panel of the layout (not moved, not resized, not brought over the floating windows),
  // with a title bar for its name and its close button.
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().panel));
  const bool open = ImGui::Begin(label("recipe.title", "Recipe").c_str(), &c.ui.show_recipe,
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                     ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleColor();
  if (!open) {
    ImGui::End();
    return;
  }
  mark_window(c.ui, "recipe_window");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(pos.x + size.x - 1, pos.y), ImVec2(pos.x + size.x - 1, pos.y + size.y), palette().line);
  const float s = c.s;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, kRowGap * s));
  Grid g = sheet_grid(s);
  const nn::Experiment& e = base_experiment(c);
  output_loss_section(c, g);
  optimizer_section(c, g, e);
  schedule_section(c, g, e);
  batches_section(c, g, e);
  regularization_section(c, g, e);
  init_section(c, g, e);
  stopping_section(c, g, e);
  ImGui::PopStyleVar();
  c.ui.recipe_scroll_max = ImGui::GetScrollMaxY();
  ImGui::End();
}

}  // namespace descent::gui
