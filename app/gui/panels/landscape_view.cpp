// app/gui/panels/landscape_view.cpp — the loss landscape (nn/landscape.h) in a window: a heat
// map of the training loss on a plane through the current weights, with contour lines and the
// optimizer's path (the kept checkpoints) projected on it, and the 1-D loss along the straight
// line from the initial to the current weights. Computed on a worker thread (nn::Background)
// with a progress bar; recomputed when the weights moved and training is paused, and every
// kRefreshSeconds while it trains.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/plot.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

using LandscapeJob = nn::Background<JobResult<nn::Landscape>>;

constexpr double kRefreshSeconds = 3.0;
constexpr int kContourLevels = 10;
constexpr int kGrids[] = {15, 21, 31, 41};

// --- the job ---------------------------------------------------------------------------------

void start_job(Ctx& c) {
  LandscapeState& ls = c.ui.lab.landscape;
  const nn::Snapshot& s = c.snap;
  std::vector<std::pair<long, Eigen::VectorXf>> path;
  Eigen::VectorXf initial = s.params;
  if (s.checkpoints) {
    for (const auto& cp : *s.checkpoints)
      if (cp->state.params.size() == s.params.size() && cp->epoch() <= s.epoch) path.emplace_back(cp->epoch(), cp->state.params);
    if (!path.empty() && path.front().first == 0) initial = path.front().second;
  }
  if (path.empty() || path.back().first < s.epoch) path.emplace_back(s.epoch, s.params);
  nn::LandscapeOptions o;
  o.grid = ls.grid;
  o.plane = ls.plane == 0 ? nn::Plane::random : nn::Plane::path;
  ls.job_params_version = s.params_version;
  ls.job_epoch = s.epoch;
  ls.started_at = c.time;
  ls.options_changed = false;
  if (o.plane == nn::Plane::path && path.size() < nn::kMinPathPoints) {  // no path yet: say so, ask nothing
    auto r = std::make_shared<JobResult<nn::Landscape>>();
    r->error_key = "landscape.path_too_short";
    ls.result = r;
    ls.result_params_version = s.params_version;
    ls.result_epoch = s.epoch;
    return;
  }
  ls.job = std::make_unique<LandscapeJob>(
      [e = *s.experiment, d = *s.data, cur = s.params, initial, path = std::move(path), o](nn::Progress& p) {
        JobResult<nn::Landscape> r;
        try {
          r.value = nn::compute_landscape(e, d, cur, initial, path, o, &p);
        } catch (const std::exception& err) {
          r.error = err.what();
        }
        return r;
      });
}

// Takes a finished job's result; starts one when the picture is out of date: at once while
// paused, every few seconds while training.
void update(Ctx& c) {
  LandscapeState& ls = c.ui.lab.landscape;
  if (ls.job && ls.job->done()) {
    const auto r = ls.job->result();
    ls.job.reset();
    if (!(r->value && r->value->cancelled)) {
      ls.result = r;
      ls.result_params_version = ls.job_params_version;
      ls.result_epoch = ls.job_epoch;
      ++ls.computed;
    }
  }
  if (ls.job || !ls.open || !c.snap.data || c.snap.params.size() == 0) return;
  const bool stale = !ls.result || ls.options_changed || ls.result_params_version != c.snap.params_version;
  const bool due = !c.snap.playing || c.time - ls.started_at >= kRefreshSeconds;
  if (stale && due) start_job(c);
}

// --- drawing ---------------------------------------------------------------------------------

// Low loss dark blue, through teal and green, to pale yellow (a perceptually even ramp).
Rgb ramp(float t) {
  static constexpr std::array<Rgb, 5> stops{{{0.07f, 0.10f, 0.33f}, {0.10f, 0.38f, 0.58f}, {0.22f, 0.63f, 0.53f},
                                             {0.80f, 0.82f, 0.33f}, {1.00f, 0.97f, 0.78f}}};
  t = std::clamp(t, 0.0f, 1.0f) * float(stops.size() - 1);
  const int k = std::min(int(t), int(stops.size()) - 2);
  const float u = t - float(k);
  const Rgb& a = stops[size_t(k)];
  const Rgb& b = stops[size_t(k) + 1];
  return {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u};
}

