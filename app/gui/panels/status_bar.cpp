// app/gui/panels/status_bar.cpp — the bottom status line (messages, errors, hints) and the
// divergence banner with its way back to the last finite weights.
#include <cstdio>

#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

void show_status_bar(Ctx& c, ImVec2 pos, ImVec2 size) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12 * c.s, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().bg));
  begin_panel("Status", pos, size);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), palette().line);
  ImGui::SetCursorScreenPos(ImVec2(pos.x + 12 * c.s, pos.y + (size.y - ImGui::GetFontSize()) * 0.5f));

  const bool fresh = c.time - c.ui.status_time < (c.ui.status_error ? 20.0 : 8.0);
  if (fresh && !c.ui.status.empty()) {
    if (c.ui.status_error) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().danger));
      ImGui::TextUnformatted(c.ui.status.c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextUnformatted(c.ui.status.c_str());
    }
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().text_dim));
    ImGui::TextUnformatted(
        "Space play/pause · S step · R reset · Ctrl+O open · Ctrl+S save · drop a .json or .csv here");
    ImGui::PopStyleColor();
  }
  mark(c.ui, "status");

  // Right: what is loaded.
  const nn::Experiment& e = *c.snap.experiment;
  char right[256];
  std::snprintf(right, sizeof right, "%s%s%d points (%d train, %d test)",
                e.title.empty() ? "" : e.title.c_str(), e.title.empty() ? "" : " · ",
                c.snap.data ? int(c.snap.data->points.size()) : 0,
                c.snap.data ? c.snap.data->train_count() : 0, c.snap.data ? c.snap.data->test_count() : 0);
  const float w = ImGui::CalcTextSize(right).x;
  ImGui::SetCursorScreenPos(ImVec2(pos.x + size.x - w - 12 * c.s, pos.y + (size.y - ImGui::GetFontSize()) * 0.5f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().text_dim));
  ImGui::TextUnformatted(right);
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered() && !e.notes.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(e.notes.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  end_panel();
}

void show_divergence_banner(Ctx& c, ImVec2 pos, float width) {
  const float s = c.s;
  const nn::Divergence* d = c.snap.divergence ? &*c.snap.divergence : nullptr;
  char head[160];
  std::snprintf(head, sizeof head, "Diverged at epoch %ld (step %ld): %s.", d ? d->epoch : c.snap.epoch,
                d ? d->step : c.snap.steps, d ? d->what.c_str() : "the loss or a weight is not finite");
  const std::string hint = d ? d->hint : "Try a smaller learning rate.";
  const float pad = 12 * s;
  const float wrap = width - 2 * pad - 40 * s;
  ImGui::SetNextWindowPos(ImVec2(pos.x + 20 * s, pos.y + 10 * s));
  ImGui::SetNextWindowSize(ImVec2(width - 40 * s, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.75f, 0.22f, 0.17f, 0.96f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(1, 1, 1, 0.18f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(1, 1, 1, 0.30f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(1, 1, 1, 0.40f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 6 * s);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
  ImGui::Begin("Diverged", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(head);
  ImGui::TextUnformatted(hint.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::BeginDisabled(!c.snap.has_last_finite);
  if (ImGui::Button("Back to last finite weights")) {
    c.trainer.restore_last_finite();
    set_status(c.ui, "Back to the last finite weights; lower the learning rate before playing again");
  }
  ImGui::EndDisabled();
  mark(c.ui, "restore_finite");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) c.trainer.reset();
  mark(c.ui, "banner_reset");
  ImGui::SameLine();
  const double lr = base_experiment(c).training.optimizer.lr;
  char lower[64];
  std::snprintf(lower, sizeof lower, "Learning rate ÷ 10 (%g)", lr / 10);
  if (ImGui::Button(lower)) {
    nn::Experiment e = base_experiment(c);
    e.training.optimizer.lr = lr / 10;
    apply_experiment(c, std::move(e));
  }
  mark(c.ui, "banner_lr_down");
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(5);
}

}  // namespace descent::gui
