// app/gui/panels/status_bar.cpp — the bottom status line (messages, errors, hints) and the
// divergence banner with its way back to the last finite weights.
#include <cstdio>

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/reason_words.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// What went wrong and what to try, in the current language (nn/reasons.h's kinds, the words
// of gui/reason_words.h). The advice follows the rate as it is edited: a rate divided by 10 is
// no longer "too high".
std::string divergence_what(const nn::Divergence* d) { return d ? said(d->cause) : tr("banner.what_unknown"); }

std::string divergence_hint(const nn::Divergence* d, double lr_now) {
  return d ? said(nn::divergence_advice(d->lr, lr_now)) : tr("banner.hint_default");
}

}  // namespace

void show_status_bar(Ctx& c, ImVec2 pos, ImVec2 size) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12 * c.s, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().bg));
  begin_panel("Status", pos, size);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), palette().line);
  const float text_y = pos.y + (size.y - ImGui::GetFontSize()) * 0.5f, pad = 12 * c.s;

  // Left: the last message (errors in red), else the keys. Right: what is loaded. They share
  // the line: a message has the room it needs (the right side gives way), the keys hint is
  // cut where the right side starts.
  const bool fresh = c.time - c.ui.status_time < (c.ui.status_error ? 20.0 : 8.0);
  const bool message = fresh && !c.ui.status.empty();
  const char* left = message ? c.ui.status.c_str() : tr("status.keys");
  const nn::Experiment& e = *c.snap.experiment;
  const std::string& title = nn::shown_title(e, language_code(language()));
  const std::string right_text =
      formatted(tr("status.points"), title.c_str(), title.empty() ? "" : " · ",
                c.snap.data ? int(c.snap.data->points.size()) : 0, c.snap.data ? c.snap.data->train_count() : 0,
                c.snap.data ? c.snap.data->test_count() : 0);
  const char* right = right_text.c_str();
  // The keys hint, shorter where the line is short (it is never cut mid-word).
  const float right_w = ImGui::CalcTextSize(right).x;
  for (const char* shorter : {tr("status.keys_short"), tr("status.keys_help"), ""})
    if (!message && pad + ImGui::CalcTextSize(left).x + 3 * pad + right_w + pad > size.x) left = shorter;
  const float left_w = ImGui::CalcTextSize(left).x;
  const bool show_right = !message || pad + left_w + 3 * pad + right_w + pad <= size.x;
  const float left_end = show_right ? pos.x + size.x - right_w - 3 * pad : pos.x + size.x - pad;

  ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, text_y));
  ImGui::PushClipRect(pos, ImVec2(left_end, pos.y + size.y), true);
  ImGui::PushStyleColor(ImGuiCol_Text, !message              ? ImGui::ColorConvertU32ToFloat4(palette().text_dim)
                                       : c.ui.status_error ? ImGui::ColorConvertU32ToFloat4(palette().danger)
                                                           : ImGui::GetStyleColorVec4(ImGuiCol_Text));
  ImGui::TextUnformatted(left);
  ImGui::PopStyleColor();
  ImGui::PopClipRect();
  mark(c.ui, "status");
  if (message && ImGui::IsItemHovered() && pos.x + pad + left_w > left_end) ImGui::SetTooltip("%s", left);
  if (!show_right) {
    end_panel();
    return;
  }

  ImGui::SetCursorScreenPos(ImVec2(pos.x + size.x - right_w - pad, text_y));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().text_dim));
  ImGui::TextUnformatted(right);
  ImGui::PopStyleColor();
  const std::string& notes = nn::shown_notes(e, language_code(language()));  // the file's, in the UI's language
  if (ImGui::IsItemHovered() && !notes.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(notes.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  end_panel();
}

void show_divergence_banner(Ctx& c, ImVec2 pos, float width) {
  const float s = c.s;
  const nn::Divergence* d = c.snap.divergence ? &*c.snap.divergence : nullptr;
  const std::string head = formatted(tr("banner.head"), d ? d->epoch : c.snap.epoch, d ? d->step : c.snap.steps,
                                     divergence_what(d).c_str());
  const std::string hint = divergence_hint(d, base_experiment(c).training.optimizer.lr);
  c.ui.banner_head = head;
  c.ui.banner_hint = hint;
  const float pad = 12 * s;
  const float wrap = width - 2 * pad - 40 * s;
  // Anchored to the bottom of the network canvas: the layer controls along its top stay free.
  ImGui::SetNextWindowPos(ImVec2(pos.x + 20 * s, pos.y - 10 * s), ImGuiCond_Always, ImVec2(0.0f, 1.0f));
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
  ImGui::TextUnformatted(head.c_str());
  ImGui::TextUnformatted(hint.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::BeginDisabled(!c.snap.has_last_finite);
  if (ImGui::Button(label("banner.restore", "restore_finite").c_str())) {
    c.trainer.restore_last_finite();
    set_status(c.ui, tr("banner.restored"));
  }
  ImGui::EndDisabled();
  mark(c.ui, "restore_finite");
  ImGui::SameLine();
  if (ImGui::Button(label("banner.reset", "banner_reset").c_str())) c.trainer.reset();
  mark(c.ui, "banner_reset");
  ImGui::SameLine();
  const double lr = base_experiment(c).training.optimizer.lr;
  if (ImGui::Button((formatted(tr("banner.lr_down"), lr / 10) + "###banner_lr_down").c_str())) edit_experiment(c, [&](nn::Experiment& e) { e.training.optimizer.lr = lr / 10; });
  mark(c.ui, "banner_lr_down");
  mark_window(c.ui, "divergence_banner");
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(5);
}

// Play after the run paused at its epoch limit (or loss threshold): go on past it, or stay.
// The experiment keeps the limit either way (Reset brings it back; a save keeps it).
void show_go_on_prompt(Ctx& c) {
  const std::string title = label("go_on.title", "go_on");
  if (c.ui.go_on_request) {
    ImGui::OpenPopup(title.c_str());
    c.ui.go_on_request = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  c.ui.go_on_open = ImGui::BeginPopupModal(title.c_str(), nullptr,
                                            ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove);
  if (!c.ui.go_on_open) return;
  const nn::TrainingSpec& t = c.snap.experiment->training;
  if (c.snap.state == nn::RunState::converged)
    ImGui::Text(tr("go_on.converged"), with_commas(c.snap.epoch).c_str(), t.loss_threshold);
  else
    ImGui::Text(tr("go_on.limit"), with_commas(c.snap.epoch).c_str());
  ImGui::TextDisabled("%s", tr("go_on.keeps"));
  ImGui::Spacing();
  const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
  if (ImGui::Button(label("go_on.go", "go_on").c_str()) || enter) {
    c.trainer.play();
    ImGui::CloseCurrentPopup();
  }
  mark(c.ui, "go_on");
  ImGui::SameLine();
  if (ImGui::Button(label("go_on.stay", "go_on_stay").c_str()) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::CloseCurrentPopup();
  mark(c.ui, "go_on_stay");
  ImGui::EndPopup();
}

}  // namespace descent::gui
