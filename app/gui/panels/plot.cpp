// app/gui/panels/plot.cpp — the plot widget (see plot.h).
//
// One plot is open at a time; its series are remembered (pointers, not data) until EndPlot,
// which fits the axes, draws grid, ticks, lines, markers, legend and the hover read-out.
// The scratch vectors keep their capacity: idle frames do not allocate.
#include "gui/panels/plot.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/theme.h"

namespace descent::gui::plot {

namespace {

struct Series {
  const char* label;
  Getter getter;
  const void* data;
  int count;
  ImU32 color;
  float thickness;
};
struct VLine {
  double x;
  const char* tip;
  ImU32 color;
};

struct State {
  bool open = false;
  int flags = 0;
  ImRect frame;  // whole widget
  const char* x_label = "";
  const char* y_label = "";
  bool fixed_y = false;
  double y_lo = 0, y_hi = 1;
  std::vector<Series> series;
  std::vector<VLine> vlines;
  std::vector<ImVec2> pts;
};
State g;
bool g_hovered = false;
double g_hover_x = 0.0;

double fwd(double y, bool log) { return log ? std::log10(y) : y; }

std::string tick_label(double v, double step, bool log, bool percent) {
  char b[32];
  if (log) {
    const double e = std::round(std::log10(v));
    if (std::fabs(std::log10(v) - e) < 1e-9) {
      if (e >= -2 && e <= 3) std::snprintf(b, sizeof b, "%g", std::pow(10.0, e));
      else std::snprintf(b, sizeof b, "1e%d", int(e));
    } else {
      std::snprintf(b, sizeof b, "%.2g", v);
    }
    return b;
  }
  if (percent) {
    std::snprintf(b, sizeof b, "%.0f%%", v * 100.0);
    return b;
  }
  const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  if (std::fabs(v) >= 1e5) std::snprintf(b, sizeof b, "%.0e", v);
  else if (std::fabs(v) < step * 1e-6) std::snprintf(b, sizeof b, "0");
  else std::snprintf(b, sizeof b, "%.*f", std::min(decimals, 6), v);
  return b;
}

}  // namespace

bool LastHoverX(double* x) {
  if (g_hovered) *x = g_hover_x;
  return g_hovered;
}

double nice_step(double range, double target) {
  if (!(range > 0) || !std::isfinite(range)) return 1.0;
  const double raw = range / std::max(1.0, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * mag;
}

bool BeginPlot(const char* id, const ImVec2& size, int flags) {
  IM_ASSERT(!g.open && "plot::BeginPlot: the previous plot was not closed; call plot::EndPlot() after each BeginPlot() that returned true");
  ImGui::PushID(id);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 sz = size;
  if (sz.x <= 0) sz.x = ImGui::GetContentRegionAvail().x;
  if (sz.y <= 0) sz.y = ImGui::GetContentRegionAvail().y;
  ImGui::InvisibleButton("##plot", sz);
  ImGui::PopID();
  if (!ImGui::IsItemVisible()) return false;
  g.open = true;
  g.flags = flags;
  g.frame = ImRect(pos, ImVec2(pos.x + sz.x, pos.y + sz.y));
  g.x_label = g.y_label = "";
  g.fixed_y = false;
  g.series.clear();
  g.vlines.clear();
  return true;
}

void SetupAxes(const char* x_label, const char* y_label) {
  g.x_label = x_label ? x_label : "";
  g.y_label = y_label ? y_label : "";
}

void SetupYLimits(double lo, double hi) {
  g.fixed_y = true;
  g.y_lo = lo;
  g.y_hi = hi;
}

void PlotLine(const char* label, Getter getter, const void* data, int count, ImU32 color, float thickness) {
  IM_ASSERT(g.open && "plot::PlotLine must be called between a BeginPlot() that returned true and EndPlot()");
  g.series.push_back({label, getter, data, count, color, thickness});
}

void PlotVLine(double x, const char* tip, ImU32 color) {
  IM_ASSERT(g.open && "plot::PlotVLine must be called between a BeginPlot() that returned true and EndPlot()");
  g.vlines.push_back({x, tip, color});
}

void EndPlot() {
  IM_ASSERT(g.open && "plot::EndPlot without a BeginPlot() that returned true");
  g.open = false;
  g_hovered = false;
  const bool log = g.flags & kLogY;
  const bool percent = g.flags & kPercentY;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  ImFont* small = font_small() ? font_small() : ImGui::GetFont();
  const float fs = small->FontSize;
  const float scale = fs / 12.5f;

  // 1. Data range.
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const Series& s : g.series)
    for (int i = 0; i < s.count; ++i) {
      const Point p = s.getter(s.data, i);
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || (log && p.y <= 0)) continue;
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y);
      y1 = std::max(y1, p.y);
    }
  const bool empty = !(x0 <= x1);
  if (empty) {
    x0 = 0;
    x1 = 1;
    y0 = log ? 0.01 : 0;
    y1 = 1;
  }
  if (x1 - x0 < 1) x1 = x0 + std::max(1.0, x1 - x0);
  if (g.fixed_y) {
    y0 = g.y_lo;
    y1 = g.y_hi;
  }
  double fy0 = fwd(y0, log), fy1 = fwd(y1, log);
  if (fy1 - fy0 < 1e-9) {
    fy0 -= log ? 0.5 : std::max(1e-3, std::fabs(fy0) * 0.1);
    fy1 += log ? 0.5 : std::max(1e-3, std::fabs(fy1) * 0.1);
  }
  if (!g.fixed_y) {
    const double pad = (fy1 - fy0) * 0.06;
    fy0 -= pad;
    fy1 += pad;
    if (!log && y0 >= 0 && fy0 < 0) fy0 = 0;  // losses are not negative
  }

  // 2. Layout: y tick labels on the left, x tick labels below.
  char widest[32];
  std::snprintf(widest, sizeof widest, log ? "1e-10" : percent ? "100%%" : "0.0000");
  const float label_w = small->CalcTextSizeA(fs, FLT_MAX, 0, widest).x + 6 * scale;
  const ImRect plot(ImVec2(g.frame.Min.x + label_w, g.frame.Min.y + 4 * scale),
                    ImVec2(g.frame.Max.x - 4 * scale, g.frame.Max.y - fs - 6 * scale));
  if (plot.GetWidth() < 20 || plot.GetHeight() < 20) return;
  auto sx = [&](double x) { return float(plot.Min.x + (x - x0) / (x1 - x0) * plot.GetWidth()); };
  auto sy = [&](double y) { return float(plot.Max.y - (fwd(y, log) - fy0) / (fy1 - fy0) * plot.GetHeight()); };

  dl->AddRectFilled(plot.Min, plot.Max, pal.dark ? IM_COL32(255, 255, 255, 8) : IM_COL32(0, 0, 0, 6), 3 * scale);

  // 3. Ticks and grid.
  const ImU32 tick_col = pal.text_dim;
  if (log) {
    const int e0 = int(std::floor(fy0)), e1 = int(std::ceil(fy1));
    const int every = std::max(1, (e1 - e0) / std::max(2, int(plot.GetHeight() / (fs * 2.2f))));
    for (int e = e0; e <= e1; ++e) {
      const double v = std::pow(10.0, e);
      if (fwd(v, true) < fy0 - 1e-9 || fwd(v, true) > fy1 + 1e-9) continue;
      const float y = sy(v);
      dl->AddLine(ImVec2(plot.Min.x, y), ImVec2(plot.Max.x, y), pal.grid);
      if ((e - e0) % every == 0) {
        const std::string t = tick_label(v, 1, true, false);
        const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, t.c_str());
        dl->AddText(small, fs, ImVec2(plot.Min.x - ts.x - 4 * scale, y - ts.y * 0.5f), tick_col, t.c_str());
      }
      if (e1 - e0 <= 3)  // few decades: 2 and 5 too
        for (double m : {2.0, 5.0}) {
          const double vv = v * m;
          if (fwd(vv, true) < fy0 || fwd(vv, true) > fy1) continue;
          const float yy = sy(vv);
          dl->AddLine(ImVec2(plot.Min.x, yy), ImVec2(plot.Max.x, yy), pal.grid);
          const std::string t = tick_label(vv, 1, true, false);
          const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, t.c_str());
          if (plot.GetHeight() / std::max(1, e1 - e0) > fs * 5)
            dl->AddText(small, fs, ImVec2(plot.Min.x - ts.x - 4 * scale, yy - ts.y * 0.5f), tick_col, t.c_str());
        }
    }
  } else {
    const double step = nice_step(fy1 - fy0, std::max(2.0, double(plot.GetHeight() / (fs * 2.4f))));
    for (double v = std::ceil(fy0 / step) * step; v <= fy1 + step * 1e-6; v += step) {
      const float y = sy(v);
      dl->AddLine(ImVec2(plot.Min.x, y), ImVec2(plot.Max.x, y), pal.grid);
      const std::string t = tick_label(v, step, false, percent);
      const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, t.c_str());
      dl->AddText(small, fs, ImVec2(plot.Min.x - ts.x - 4 * scale, y - ts.y * 0.5f), tick_col, t.c_str());
    }
  }
  {
    const double step = std::max(1.0, nice_step(x1 - x0, std::max(2.0, double(plot.GetWidth() / (fs * 5.0f)))));
    for (double v = std::ceil(x0 / step) * step; v <= x1 + step * 1e-6; v += step) {
      const float x = sx(v);
      dl->AddLine(ImVec2(x, plot.Min.y), ImVec2(x, plot.Max.y), pal.grid);
      char t[32];
      std::snprintf(t, sizeof t, v >= 1e6 ? "%.3g" : "%.0f", v);
      const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, t);
      const float tx = std::clamp(x - ts.x * 0.5f, plot.Min.x - label_w * 0.5f, plot.Max.x - ts.x);
      dl->AddText(small, fs, ImVec2(tx, plot.Max.y + 3 * scale), tick_col, t);
    }
  }

  // 4. Markers, then lines (clipped to the plot).
  dl->PushClipRect(plot.Min, plot.Max, true);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsItemHovered() || (plot.Contains(mouse) && ImGui::IsWindowHovered());
  const VLine* hovered_marker = nullptr;
  for (const VLine& v : g.vlines) {
    if (v.x < x0 || v.x > x1) continue;
    const float x = sx(v.x);
    for (float y = plot.Min.y; y < plot.Max.y; y += 6 * scale)
      dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3 * scale, plot.Max.y)), v.color, 1.2f * scale);
    dl->AddTriangleFilled(ImVec2(x - 4 * scale, plot.Min.y), ImVec2(x + 4 * scale, plot.Min.y),
                          ImVec2(x, plot.Min.y + 5 * scale), v.color);
    if (hovered && std::fabs(mouse.x - x) < 4 * scale) hovered_marker = &v;
  }
  for (const Series& s : g.series) {
    g.pts.clear();
    // Decimate to about two points per pixel column (min/max would be exact; this is enough
    // for histories that are already bounded).
    const int stride = std::max(1, int(float(s.count) / std::max(1.0f, plot.GetWidth())));
    for (int i = 0; i < s.count; i += stride) {
      const Point p = s.getter(s.data, i);
      if (!std::isfinite(p.y) || (log && p.y <= 0)) continue;
      g.pts.push_back(ImVec2(sx(p.x), sy(p.y)));
    }
    if (s.count > 0 && (s.count - 1) % stride != 0) {
      const Point p = s.getter(s.data, s.count - 1);
      if (std::isfinite(p.y) && !(log && p.y <= 0)) g.pts.push_back(ImVec2(sx(p.x), sy(p.y)));
    }
    if (g.pts.size() >= 2) dl->AddPolyline(g.pts.data(), int(g.pts.size()), s.color, 0, s.thickness * scale);
    else if (g.pts.size() == 1) dl->AddCircleFilled(g.pts[0], 2.5f * scale, s.color);
  }
  dl->PopClipRect();

  // 5. Axis names and legend, over the lines on a chip of the panel's colour (a curve passing
  //    under "loss" or "epoch" must not make it unreadable).
  auto chip = [&](ImVec2 a, ImVec2 b) {
    const ImU32 bg = (pal.panel & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 215);
    dl->AddRectFilled(ImVec2(a.x - 3 * scale, a.y - 1 * scale), ImVec2(b.x + 3 * scale, b.y + 1 * scale), bg, 3 * scale);
  };
  if (*g.x_label) {
    const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, g.x_label);
    const ImVec2 at(plot.Max.x - ts.x - 4 * scale, plot.Max.y - ts.y - 2 * scale);
    chip(at, ImVec2(at.x + ts.x, at.y + ts.y));
    dl->AddText(small, fs, at, tick_col, g.x_label);
  }
  if (!(g.flags & kNoLegend) && !g.series.empty()) {
    float w = 0.0f;
    for (const Series& sr : g.series) w += small->CalcTextSizeA(fs, FLT_MAX, 0, sr.label).x + 26 * scale;
    chip(ImVec2(plot.Max.x - 6 * scale - w + 10 * scale, plot.Min.y + 3 * scale),
         ImVec2(plot.Max.x - 6 * scale, plot.Min.y + 3 * scale + fs));
  }
  if (!(g.flags & kNoLegend) && !g.series.empty()) {
    float lx = plot.Max.x - 6 * scale;
    for (int k = int(g.series.size()) - 1; k >= 0; --k) {
      const Series& s = g.series[k];
      const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, s.label);
      lx -= ts.x;
      dl->AddText(small, fs, ImVec2(lx, plot.Min.y + 3 * scale), pal.text_dim, s.label);
      lx -= 16 * scale;
      dl->AddLine(ImVec2(lx, plot.Min.y + 3 * scale + ts.y * 0.5f), ImVec2(lx + 12 * scale, plot.Min.y + 3 * scale + ts.y * 0.5f),
                  s.color, 2.5f * scale);
      lx -= 10 * scale;
    }
  }

  // 6. Hover read-out: every series at the x nearest the pointer.
  if (hovered && !empty && plot.Contains(mouse)) {
    const double xm = x0 + (mouse.x - plot.Min.x) / plot.GetWidth() * (x1 - x0);
    dl->AddLine(ImVec2(mouse.x, plot.Min.y), ImVec2(mouse.x, plot.Max.y), pal.text_dim, 1.0f);
    ImGui::BeginTooltip();
    bool header = false;
    for (const Series& s : g.series) {
      if (s.count == 0) continue;
      int lo = 0, hi = s.count - 1;
      while (lo < hi) {  // first point with x >= xm
        const int mid = (lo + hi) / 2;
        if (s.getter(s.data, mid).x < xm) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && std::fabs(s.getter(s.data, lo - 1).x - xm) < std::fabs(s.getter(s.data, lo).x - xm)) --lo;
      const Point p = s.getter(s.data, lo);
      if (!header) {
        ImGui::Text("%s %.0f", *g.x_label ? g.x_label : "x", p.x);
        header = true;
        g_hovered = true;
        g_hover_x = p.x;
      }
      if (std::isfinite(p.y) && !(log && p.y <= 0))
        dl->AddCircleFilled(ImVec2(sx(p.x), sy(p.y)), 3.5f * scale, s.color);
      ImGui::ColorButton(s.label, ImGui::ColorConvertU32ToFloat4(s.color),
                         ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder, ImVec2(fs * 0.8f, fs * 0.8f));
      ImGui::SameLine();
      if (percent) ImGui::Text("%s  %.2f%%", s.label, p.y * 100.0);
      else ImGui::Text("%s  %.5g", s.label, p.y);
    }
    if (hovered_marker && hovered_marker->tip) {
      ImGui::Separator();
      ImGui::TextUnformatted(hovered_marker->tip);
    }
    ImGui::EndTooltip();
  }
  if (*g.y_label) {
    const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, g.y_label);
    const ImVec2 at(plot.Min.x + 6 * scale, plot.Min.y + 3 * scale);
    chip(at, ImVec2(at.x + ts.x, at.y + ts.y));
    dl->AddText(small, fs, at, pal.text_dim, g.y_label);
  }
}

}  // namespace descent::gui::plot
