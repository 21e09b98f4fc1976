// app/gui/panels/timeline.cpp — the timeline: a scrubber under the plots over the run's kept
// checkpoints (nn/checkpoints.h: log-spaced epochs, bounded). Picking one shows the network,
// the output view and the loss plot's marker at that epoch (app.cpp draws the frame from
// shown_snapshot(), the live snapshot with the checkpoint's weights); "Live" returns to the
// run as it trains. "Branch from here…" opens the Compare popup starting at that checkpoint,
// so that one setting can change from that epoch on, drawn beside the original.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <cstdio>

#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// The track maps epochs on a log scale, as the checkpoints are spaced.
struct Track {
  ImVec2 a, b;
  long last = 1;  // the epoch at the right end
  float x(long epoch) const {
    const double u = std::log1p(double(std::max(0L, epoch))) / std::log1p(double(std::max(1L, last)));
    return a.x + float(std::clamp(u, 0.0, 1.0)) * (b.x - a.x);
  }
};

std::shared_ptr<const nn::Checkpoint> nearest(const nn::CheckpointList& kept, const Track& t, float mx) {
  std::shared_ptr<const nn::Checkpoint> best;
  float d = 1e30f;
  for (const auto& cp : kept)
    if (std::fabs(t.x(cp->epoch()) - mx) < d) d = std::fabs(t.x(cp->epoch()) - mx), best = cp;
  return best;
}

void readout(Ctx& c, long live_epoch, size_t count) {
  const TimelineState& t = c.ui.lab.timeline;
  const bool pct = c.snap.data && c.snap.data->task == nn::Task::classification;
  std::shared_ptr<const nn::Checkpoint> cp;
  if (t.scrub_epoch >= 0 && c.snap.checkpoints)
    for (const auto& k : *c.snap.checkpoints)
      if (k->epoch() == t.scrub_epoch) cp = k;
  // The longest text that fits the strip (a narrow column, a projector's scale): never cut off.
  const float room = ImGui::GetContentRegionAvail().x;
  auto fitting = [&](std::initializer_list<std::string> texts) {
    std::string last;
    for (const std::string& t : texts) {
      last = t;
      if (ImGui::CalcTextSize(t.c_str()).x <= room) break;
    }
    return last;
  };
  char buf[3][160];
  if (cp) {
    char m[32] = "";
    if (std::isfinite(cp->row.test_metric))
      std::snprintf(m, sizeof m, pct ? tr("timeline.test_pct") : tr("timeline.test_r2"), pct ? cp->row.test_metric * 100 : cp->row.test_metric);
    std::snprintf(buf[0], sizeof buf[0], tr("timeline.at_long"), cp->epoch(), live_epoch, fmt_num(cp->row.train_loss, 4).c_str(), m);
    std::snprintf(buf[1], sizeof buf[1], tr("timeline.at_medium"), cp->epoch(), fmt_num(cp->row.train_loss, 3).c_str());
    std::snprintf(buf[2], sizeof buf[2], tr("timeline.at_short"), cp->epoch());
    ImGui::TextUnformatted(fitting({buf[0], buf[1], buf[2]}).c_str());
  } else {
    std::snprintf(buf[0], sizeof buf[0], tr("timeline.live_long"), live_epoch, count);
    std::snprintf(buf[1], sizeof buf[1], tr("timeline.live_medium"), live_epoch, count);
    std::snprintf(buf[2], sizeof buf[2], "%s", tr("timeline.live"));
    ImGui::TextDisabled("%s", fitting({buf[0], buf[1], buf[2]}).c_str());
  }
  mark(c.ui, "timeline_readout");
}

void track(Ctx& c, const nn::CheckpointList& kept, long live_epoch, float width) {
  TimelineState& t = c.ui.lab.timeline;
  const float s = c.s, h = ImGui::GetFrameHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##timeline_track", ImVec2(width, h));
  mark(c.ui, "timeline_track");
  Track tk{ImVec2(o.x + 6 * s, o.y), ImVec2(o.x + width - 6 * s, o.y + h), std::max(live_epoch, kept.empty() ? 1L : kept.back()->epoch())};
  if (ImGui::IsItemActive() && !kept.empty()) {
    const auto cp = nearest(kept, tk, ImGui::GetIO().MousePos.x);
    t.scrub_epoch = cp->epoch();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cy = o.y + h * 0.5f;
  dl->AddLine(ImVec2(tk.a.x, cy), ImVec2(tk.b.x, cy), palette().line, 3 * s);
  for (const auto& cp : kept) {
    const float x = tk.x(cp->epoch());
    dl->AddLine(ImVec2(x, cy - 5 * s), ImVec2(x, cy + 5 * s), palette().text_dim, 1.5f * s);
  }
  const float kx = t.scrub_epoch >= 0 ? tk.x(t.scrub_epoch) : tk.b.x;
  dl->AddCircleFilled(ImVec2(kx, cy), 7 * s, t.scrub_epoch >= 0 ? palette().accent : palette().text_dim);
  if (ImGui::IsItemHovered() && !kept.empty()) {
    const auto cp = nearest(kept, tk, ImGui::GetIO().MousePos.x);
    ImGui::SetTooltip(tr("timeline.track_tip"), cp->epoch(), fmt_num(cp->row.train_loss, 4).c_str());
  }
}

void buttons(Ctx& c) {
  TimelineState& t = c.ui.lab.timeline;
  ImGui::BeginDisabled(t.scrub_epoch < 0);
  if (ImGui::Button(label("timeline.live", "live").c_str())) t.scrub_epoch = -1;
  mark(c.ui, "timeline_live");
  ImGui::SameLine();
  if (ImGui::Button(label("timeline.branch", "branch").c_str()) && c.snap.checkpoints) {
    for (const auto& cp : *c.snap.checkpoints)
      if (cp->epoch() == t.scrub_epoch) c.ui.lab.compare.branch = nn::BranchPoint{cp, c.snap.history};
    if (c.ui.lab.compare.branch) open_compare_popup(c);
  }
  mark(c.ui, "timeline_branch");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr("timeline.branch_tip"));
  ImGui::EndDisabled();
}

}  // namespace

void show_timeline(Ctx& c, ImVec2 pos, ImVec2 size) {
  begin_panel("Timeline", pos, size);
  ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x, pos.y + size.y), palette().line);
  const nn::CheckpointList none;
  const nn::CheckpointList& kept = c.snap.checkpoints ? *c.snap.checkpoints : none;
  const long live_epoch = c.snap.history && !c.snap.history->empty() ? c.snap.history->last().epoch : c.snap.epoch;
  readout(c, live_epoch, kept.size());
  const float bw = ImGui::CalcTextSize(tr("timeline.live")).x + ImGui::CalcTextSize(tr("timeline.branch")).x +
                   4 * ImGui::GetStyle().FramePadding.x + 2 * ImGui::GetStyle().ItemSpacing.x;
  track(c, kept, live_epoch, std::max(40.0f, ImGui::GetContentRegionAvail().x - bw));
  ImGui::SameLine();
  buttons(c);
  end_panel();
}

// The timeline's height: a line of text and a row of controls.
float timeline_height(const Ctx& c) {
  return std::round(ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() +
                    2 * ImGui::GetStyle().WindowPadding.y + 2 * c.s);
}

}  // namespace descent::gui
