// app/gui/panels/recipe_controls.cpp — the recipe's combos, shared by the top bar (the quick
// ones), the recipe sheet and the network canvas (a layer's activation). Each reads its rows
// from the engine's tables and shows the row's formula as a tooltip.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"

namespace descent::gui {

namespace {

constexpr double kLearningRates[] = {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};

std::string lr_text(double lr) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", lr);
  return b;
}

// Test hook names: "combo_<id>" for a combo (its "##" dropped), "item_<label>" for its rows.
std::string combo_name(const char* id) {
  while (*id == '#') ++id;
  return std::string("combo_") + id;
}

// A combo narrower than its text with the arrow drops the arrow (the text is what matters; a
// click opens it all the same). Returns the flags, and the room the arrow takes.
ImGuiComboFlags fit_arrow(const char* preview, float width, float* arrow) {
  const float text = ImGui::CalcTextSize(preview).x + 2 * ImGui::GetStyle().FramePadding.x;
  const bool room = text + ImGui::GetFrameHeight() <= width;
  *arrow = room ? ImGui::GetFrameHeight() : 0.0f;
  return room ? ImGuiComboFlags_None : ImGuiComboFlags_NoArrowButton;
}

// A preview too long for its combo even without the arrow ends in "…" (the whole text is in
// the list and the tooltip): on a narrow sheet at a projector's scale, "sigmoid ·
// binary_cross_entropy" would be cut off mid-letter.
std::string fit_preview(const std::string& text, float width) {
  const float room = width - 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::CalcTextSize(text.c_str()).x <= room) return text;
  std::string t = text;
  while (!t.empty() && ImGui::CalcTextSize((t + "\xe2\x80\xa6").c_str()).x > room) {
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // a UTF-8 tail
    if (!t.empty()) t.pop_back();
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t + "\xe2\x80\xa6";
}

}  // namespace

bool learning_rate_combo(Ctx& c, const char* id, float width) {
  const double lr = base_experiment(c).training.optimizer.lr;
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const std::string preview = lr_text(lr);
  float arrow = 0.0f;
  const ImGuiComboFlags fit = fit_arrow(preview.c_str(), width, &arrow);
  // All eleven rates at once (the default height shows eight: 1, 3 and 10 were out of sight).
  if (ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge | fit)) {
    for (double v : kLearningRates) {
      const std::string t = lr_text(v);
      if (ImGui::Selectable(t.c_str(), std::fabs(v - lr) < 1e-12 * std::max(1.0, v))) {
        changed = edit_experiment(c, [&](nn::Experiment& e) { e.training.optimizer.lr = v; });
      }
      mark(c.ui, "item_" + t);
    }
    ImGui::EndCombo();
  }
  mark_text(c.ui, combo_name(id), preview.c_str(), arrow);
  formula_tooltip(tr("recipe.lr_combo_tip"), nn::kOptimizers[int(base_experiment(c).training.optimizer.kind)].formula,
                  tr("recipe.lr_combo_more"));
  return changed;
}

bool optimizer_combo(Ctx& c, const char* id, float width) {
  const nn::OptimizerSpec& cur = base_experiment(c).training.optimizer;
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  float arrow = 0.0f;
  const ImGuiComboFlags fit = fit_arrow(nn::name(cur.kind), width, &arrow);
  if (ImGui::BeginCombo(id, nn::name(cur.kind), fit)) {
    for (const auto& row : nn::kOptimizers) {
      if (ImGui::Selectable(row.name, row.id == cur.kind)) {
        changed = edit_experiment(c, [&](nn::Experiment& e) {
          const double lr = e.training.optimizer.lr;  // keep the rate the user chose
          e.training.optimizer = nn::OptimizerSpec::defaults(row.id);
          e.training.optimizer.lr = lr;
        });
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula, tr("recipe.optimizer_tip"));
    }
    ImGui::EndCombo();
  }
  mark_text(c.ui, combo_name(id), nn::name(cur.kind), arrow);
  formula_tooltip(tr("recipe.optimizer"), nn::kOptimizers[int(cur.kind)].formula);
  return changed;
}

bool activation_combo(Ctx& c, const char* id, int layer, float width) {
  const nn::Experiment& e0 = base_experiment(c);
  const auto& acts = e0.network.activations;
  const char* preview = "–";
  nn::Act current = nn::Act::tanh;
  bool mixed = false;  // the layers differ: no row is the current one
  if (layer >= 0 && layer < int(acts.size())) {
    current = acts[layer];
    preview = nn::name(current);
  } else if (!acts.empty()) {
    current = acts[0];
    mixed = !std::all_of(acts.begin(), acts.end(), [&](nn::Act a) { return a == acts[0]; });
    preview = mixed ? tr("recipe.mixed") : nn::name(acts[0]);
  }
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  float arrow = 0.0f;
  const ImGuiComboFlags fit = fit_arrow(preview, width, &arrow);
  if (ImGui::BeginCombo(id, preview, fit)) {
    for (const auto& row : nn::kActivations) {
      if (ImGui::Selectable(row.name, row.id == current && !mixed)) {
        changed = edit_experiment(c, [&](nn::Experiment& e) {
          if (layer >= 0) e.network.activations[layer] = row.id;
          else std::fill(e.network.activations.begin(), e.network.activations.end(), row.id);
        }, formatted(tr("recipe.activation_set"), row.name));
      }
      mark(c.ui, std::string("item_") + row.name);
      formula_tooltip(row.name, row.formula);
    }
    ImGui::EndCombo();
  }
  mark_text(c.ui, layer >= 0 ? "combo_act_" + std::to_string(layer) : combo_name(id), preview, arrow);
  formula_tooltip(tr(layer >= 0 ? "recipe.layer_activation_tip" : "recipe.all_activation_tip"),
                  nn::kActivations[int(current)].formula);
  return changed;
}

bool output_loss_combo(Ctx& c, const char* id, float width) {
  const nn::Experiment& e0 = base_experiment(c);
  const std::string preview =
      fit_preview(std::string(nn::name(e0.network.output)) + " · " + nn::name(e0.loss), width);
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  float arrow = 0.0f;
  const ImGuiComboFlags fit = fit_arrow(preview.c_str(), width, &arrow);
  if (ImGui::BeginCombo(id, preview.c_str(), fit)) {
    for (const auto& out : nn::kOutputs)
      for (const auto& loss : nn::kLosses) {
        if (!nn::compatible(out.id, loss.id)) continue;
        const std::string label = std::string(out.name) + " · " + loss.name;
        if (ImGui::Selectable(label.c_str(), out.id == e0.network.output && loss.id == e0.loss))
          changed = edit_experiment(c, [&](nn::Experiment& e) {
            e.network.output = out.id;
            e.loss = loss.id;
          }, formatted(tr("recipe.output_set"), label.c_str()));
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
  mark_text(c.ui, combo_name(id), preview.c_str(), arrow);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(tr("recipe.output_loss_tip"));
    ImGui::TextDisabled("%s", nn::kOutputs[int(e0.network.output)].formula);
    ImGui::TextDisabled("%s", nn::kLosses[int(e0.loss)].formula);
    ImGui::EndTooltip();
  }
  return changed;
}

}  // namespace descent::gui