// The map's scale: log10 of the loss between the grid's finite minimum and maximum.
struct Scale {
  double lo = 0, hi = 1;
  float t(double loss) const {
    if (!std::isfinite(loss)) return 1.0f;
    return float((std::log10(std::max(loss, 1e-12)) - lo) / std::max(1e-9, hi - lo));
  }
};

// Where grid point (i, j) is on screen: i along α to the right, j along β upwards.
struct MapGeo {
  ImVec2 a;
  float side = 0, cell = 0;
  int n = 0;
  ImVec2 at(double i, double j) const {
    return ImVec2(a.x + (float(i) + 0.5f) * cell, a.y + side - (float(j) + 0.5f) * cell);
  }
};

// Contour lines by marching squares over the cells between grid points (a saddle cell takes
// the pairing its centre's value says).
void contours(ImDrawList* dl, const nn::Landscape& L, const Scale& sc, const MapGeo& g, ImU32 col) {
  const int n = L.n;
  auto v = [&](int i, int j) { return double(sc.t(L.loss[size_t(j * n + i)])); };
  for (int k = 1; k < kContourLevels; ++k) {
    const double lv = double(k) / kContourLevels;
    for (int j = 0; j + 1 < n; ++j)
      for (int i = 0; i + 1 < n; ++i) {
        const double c[4] = {v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)};  // corners, anticlockwise
        const double ci[4] = {double(i), double(i + 1), double(i + 1), double(i)};
        const double cj[4] = {double(j), double(j), double(j + 1), double(j + 1)};
        ImVec2 cut[4];
        int m = 0;
        for (int e = 0; e < 4; ++e) {  // the level crosses edge e between corners e and e+1
          const int f = (e + 1) % 4;
          if ((c[e] < lv) == (c[f] < lv)) continue;
          const double u = (lv - c[e]) / (c[f] - c[e]);
          cut[m++] = g.at(ci[e] + u * (ci[f] - ci[e]), cj[e] + u * (cj[f] - cj[e]));
        }
        if (m == 2) dl->AddLine(cut[0], cut[1], col, 1.0f);
        if (m == 4) {
          const bool centre_low = (c[0] + c[1] + c[2] + c[3]) / 4 < lv;
          const bool first_low = c[0] < lv;
          dl->AddLine(cut[0], cut[centre_low == first_low ? 3 : 1], col, 1.0f);
          dl->AddLine(cut[2], cut[centre_low == first_low ? 1 : 3], col, 1.0f);
        }
      }
  }
}

void path_on_map(ImDrawList* dl, const nn::Landscape& L, const MapGeo& g, float s) {
  if (L.path.empty() || L.coords.size() < 2) return;
  const double c0 = L.coords.front(), step = (L.coords.back() - c0) / double(L.n - 1);
  std::vector<ImVec2> pts;
  for (const auto& p : L.path) pts.push_back(g.at((p.alpha - c0) / step, (p.beta - c0) / step));
  dl->PushClipRect(g.a, ImVec2(g.a.x + g.side, g.a.y + g.side), true);
  dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 255, 255, 230), 0, 2.0f * s);
  for (const ImVec2& p : pts) dl->AddCircleFilled(p, 2.5f * s, IM_COL32(255, 255, 255, 230));
  dl->AddCircleFilled(pts.front(), 4.5f * s, IM_COL32(214, 39, 40, 255));  // the initial weights
  dl->PopClipRect();
  const ImVec2 centre = g.at((L.n - 1) * 0.5, (L.n - 1) * 0.5);  // the current weights
  dl->AddCircle(centre, 6 * s, IM_COL32(255, 255, 255, 255), 16, 2.0f * s);
}

void heat_map(Ctx& c, const nn::Landscape& L, float side) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  MapGeo g{ImGui::GetCursorScreenPos(), side, side / float(L.n), L.n};
  ImGui::InvisibleButton("##landscape_map", ImVec2(side, side));
  mark(c.ui, "landscape_map");
  Scale sc{std::log10(std::max(L.min_loss, 1e-12)), std::log10(std::max(L.max_loss, 1e-12))};
  for (int j = 0; j < L.n; ++j)
    for (int i = 0; i < L.n; ++i) {
      const ImVec2 p = g.at(i - 0.5, j + 0.5);
      dl->AddRectFilled(p, ImVec2(p.x + g.cell + 0.5f, p.y + g.cell + 0.5f), to_u32(ramp(sc.t(L.loss[size_t(j * L.n + i)]))));
    }
  contours(dl, L, sc, g, IM_COL32(0, 0, 0, 110));
  path_on_map(dl, L, g, c.s);
  dl->AddRect(g.a, ImVec2(g.a.x + side, g.a.y + side), palette().line);
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int i = std::clamp(int((m.x - g.a.x) / g.cell), 0, L.n - 1);
    const int j = std::clamp(int((g.a.y + side - m.y) / g.cell), 0, L.n - 1);
    ImGui::SetTooltip(tr("landscape.map_tip"), L.coords[size_t(i)], L.coords[size_t(j)],
                      fmt_num(L.loss[size_t(j * L.n + i)], 4).c_str());
  }
}

