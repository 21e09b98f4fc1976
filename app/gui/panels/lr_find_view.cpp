// app/gui/panels/lr_find_view.cpp — the learning-rate range test (nn/lr_find.h) in a window:
// started by a button on the network panel, computed in the background on a copy of the
// experiment (the run being explored is untouched), shown as loss against the rate (log x, raw
// and smoothed) with the suggestion (fastai's valley) and minimum/10 marked; "Use this rate"
// applies the suggestion. Also the network panel's buttons for the lab's windows.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/plot.h"
#include "gui/reason_words.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

using LrJob = nn::Background<JobResult<nn::LrFindResult>>;

void start_lr_find(Ctx& c) {
  LrFindState& ls = c.ui.lab.lr_find;
  ls.result.reset();
  ls.columns_for = nullptr;
  ls.started_epoch = c.snap.epoch;
  // A copy of the experiment as it stands (its initial weights: explicit ones, else its seed)
  // and of the data: the job shares nothing with the trainer.
  ls.job = std::make_unique<LrJob>([e = base_experiment(c), d = base_data(c)](nn::Progress& p) {
    JobResult<nn::LrFindResult> r;
    try {
      r.value = nn::lr_find(e, d, {}, &p);
    } catch (const std::exception& err) {
      r.error = err.what();
    }
    return r;
  });
}

// The job's result, once it is done (the thread has finished: joining it does not wait).
void poll(LrFindState& ls) {
  if (ls.job && ls.job->done()) {
    ls.result = ls.job->result();
    ls.job.reset();
  }
}

// A rate as the recipe shows it (three significant digits).
double round3(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return std::strtod(b, nullptr);
}

// The plot's columns (the widget reads x and y with one stride): log10 of the rate — its x
// axis is linear and the sweep exponential — the raw and the smoothed loss.
void columns(LrFindState& ls, const nn::LrFindResult& r) {
  if (ls.columns_for == &r) return;
  ls.log_lr.clear();
  ls.raw.clear();
  ls.smooth.clear();
  for (const auto& p : r.points) {
    ls.log_lr.push_back(std::log10(p.lr));
    ls.raw.push_back(p.loss);
    ls.smooth.push_back(p.smoothed);
  }
  ls.columns_for = &r;
}

void sweep_plot(Ctx& c, const nn::LrFindResult& r, float height) {
  LrFindState& ls = c.ui.lab.lr_find;
  columns(ls, r);
  if (!plot::BeginPlot("##lr_find", ImVec2(-1, height), plot::kLogY)) return;
  plot::SetupAxes(tr("lrfind.axis_lr"), tr("lrfind.axis_loss"));
  const int n = int(ls.log_lr.size());
  plot::PlotLine(tr("lrfind.raw"), ls.log_lr.data(), ls.raw.data(), n, palette().text_dim, int(sizeof(double)), 0, 1.0f);
  plot::PlotLine(tr("lrfind.smoothed"), ls.log_lr.data(), ls.smooth.data(), n, palette().accent, int(sizeof(double)), 0, 2.2f);
  ls.tips[0] = r.valley ? formatted(tr("lrfind.valley_tip"), fmt_num(*r.valley).c_str()) : "";
  ls.tips[1] = r.minimum ? formatted(tr("lrfind.minimum_tip"), fmt_num(*r.minimum).c_str()) : "";
  if (r.valley) plot::PlotVLine(std::log10(*r.valley), ls.tips[0].c_str(), run_color(2));
  if (r.minimum) plot::PlotVLine(std::log10(*r.minimum), ls.tips[1].c_str(), run_color(1));
  plot::EndPlot();
}

