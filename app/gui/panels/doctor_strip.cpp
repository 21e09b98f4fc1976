// app/gui/panels/doctor_strip.cpp — the doctor, under the network canvas: what is going wrong
// (nn/doctor.h's findings from the live loss history and layer statistics), each with its
// reason in numbers and what to try; one quiet line when nothing is.
//
// The doctor runs when the snapshot's history or layer history was replaced (a new epoch row),
// not every frame. A finding's title is its id in words; the full text is its tooltip when the
// strip is too narrow for it. Both are said in the UI's language from the finding's numbers.
#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {
// Lines of findings the strip shows before "+ N more" (the rest in that line's tooltip).
constexpr int kShownFindings = 2;
// Lines of text a finding may take (its explanation wraps; the rest is in its tooltip).
constexpr float kMaxLines = 3.0f;

// A finding in the UI's language: its title, and its explanation rebuilt from the numbers the
// engine quoted (nn/doctor.h: English there is the CLI's --diagnose, byte for byte the same as
// these keys' English, which tests/test_strings.cpp checks).
struct FindingWords {
  nn::Problem id;
  const char* title;
  const char* reason;           // form 0
  const char* reason_diverged;  // form 1, when the rule has it
};
constexpr FindingWords kFindingWords[] = {
    {nn::Problem::vanishing_gradients, "doctor.vanishing_gradients.title", "doctor.vanishing_gradients", nullptr},
    {nn::Problem::exploding_gradients, "doctor.exploding_gradients.title", "doctor.exploding_gradients", nullptr},
    {nn::Problem::dead_units, "doctor.dead_units.title", "doctor.dead_units", nullptr},
    {nn::Problem::saturated_units, "doctor.saturated_units.title", "doctor.saturated_units", nullptr},
    {nn::Problem::lr_too_high, "doctor.lr_too_high.title", "doctor.lr_too_high", "doctor.lr_too_high_diverged"},
    {nn::Problem::lr_too_low, "doctor.lr_too_low.title", "doctor.lr_too_low", nullptr},
    {nn::Problem::overfitting, "doctor.overfitting.title", "doctor.overfitting", nullptr},
    {nn::Problem::underfitting, "doctor.underfitting.title", "doctor.underfitting", nullptr},
};

const FindingWords* words_of(nn::Problem p) {
  for (const FindingWords& w : kFindingWords)
    if (w.id == p) return &w;
  return nullptr;
}

std::string title_of(nn::Problem p) {
  const FindingWords* w = words_of(p);
  return w ? tr(w->title) : nn::name(p);
}

// The explanation in the current language; the engine's English when a rule has no words here.
std::string explanation_of(const nn::Finding& f) {
  const FindingWords* w = words_of(f.id);
  if (!w) return f.explanation;
  double v[4] = {nn::kNone, nn::kNone, nn::kNone, nn::kNone};
  for (size_t i = 0; i < f.numbers.size() && i < 4; ++i) v[i] = f.numbers[i];
  char b[1024];  // each "%" of the formats takes a double; printf ignores the ones not named
  std::snprintf(b, sizeof b, tr(f.form == 1 && w->reason_diverged ? w->reason_diverged : w->reason), v[0], v[1], v[2],
                v[3]);
  return b;
}

std::string with_title(const nn::Finding& f) {
  char b[1200];
  std::snprintf(b, sizeof b, tr("doctor.finding"), title_of(f.id).c_str(), explanation_of(f).c_str());
  return b;
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
std::string finding_text(const nn::Finding& f) { return with_title(f); }

float doctor_strip_height(const Ctx& c, float width) {
  const InsideState& in = c.ui.inside;
  // The text wraps where show_doctor_strip wraps it: left of the network's tools when they are
  // in the strip (as the network panel found last frame).
  const float tools_w = in.tools_in_strip ? net_tools_width() + 8 * c.s : 0.0f;
  const float line = ImGui::GetTextLineHeightWithSpacing(), wrap = width - 16 * c.s - tools_w;
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
    const char* t = tr("doctor.healthy_long");
    if (ImGui::CalcTextSize(t).x > room) t = tr("doctor.healthy_mid");
    if (ImGui::CalcTextSize(t).x > room) t = tr("doctor.healthy_short");
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
    char title[256];
    std::snprintf(title, sizeof title, tr("doctor.title_colon"), title_of(f.id).c_str());
    const ImVec2 ts = ImGui::CalcTextSize(title);
    dl->AddRectFilled(ImVec2(pos.x + 8 * c.s, at.y), ImVec2(pos.x + 8 * c.s + ts.x, at.y + ts.y), palette().panel);
    dl->AddText(ImVec2(pos.x + 8 * c.s, at.y), palette().danger, title);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 8 * c.s, std::min(done.y, at.y + ImGui::GetTextLineHeight() * kMaxLines +
                                                                         ImGui::GetStyle().ItemSpacing.y)));
  }
  ImGui::PopTextWrapPos();
  if (n > kShownFindings) {
    ImGui::SetCursorPosX(8 * c.s);
    ImGui::TextDisabled(tr("doctor.more"), n - kShownFindings);
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
