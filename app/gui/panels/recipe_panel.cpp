// app/gui/panels/recipe_panel.cpp — the training recipe: output & loss, optimizer and its
// hyper-parameters, learning rate, schedule, batch, regularization, initialization, seed.
//
// Every combo reads its rows from the engine's tables (kOptimizers, kActivations, …) and shows
// the row's formula as a tooltip. Every change is an edited copy of the experiment sent with
// trainer.apply(): the engine keeps the weights, and the optimizer state when its kind is kept.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

constexpr double kExpGammaLo = 0.9;  // the exponential schedule's gamma slider: 0.9 … 1
constexpr double kLearningRates[] = {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};

std::string lr_text(double lr) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", lr);
  return b;
}

// Label + control on one row of the recipe window.
void row_label(const char* text, float label_w) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(label_w);
}

// Test hook names: "combo_<id>" for a combo (its "##" dropped), "item_<label>" for its rows.
std::string combo_name(const char* id) {
  while (*id == '#') ++id;
  return std::string("combo_") + id;
}

bool edit(Ctx& c, const std::function<void(nn::Experiment&)>& fn, const std::string& what = "") {
  nn::Experiment e = base_experiment(c);
  fn(e);
  if (e == base_experiment(c)) return false;
  return apply_experiment(c, std::move(e), what);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Combos shared with the top bar and the network canvas

bool learning_rate_combo(Ctx& c, const char* id, float width) {
  const double lr = base_experiment(c).training.optimizer.lr;
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  // All eleven rates at once (the default height shows eight: 1, 3 and 10 were out of sight).
  if (ImGui::BeginCombo(id, lr_text(lr).c_str(), ImGuiComboFlags_HeightLarge)) {
    for (double v : kLearningRates) {
      const std::string t = lr_text(v);
      if (ImGui::Selectable(t.c_str(), std::fabs(v - lr) < 1e-12 * std::max(1.0, v))) {
        changed = edit(c, [&](nn::Experiment& e) { e.training.optimizer.lr = v; });
      }
      mark(c.ui, "item_" + t);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, combo_name(id));
  formula_tooltip("Learning rate: the size of each update step",
                  nn::kOptimizers[int(base_experiment(c).training.optimizer.kind)].formula,
                  "Too high and training diverges; too low and it crawls. More values in Recipe.");
  return changed;
}

bool optimizer_combo(Ctx& c, const char* id, float width) {
  const nn::OptimizerSpec& cur = base_experiment(c).training.optimizer;
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(id, nn::name(cur.kind))) {
    for (const auto& row : nn::kOptimizers) {
      if (ImGui::Selectable(row.name, row.id == cur.kind)) {
        changed = edit(c, [&](nn::Experiment& e) {
          const double lr = e.training.optimizer.lr;  // keep the rate the user chose
          e.training.optimizer = nn::OptimizerSpec::defaults(row.id);
          e.training.optimizer.lr = lr;
        });
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula, "torch.optim's update rule and defaults");
    }
    ImGui::EndCombo();
  }
  mark(c.ui, combo_name(id));
  formula_tooltip("Optimizer", nn::kOptimizers[int(cur.kind)].formula);
  return changed;
}

bool activation_combo(Ctx& c, const char* id, int layer, float width) {
  const nn::Experiment& e0 = base_experiment(c);
  const auto& acts = e0.network.activations;
  const char* preview = "–";
  nn::Act current = nn::Act::tanh;
  if (layer >= 0 && layer < int(acts.size())) {
    current = acts[layer];
    preview = nn::name(current);
  } else if (!acts.empty()) {
    current = acts[0];
    const bool same = std::all_of(acts.begin(), acts.end(), [&](nn::Act a) { return a == acts[0]; });
    preview = same ? nn::name(acts[0]) : "mixed";
  }
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(id, preview)) {
    for (const auto& row : nn::kActivations) {
      if (ImGui::Selectable(row.name, row.id == current && std::string(preview) != "mixed")) {
        changed = edit(c, [&](nn::Experiment& e) {
          if (layer >= 0) e.network.activations[layer] = row.id;
          else std::fill(e.network.activations.begin(), e.network.activations.end(), row.id);
        }, std::string("Activation: ") + row.name);
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, layer >= 0 ? "combo_act_" + std::to_string(layer) : combo_name(id));
  formula_tooltip(layer >= 0 ? "This layer's activation" : "Activation of every hidden layer",
                  nn::kActivations[int(current)].formula);
  return changed;
}

bool output_loss_combo(Ctx& c, const char* id, float width) {
  const nn::Experiment& e0 = base_experiment(c);
  std::string preview = std::string(nn::name(e0.network.output)) + " · " + nn::name(e0.loss);
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(id, preview.c_str())) {
    for (const auto& out : nn::kOutputs)
      for (const auto& loss : nn::kLosses) {
        if (!nn::compatible(out.id, loss.id)) continue;
        const std::string label = std::string(out.name) + " · " + loss.name;
        if (ImGui::Selectable(label.c_str(), out.id == e0.network.output && loss.id == e0.loss))
          changed = edit(c, [&](nn::Experiment& e) {
            e.network.output = out.id;
            e.loss = loss.id;
          }, "Output " + label);
        mark(c.ui, std::string("item_") + out.name + "+" + loss.name);
        if (ImGui::IsItemHovered()) {
          ImGui::BeginTooltip();
          ImGui::TextUnformatted(out.formula);
          ImGui::TextUnformatted(loss.formula);
          ImGui::EndTooltip();
        }
      }
    ImGui::EndCombo();
  }
  mark(c.ui, combo_name(id));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted("Output activation · loss (only pairs that work are listed)");
    ImGui::TextDisabled("%s", nn::kOutputs[int(e0.network.output)].formula);
    ImGui::TextDisabled("%s", nn::kLosses[int(e0.loss)].formula);
    ImGui::EndTooltip();
  }
  return changed;
}

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
  {
    const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    mark_rect(c.ui, "recipe_window", wp, ImVec2(wp.x + ws.x, wp.y + ws.y));
  }
  const float lw = 150.0f * s, w = 260.0f * s;
  const nn::Experiment& e = base_experiment(c);
  const nn::TrainingSpec& t = e.training;
  const nn::OptimizerSpec& o = t.optimizer;

  panel_title("OUTPUT AND LOSS");
  row_label("Output · loss", lw);
  output_loss_combo(c, "##outloss", w);

  ImGui::Spacing();
  panel_title("OPTIMIZER");
  row_label("Optimizer", lw);
  optimizer_combo(c, "##opt", w);

  row_label("Learning rate", lw);
  double lr = o.lr;
  ImGui::SetNextItemWidth(w * 0.62f);
  if (log_slider_commit("##lr_slider", &lr, 1e-5, 10.0, "%.2g"))
    edit(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr; });
  mark(c.ui, "lr_slider");
  formula_tooltip("Learning rate (log scale, 1e-5 … 10); Ctrl+click to type, or type it on the right", nn::kOptimizers[int(o.kind)].formula);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.38f - ImGui::GetStyle().ItemSpacing.x);
  double lr_typed = o.lr;
  if (input_double_commit("##lr_input", &lr_typed, "%g")) {
    // The slider's range: a typed value outside it is refused, not clamped behind the user's back.
    if (lr_typed >= 1e-5 && lr_typed <= 10.0) {
      edit(c, [&](nn::Experiment& x) { x.training.optimizer.lr = lr_typed; });
    } else {
      char msg[128];
      std::snprintf(msg, sizeof msg, "Learning rate %g refused: it must be between 1e-05 and 10 (kept %g)", lr_typed, o.lr);
      set_status(c.ui, msg, true);
    }
  }
  mark(c.ui, "lr_input");

  auto hp = [&](const char* label, double nn::OptimizerSpec::*field, double lo, double hi,
                const char* tip, bool log = false) {
    row_label(label, lw);
    double v = o.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_commit((std::string("##") + label).c_str(), &v, lo, hi, log ? "%.2g" : "%.3f", log))
      edit(c, [&](nn::Experiment& x) { x.training.optimizer.*field = v; });
    mark(c.ui, std::string("hp_") + label);
    formula_tooltip(label, tip);
  };
  switch (o.kind) {
    case nn::Opt::sgd:
      break;
    case nn::Opt::momentum:
    case nn::Opt::nesterov:
      hp("momentum", &nn::OptimizerSpec::momentum, 0.0, 0.999, "b <- momentum * b + (1 - dampening) * g");
      if (o.kind == nn::Opt::momentum)
        hp("dampening", &nn::OptimizerSpec::dampening, 0.0, 0.999, "b <- momentum * b + (1 - dampening) * g");
      break;
    case nn::Opt::adagrad:
      hp("lr_decay", &nn::OptimizerSpec::lr_decay, 0.0, 1.0, "clr = lr / (1 + (t - 1) * lr_decay)");
      hp("initial accumulator", &nn::OptimizerSpec::initial_accumulator_value, 0.0, 1.0, "s starts at this value");
      hp("eps", &nn::OptimizerSpec::eps, 1e-12, 1e-2, "w <- w - lr * g / (sqrt(s) + eps)", true);
      break;
    case nn::Opt::rmsprop: {
      hp("alpha", &nn::OptimizerSpec::alpha, 0.5, 0.9999, "v <- alpha * v + (1 - alpha) * g^2");
      hp("momentum", &nn::OptimizerSpec::momentum, 0.0, 0.999, "b <- momentum * b + g / (sqrt(v) + eps);  w <- w - lr * b");
      hp("eps", &nn::OptimizerSpec::eps, 1e-12, 1e-2, "w <- w - lr * g / (sqrt(v) + eps)", true);
      row_label("centered", lw);
      bool cen = o.centered;
      if (ImGui::Checkbox("##centered", &cen)) edit(c, [&](nn::Experiment& x) { x.training.optimizer.centered = cen; });
      mark(c.ui, "hp_centered");
      formula_tooltip("centered", "v^ = v - avg(g)^2 in the denominator");
      break;
    }
    case nn::Opt::adam: {
      hp("beta1", &nn::OptimizerSpec::beta1, 0.0, 0.9999, "m <- b1 m + (1 - b1) g");
      hp("beta2", &nn::OptimizerSpec::beta2, 0.9, 0.99999, "v <- b2 v + (1 - b2) g^2");
      hp("eps", &nn::OptimizerSpec::eps, 1e-12, 1e-2, "w <- w - lr m^ / (sqrt(v^) + eps)", true);
      row_label("amsgrad", lw);
      bool ams = o.amsgrad;
      if (ImGui::Checkbox("##amsgrad", &ams)) edit(c, [&](nn::Experiment& x) { x.training.optimizer.amsgrad = ams; });
      mark(c.ui, "hp_amsgrad");
      formula_tooltip("amsgrad", "v_max = max(v_max, v) in the denominator");
      break;
    }
  }
  hp("weight decay", &nn::OptimizerSpec::weight_decay, 0.0, 0.1, "g <- g + weight_decay * w  (weights and biases, as torch.optim)");

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
        edit(c, [&](nn::Experiment& x) {
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
      edit(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
    mark(c.ui, std::string("sched_") + label);
    formula_tooltip(label, tip);
  };
  auto sched_d = [&](const char* label, double nn::ScheduleSpec::*field, double lo, double hi, const char* tip) {
    row_label(label, lw);
    double v = t.schedule.*field;
    ImGui::SetNextItemWidth(w);
    if (slider_commit((std::string("##") + label).c_str(), &v, lo, hi, "%.3g"))
      edit(c, [&](nn::Experiment& x) { x.training.schedule.*field = v; });
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

  ImGui::Spacing();
  panel_title("BATCHES");
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  row_label("Batch size", lw);
  int bs = t.batch_size == 0 ? ntrain : std::min(t.batch_size, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch", &bs, 1, ntrain, bs >= ntrain ? "%d (full batch)" : "%d"))
    edit(c, [&](nn::Experiment& x) { x.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark(c.ui, "batch_slider");
  formula_tooltip("Points per optimizer step", "1 = stochastic; all = full-batch gradient descent");
  row_label("Shuffle", lw);
  bool shuffle = t.shuffle;
  if (ImGui::Checkbox("##shuffle", &shuffle)) edit(c, [&](nn::Experiment& x) { x.training.shuffle = shuffle; });
  mark(c.ui, "shuffle");
  formula_tooltip("Shuffle the training points each epoch", "off: the data order, as Playground");

  ImGui::Spacing();
  panel_title("REGULARIZATION");
  auto reg = [&](const char* label, double nn::TrainingSpec::*field, double hi, const char* tip) {
    row_label(label, lw);
    double v = t.*field;
    ImGui::SetNextItemWidth(w * 0.62f);
    if (slider_commit((std::string("##s") + label).c_str(), &v, 0.0, hi, "%.4g", false))
      edit(c, [&](nn::Experiment& x) { x.training.*field = v; });
    mark(c.ui, std::string("slider_") + label);
    formula_tooltip(label, tip);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.38f - ImGui::GetStyle().ItemSpacing.x);
    double typed = t.*field;
    if (input_double_commit((std::string("##i") + label).c_str(), &typed, "%g"))
      edit(c, [&](nn::Experiment& x) { x.training.*field = std::max(0.0, typed); });
    mark(c.ui, std::string("input_") + label);
  };
  reg("L1", &nn::TrainingSpec::l1, 0.1, "penalty l1 * sum |w| (weights, not biases)");
  reg("L2", &nn::TrainingSpec::l2, 0.1, "penalty l2 * 1/2 sum w^2 (weights, not biases)");
  row_label("Dropout", lw);
  double dp = t.dropout;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##dropout", &dp, 0.0, 0.9, "%.2f"))
    edit(c, [&](nn::Experiment& x) { x.training.dropout = dp; });
  mark(c.ui, "dropout");
  formula_tooltip("Dropout", "each hidden unit is dropped with probability p while training; the rest scaled by 1/(1-p)");

  ImGui::Spacing();
  panel_title("INITIALIZATION");
  row_label("Init", lw);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##init", nn::name(e.network.init))) {
    for (const auto& row : nn::kInits) {
      if (ImGui::Selectable(row.name, row.id == e.network.init))
        edit(c, [&](nn::Experiment& x) { x.network.init = row.id; x.weights.reset(); },
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
    edit(c, [&](nn::Experiment& x) { x.seed = uint64_t(seed); },
         "Seed " + std::to_string(uint64_t(seed)) + " (data regenerated; Reset for its weights)");
  mark(c.ui, "seed");
  formula_tooltip("Seed", "the same seed gives the same data and initial weights, bit for bit");

  ImGui::Spacing();
  panel_title("STOPPING");
  row_label("Epochs", lw);
  double epochs = t.epochs;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##epochs", &epochs, "%.0f") && epochs >= 0)
    edit(c, [&](nn::Experiment& x) { x.training.epochs = int(std::min(epochs, 2e9)); });
  mark(c.ui, "epochs");
  formula_tooltip("Stop after this many epochs", "0 = never");
  row_label("Loss threshold", lw);
  double thr = t.loss_threshold;
  ImGui::SetNextItemWidth(w * 0.5f);
  if (input_double_commit("##thr", &thr, "%g"))
    edit(c, [&](nn::Experiment& x) { x.training.loss_threshold = std::max(0.0, thr); });
  mark(c.ui, "loss_threshold");
  formula_tooltip("Stop when the train loss falls below it", "0 = never");
  ImGui::End();
}

}  // namespace descent::gui