void result_view(Ctx& c, const JobResult<nn::LrFindResult>& res) {
  if (!res.value) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), "%s", res.error.c_str());
    return;
  }
  const nn::LrFindResult& r = *res.value;
  const float bottom = 3 * ImGui::GetFrameHeightWithSpacing();
  sweep_plot(c, r, std::max(120.0f * c.s, ImGui::GetContentRegionAvail().y - bottom));
  mark(c.ui, "lr_find_plot");
  ImGui::TextDisabled(tr("lrfind.summary"), r.points.size(),
                      r.points.empty() ? "-" : fmt_num(r.points.front().lr).c_str(),
                      r.points.empty() ? "-" : fmt_num(r.points.back().lr).c_str(), said(r.stop).c_str());
  const auto rate = r.suggestion();
  if (!rate) {
    ImGui::TextUnformatted(tr("lrfind.no_suggestion"));
    return;
  }
  ImGui::Text(tr("lrfind.suggested"), fmt_num(*rate).c_str(),
              r.minimum ? fmt_num(*r.minimum).c_str() : "-");
  if (ImGui::Button((formatted(tr("lrfind.use"), round3(*rate)) + "###lr_find_use").c_str())) {
    const double lr = round3(*rate);
    edit_experiment(c, [&](nn::Experiment& e) { e.training.optimizer.lr = lr; }, formatted(tr("lrfind.applied"), fmt_num(lr).c_str()));
  }
  mark(c.ui, "lr_find_use");
}

}  // namespace

void show_lr_find_window(Ctx& c) {
  LrFindState& ls = c.ui.lab.lr_find;
  poll(ls);
  if (!ls.open) return;
  if (!ls.job && !ls.result) start_lr_find(c);  // opened: the test runs at once
  place_lab_window(ImVec2(300 * c.s, 120 * c.s), ImVec2(560 * c.s, 400 * c.s));
  if (!ImGui::Begin(label("lrfind.title", "lr_find").c_str(), &ls.open, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  mark_window(c.ui, "lr_find_window");
  ImGui::TextWrapped("%s", tr("lrfind.intro"));
  if (ls.job) {
    ImGui::ProgressBar(float(ls.job->progress()), ImVec2(-90 * c.s, 0));
    mark(c.ui, "lr_find_progress");
    ImGui::SameLine();
    if (ImGui::Button(tr("lrfind.cancel"), ImVec2(-1, 0))) ls.job->cancel();
  } else {
    if (ImGui::Button(tr("lrfind.run_again"))) start_lr_find(c);
    mark(c.ui, "lr_find_rerun");
    if (ls.result) result_view(c, *ls.result);
  }
  ImGui::End();
  if (!ls.open && ls.job) ls.job->cancel();  // closed while running: its result is not wanted
}

// A lab window's first place and size, inside the main window (a small window at 200 %: the
// scaled size would reach past its edges).
void place_lab_window(ImVec2 pos, ImVec2 size) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  size = ImVec2(std::min(size.x, vp->Size.x), std::min(size.y, vp->Size.y));
  pos = ImVec2(std::clamp(pos.x, 0.0f, vp->Size.x - size.x), std::clamp(pos.y, 0.0f, vp->Size.y - size.y));
  ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + pos.x, vp->Pos.y + pos.y), ImGuiCond_FirstUseEver);
}

// The network panel's top-right buttons: the range test and the landscape.
float lab_buttons_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize(tr("lrfind.button")).x + ImGui::CalcTextSize(tr("landscape.button")).x + 4 * st.FramePadding.x + st.ItemSpacing.x;
}

void lab_buttons(Ctx& c, ImVec2 pos, float right) {
  const float s = c.s;
  const ImGuiStyle& st = ImGui::GetStyle();
  const char* a = tr("lrfind.button");  // short: the network's header row is shared with the layer count
  const char* b = tr("landscape.button");
  const float w = lab_buttons_width();
  const float y = pos.y + st.WindowPadding.y - 2 * s;
  ImGui::SetCursorScreenPos(ImVec2(right - w, y));  // ends where the links' toggle begins
  if (ImGui::SmallButton(a)) {
    c.ui.lab.lr_find.open = true;
    if (!c.ui.lab.lr_find.job) start_lr_find(c);
  }
  mark(c.ui, "lr_find_button");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("lrfind.button_tip"));
  ImGui::SameLine();
  if (ImGui::SmallButton(b)) open_landscape(c);
  mark(c.ui, "landscape_button");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("landscape.button_tip"));
}

}  // namespace descent::gui