void line_plot(Ctx& c, const nn::Landscape& L, ImVec2 size) {
  if (L.line_t.empty()) return;
  if (plot::BeginPlot("##landscape_line", size, plot::kLogY | plot::kNoLegend)) {
    plot::SetupAxes(tr("landscape.axis_t"), tr("landscape.axis_loss"));
    plot::PlotLine(tr("landscape.loss"), L.line_t.data(), L.line_loss.data(), int(L.line_t.size()), palette().accent, int(sizeof(double)));
    plot::PlotVLine(0.0, tr("landscape.initial"), palette().text_dim);
    plot::PlotVLine(1.0, tr("landscape.current"), palette().text_dim);
    plot::EndPlot();
  }
  mark(c.ui, "landscape_line");
}

void options(Ctx& c) {
  LandscapeState& ls = c.ui.lab.landscape;
  ImGui::SetNextItemWidth(230 * c.s);
  const char* planes[] = {tr("landscape.plane_random"), tr("landscape.plane_path")};
  if (ImGui::Combo("##plane", &ls.plane, planes, IM_ARRAYSIZE(planes))) ls.options_changed = true;
  mark(c.ui, "landscape_plane");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90 * c.s);
  char cur[16];
  std::snprintf(cur, sizeof cur, "%d × %d", ls.grid, ls.grid);
  if (ImGui::BeginCombo("##grid", cur)) {
    for (int n : kGrids) {
      char t[16];
      std::snprintf(t, sizeof t, "%d × %d", n, n);
      if (ImGui::Selectable(t, n == ls.grid)) {
        ls.grid = n;
        ls.options_changed = true;
      }
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "landscape_grid");
  ImGui::SameLine();
  if (ls.job) {
    ImGui::ProgressBar(float(ls.job->progress()), ImVec2(-1, 0));
    mark(c.ui, "landscape_progress");
  } else if (ImGui::Button(tr("landscape.recompute"))) {
    ls.options_changed = true;
  }
}

}  // namespace

void open_landscape(Ctx& c) { c.ui.lab.landscape.open = true; }

void show_landscape_window(Ctx& c) {
  LandscapeState& ls = c.ui.lab.landscape;
  update(c);
  if (!ls.open) return;
  place_lab_window(ImVec2(258 * c.s, 110 * c.s), ImVec2(624 * c.s, 400 * c.s));  // over the network
  if (!ImGui::Begin(label("landscape.title", "landscape").c_str(), &ls.open, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  mark_window(c.ui, "landscape_window");
  options(c);
  if (ls.result && !ls.result->value) {
    const std::string why = ls.result->error_key ? formatted(tr(ls.result->error_key), int(nn::kMinPathPoints))
                                                 : ls.result->error;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().danger));
    ImGui::TextWrapped("%s", why.c_str());  // a narrow window keeps all of it
    ImGui::PopStyleColor();
  } else if (ls.result) {
    const nn::Landscape& L = *ls.result->value;
    ImGui::TextDisabled(tr("landscape.summary"),
                        ls.result_epoch, fmt_num(L.centre_loss).c_str(), fmt_num(L.min_loss).c_str(),
                        fmt_num(L.max_loss).c_str(), L.path.size());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::max(80.0f * c.s, std::min(avail.y, avail.x * 0.55f));
    heat_map(c, L, side);
    ImGui::SameLine(0, 12 * c.s);
    line_plot(c, L, ImVec2(-1, side));
  } else {
    ImGui::TextDisabled("%s", tr("landscape.computing"));
  }
  ImGui::End();
  if (!ls.open && ls.job) ls.job->cancel();
}

}  // namespace descent::gui
