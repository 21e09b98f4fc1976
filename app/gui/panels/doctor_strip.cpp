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
// Lines of text a finding may take (its explanation wraps; the rest is in its tooltip).
constexpr float kMaxLines = 3.0f;

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

// The text of a finding as the strip lays it out: its title, then its explanation, wrapped.
std::string finding_text(const nn::Finding& f) { return title_of(f.id) + ": " + f.explanation; }

float doctor_strip_height(const Ctx& c, float width) {
  const InsideState& in = c.ui.inside;
  const float line = ImGui::GetTextLineHeightWithSpacing(), wrap = width - 16 * c.s;
  float h = line;  // the healthy line, or "+ N more"
  if (!in.findings.empty()) h = int(in.findings.size()) > kShownFindings ? line : 0.0f;
  for (int i = 0; i < std::min(int(in.findings.size()), kShownFindings); ++i) {
    const float th = ImGui::CalcTextSize(finding_text(in.findings[size_t(i)]).c_str(), nullptr, false, wrap).y;
    h += std::min(th, ImGui::GetTextLineHeight() * kMaxLines) + ImGui::GetStyle().ItemSpacing.y;
  }
  return std::round(h + 10.0f * c.s);
}

void show_doctor_strip(Ctx& c, ImVec2 pos, ImVec2 size) {
  const InsideState& in = c.ui.inside;
  begin_panel("Doctor", pos, size, ImGuiWindowFlags_NoScrollWithMouse);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), palette().line);
  // The network header's tools, when it had no room for them (network_panel.cpp).
  const float tools_w = in.tools_in_strip ? net_tools_width() + 8 * c.s : 0.0f;
  if (in.tools_in_strip) net_tools_button(c, ImVec2(pos.x + size.x - 8 * c.s, pos.y + 4 * c.s));
  ImGui::SetCursorScreenPos(ImVec2(pos.x + 8 * c.s, pos.y + 5 * c.s));
  if (in.findings.empty()) {  // shorter where the column is narrow: never cut off
    const float room = size.x - 16 * c.s - tools_w;
    const char* t = "Doctor: nothing wrong seen in the gradients, the units or the loss curves";
    if (ImGui::CalcTextSize(t).x > room) t = "Doctor: nothing wrong seen";
    if (ImGui::CalcTextSize(t).x > room) t = "Doctor: healthy";
    ImGui::TextDisabled("%s", t);
    mark(c.ui, "doctor_healthy");
  }
  const int n = int(in.findings.size());
  ImGui::PushTextWrapPos(pos.x + size.x - 8 * c.s - tools_w - ImGui::GetWindowPos().x);
  for (int i = 0; i < std::min(n, kShownFindings); ++i) {
    const nn::Finding& f = in.findings[size_t(i)];
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::SetCursorPosX(8 * c.s);
    // The title in the danger colour over the first words of the wrapped text.
    ImGui::TextWrapped("%s", finding_text(f).c_str());
    const ImVec2 done = ImGui::GetCursorScreenPos();
    mark(c.ui, std::string("doctor_") + nn::name(f.id));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
      ImGui::TextUnformatted(finding_text(f).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    const std::string title = title_of(f.id) + ":";
    const ImVec2 ts = ImGui::CalcTextSize(title.c_str());
    dl->AddRectFilled(ImVec2(pos.x + 8 * c.s, at.y), ImVec2(pos.x + 8 * c.s + ts.x, at.y + ts.y), palette().panel);
    dl->AddText(ImVec2(pos.x + 8 * c.s, at.y), palette().danger, title.c_str());
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 8 * c.s, std::min(done.y, at.y + ImGui::GetTextLineHeight() * kMaxLines +
                                                                         ImGui::GetStyle().ItemSpacing.y)));
  }
  ImGui::PopTextWrapPos();
  if (n > kShownFindings) {
    ImGui::SetCursorPosX(8 * c.s);
    ImGui::TextDisabled("+ %d more (hover)", n - kShownFindings);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (int i = kShownFindings; i < n; ++i) ImGui::TextUnformatted(finding_text(in.findings[size_t(i)]).c_str());
      ImGui::EndTooltip();
    }
    for (int i = kShownFindings; i < n; ++i) mark(c.ui, std::string("doctor_") + nn::name(in.findings[size_t(i)].id));
  }
  end_panel();
}

}  // namespace descent::gui
