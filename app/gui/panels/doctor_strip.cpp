// app/gui/panels/doctor_strip.cpp — the doctor, under the network canvas: what is going wrong
// (nn/doctor.h's findings from the live loss history and layer statistics), each with its
// reason in numbers and what to try; one quiet line when nothing is.
//
// The doctor runs when the snapshot's history or layer history was replaced (a new epoch row),
// not every frame. A finding's title is its id in words; the full text is its tooltip when the
// strip is too narrow for it.
#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {
// Lines of findings the strip shows before "+ N more" (the rest in that line's tooltip).
constexpr int kShownFindings = 2;

std::string title_of(nn::Problem p) {
  std::string t = nn::name(p);
  std::replace(t.begin(), t.end(), '_', ' ');
  t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
  if (t.rfind("Lr ", 0) == 0) t = "Learning rate " + t.substr(3);
  return t;
}
}  // namespace

void update_findings(Ctx& c) {
  InsideState& in = c.ui.inside;
  const nn::Snapshot& s = c.snap;
  const bool diverged = s.state == nn::RunState::diverged;
  if (in.doctor_key[0] == s.history.get() && in.doctor_key[1] == s.layer_history.get() && in.doctor_diverged == diverged)
    return;
  in.doctor_key[0] = s.history.get();
  in.doctor_key[1] = s.layer_history.get();
  in.doctor_diverged = diverged;
  const nn::Evidence ev{s.history.get(), s.layer_history.get(), &s.arch, diverged, s.lr};
  in.findings = nn::diagnose(ev);
}

float doctor_strip_height(const Ctx& c) {
  const int lines = std::clamp(int(c.ui.inside.findings.size()), 1, kShownFindings + 1);
  return std::round(ImGui::GetTextLineHeightWithSpacing() * float(lines) + 10.0f * c.s);
}

void show_doctor_strip(Ctx& c, ImVec2 pos, ImVec2 size) {
  const InsideState& in = c.ui.inside;
  begin_panel("Doctor", pos, size, ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), palette().line);
  ImGui::SetCursorScreenPos(ImVec2(pos.x + 8 * c.s, pos.y + 5 * c.s));
  if (in.findings.empty()) {
    ImGui::TextDisabled("Doctor:");
    ImGui::SameLine();
    ImGui::TextDisabled("nothing wrong seen in the gradients, the units or the loss curves");
    mark(c.ui, "doctor_healthy");
  }
  const int n = int(in.findings.size());
  for (int i = 0; i < std::min(n, kShownFindings + (n == kShownFindings + 1 ? 1 : 0)); ++i) {
    const nn::Finding& f = in.findings[size_t(i)];
    ImGui::SetCursorPosX(8 * c.s);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), "● %s", title_of(f.id).c_str());
    mark(c.ui, std::string("doctor_") + nn::name(f.id));
    ImGui::SameLine();
    ImGui::TextUnformatted(f.explanation.c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
      ImGui::TextUnformatted(f.explanation.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  if (n > kShownFindings + 1) {
    ImGui::SetCursorPosX(8 * c.s);
    ImGui::TextDisabled("+ %d more (hover)", n - kShownFindings);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (int i = kShownFindings; i < n; ++i)
        ImGui::Text("%s: %s", title_of(in.findings[size_t(i)].id).c_str(), in.findings[size_t(i)].explanation.c_str());
      ImGui::EndTooltip();
    }
  }
  end_panel();
}

}  // namespace descent::gui
