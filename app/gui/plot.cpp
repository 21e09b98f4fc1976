// app/gui/plot.cpp — the plot widget (see plot.h).
//
// One plot is open at a time (one context, as ImGui's own); its series are remembered
// (pointers, not data) until EndPlot, which fits the axes, draws grid, ticks, lines, markers,
// legend and the hover read-out. The scratch vectors keep their capacity: idle frames do not
// allocate.
#include "gui/plot.h"

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
  Source src;
  ImU32 color;
  float thickness;
  int count() const { return src.count; }
  Point at(int i) const { return src.read(src, i); }
};
struct VLine {
  double x;
  const char* tip;
  ImU32 color;
};

struct Shaded {
  const double *xs, *lo, *hi;
  int count;
  ImU32 color;
};
struct HBand {
  double y0, y1;
  ImU32 color;
  const char* label;
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
  std::vector<Shaded> shaded;
  std::vector<HBand> hbands;
  std::vector<ImVec2> pts;
  bool hovered = false;  // the last plot ended was hovered; hover_x: its read-out's x
  double hover_x = 0.0;
};
State g;

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
  if (g.hovered) *x = g.hover_x;
  return g.hovered;
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
  g.shaded.clear();
  g.hbands.clear();
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

void detail::add_line(const char* label, const Source& src, ImU32 color, float thickness) {
  IM_ASSERT(g.open && "plot::PlotLine must be called between a BeginPlot() that returned true and EndPlot()");
  IM_ASSERT((src.count == 0 || (src.xs && src.ys && src.stride > 0)) &&
            "plot::PlotLine: xs and ys must point at count values, stride bytes apart");
  g.series.push_back({label, src, color, thickness});
}

void PlotShaded(const double* xs, const double* lo, const double* hi, int count, ImU32 color) {
  IM_ASSERT(g.open && "plot::PlotShaded must be called between a BeginPlot() that returned true and EndPlot()");
  if (count > 0) g.shaded.push_back({xs, lo, hi, count, color});
}

void PlotHBand(double y0, double y1, ImU32 color, const char* label) {
  IM_ASSERT(g.open && "plot::PlotHBand must be called between a BeginPlot() that returned true and EndPlot()");
  g.hbands.push_back({y0, y1, color, label});
}

void PlotVLine(double x, const char* tip, ImU32 color) {
  IM_ASSERT(g.open && "plot::PlotVLine must be called between a BeginPlot() that returned true and EndPlot()");
  g.vlines.push_back({x, tip, color});
}

namespace {

// The plot area and its axes, as EndPlot lays them out.
struct Frame {
  bool log = false, percent = false;
  ImDrawList* dl = nullptr;
  ImFont* small = nullptr;
  float fs = 12.5f, scale = 1.0f;  // tick font size, and sizes relative to it
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // data range
  double fy0 = 0, fy1 = 1;                // y range on the axis (log10 on a log axis)
  bool empty = true;                      // no finite point
  float label_w = 0;                      // room for the y tick labels
  ImRect plot;
  float sx(double x) const { return float(plot.Min.x + (x - x0) / (x1 - x0) * plot.GetWidth()); }
  float sy(double y) const { return float(plot.Max.y - (fwd(y, log) - fy0) / (fy1 - fy0) * plot.GetHeight()); }
};

// 1. The data's range (finite points; positive ones on a log axis), padded.
void fit_axes(Frame& f) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  auto take = [&](Point p) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || (f.log && p.y <= 0)) return;
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  };
  for (const Series& s : g.series)
    for (int i = 0; i < s.count(); ++i) take(s.at(i));
  for (const Shaded& s : g.shaded)
    for (int i = 0; i < s.count; ++i) {
      take({s.xs[i], s.lo[i]});
      take({s.xs[i], s.hi[i]});
    }
  f.empty = !(x0 <= x1);
  if (f.empty) {
    x0 = 0;
    x1 = 1;
    y0 = f.log ? 0.01 : 0;
    y1 = 1;
  }
  if (x1 - x0 < 1) x1 = x0 + std::max(1.0, x1 - x0);
  if (g.fixed_y) {
    y0 = g.y_lo;
    y1 = g.y_hi;
  }
  double fy0 = fwd(y0, f.log), fy1 = fwd(y1, f.log);
  if (fy1 - fy0 < 1e-9) {
    fy0 -= f.log ? 0.5 : std::max(1e-3, std::fabs(fy0) * 0.1);
    fy1 += f.log ? 0.5 : std::max(1e-3, std::fabs(fy1) * 0.1);
  }
  if (!g.fixed_y) {
    const double pad = (fy1 - fy0) * 0.06;
    fy0 -= pad;
    fy1 += pad;
    if (!f.log && y0 >= 0 && fy0 < 0) fy0 = 0;  // losses are not negative
  }
  f.x0 = x0, f.x1 = x1, f.y0 = y0, f.y1 = y1, f.fy0 = fy0, f.fy1 = fy1;
}

// 2. Layout: y tick labels on the left, x tick labels below. False when too small to draw.
bool place_plot(Frame& f) {
  char widest[32];
  std::snprintf(widest, sizeof widest, f.log ? "1e-10" : f.percent ? "100%%" : "0.0000");
  f.label_w = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, widest).x + 6 * f.scale;
  f.plot = ImRect(ImVec2(g.frame.Min.x + f.label_w, g.frame.Min.y + 4 * f.scale),
                  ImVec2(g.frame.Max.x - 4 * f.scale, g.frame.Max.y - f.fs - 6 * f.scale));
  return f.plot.GetWidth() >= 20 && f.plot.GetHeight() >= 20;
}

// A y tick's label, right-aligned left of the plot.
void y_tick(const Frame& f, float y, const std::string& t) {
  const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, t.c_str());
  f.dl->AddText(f.small, f.fs, ImVec2(f.plot.Min.x - ts.x - 4 * f.scale, y - ts.y * 0.5f), palette().text_dim, t.c_str());
}

// 3a. A log axis: a line per decade (labelled as room allows), and 2 and 5 when few decades.
void log_y_ticks(const Frame& f) {
  const ImRect& plot = f.plot;
  const int e0 = int(std::floor(f.fy0)), e1 = int(std::ceil(f.fy1));
  const int every = std::max(1, (e1 - e0) / std::max(2, int(plot.GetHeight() / (f.fs * 2.2f))));
  for (int e = e0; e <= e1; ++e) {
    const double v = std::pow(10.0, e);
    if (fwd(v, true) < f.fy0 - 1e-9 || fwd(v, true) > f.fy1 + 1e-9) continue;
    const float y = f.sy(v);
    f.dl->AddLine(ImVec2(plot.Min.x, y), ImVec2(plot.Max.x, y), palette().grid);
    if ((e - e0) % every == 0) y_tick(f, y, tick_label(v, 1, true, false));
    if (e1 - e0 <= 3)  // few decades: 2 and 5 too
      for (double m : {2.0, 5.0}) {
        const double vv = v * m;
        if (fwd(vv, true) < f.fy0 || fwd(vv, true) > f.fy1) continue;
        const float yy = f.sy(vv);
        f.dl->AddLine(ImVec2(plot.Min.x, yy), ImVec2(plot.Max.x, yy), palette().grid);
        if (plot.GetHeight() / std::max(1, e1 - e0) > f.fs * 5) y_tick(f, yy, tick_label(vv, 1, true, false));
      }
  }
}

// 3b. A linear y axis at a nice step, and the x axis (epochs) likewise.
void linear_ticks(const Frame& f) {
  const ImRect& plot = f.plot;
  if (!f.log) {
    const double step = nice_step(f.fy1 - f.fy0, std::max(2.0, double(plot.GetHeight() / (f.fs * 2.4f))));
    for (double v = std::ceil(f.fy0 / step) * step; v <= f.fy1 + step * 1e-6; v += step) {
      const float y = f.sy(v);
      f.dl->AddLine(ImVec2(plot.Min.x, y), ImVec2(plot.Max.x, y), palette().grid);
      y_tick(f, y, tick_label(v, step, false, f.percent));
    }
  }
  const double step = std::max(1.0, nice_step(f.x1 - f.x0, std::max(2.0, double(plot.GetWidth() / (f.fs * 5.0f)))));
  for (double v = std::ceil(f.x0 / step) * step; v <= f.x1 + step * 1e-6; v += step) {
    const float x = f.sx(v);
    f.dl->AddLine(ImVec2(x, plot.Min.y), ImVec2(x, plot.Max.y), palette().grid);
    char t[32];
    std::snprintf(t, sizeof t, v >= 1e6 ? "%.3g" : "%.0f", v);
    const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, t);
    const float tx = std::clamp(x - ts.x * 0.5f, plot.Min.x - f.label_w * 0.5f, plot.Max.x - ts.x);
    f.dl->AddText(f.small, f.fs, ImVec2(tx, plot.Max.y + 3 * f.scale), palette().text_dim, t);
  }
}

// 4a. Markers: dashed vertical lines with a tab on top. Returns the one under the pointer.
const VLine* draw_markers(const Frame& f, bool hovered, ImVec2 mouse) {
  const VLine* hovered_marker = nullptr;
  const float scale = f.scale;
  for (const VLine& v : g.vlines) {
    if (v.x < f.x0 || v.x > f.x1) continue;
    const float x = f.sx(v.x);
    for (float y = f.plot.Min.y; y < f.plot.Max.y; y += 6 * scale)
      f.dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3 * scale, f.plot.Max.y)), v.color, 1.2f * scale);
    f.dl->AddTriangleFilled(ImVec2(x - 4 * scale, f.plot.Min.y), ImVec2(x + 4 * scale, f.plot.Min.y),
                            ImVec2(x, f.plot.Min.y + 5 * scale), v.color);
    if (hovered && std::fabs(mouse.x - x) < 4 * scale) hovered_marker = &v;
  }
  return hovered_marker;
}

// 4a'. Bands across the plot (a target range) and shaded areas between two curves, under the
//      lines; the areas as one quad per pair of neighbouring points.
void draw_areas(const Frame& f) {
  const float h = f.plot.GetHeight();
  auto clamp_y = [&](double y) {
    if (f.log && y <= 0) return f.plot.Max.y + 1.0f;
    return std::clamp(f.sy(y), f.plot.Min.y - h, f.plot.Max.y + h);
  };
  for (const HBand& b : g.hbands) {
    const float ya = clamp_y(b.y1), yb = clamp_y(b.y0);
    f.dl->AddRectFilled(ImVec2(f.plot.Min.x, ya), ImVec2(f.plot.Max.x, yb), b.color);
    if (b.label) {
      const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, b.label);
      f.dl->AddText(f.small, f.fs, ImVec2(f.plot.Max.x - ts.x - 4 * f.scale, (ya + yb - ts.y) * 0.5f),
                    palette().text_dim, b.label);
    }
  }
  // llvmpipe pays per triangle: an area is about one quad per 3 pixel columns, without the
  // anti-aliased fringe (2 triangles a quad instead of 10; neighbouring quads share edges).
  const ImDrawListFlags flags = f.dl->Flags;
  f.dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (const Shaded& s : g.shaded) {
    const int stride = std::max(1, int(3.0f * float(s.count) / std::max(1.0f, f.plot.GetWidth())));
    int prev = -1;
    for (int i = 0;; i = std::min(i + stride, s.count - 1)) {
      if (!std::isfinite(s.lo[i]) || !std::isfinite(s.hi[i])) {
        prev = -1;
      } else {
        if (prev >= 0) {
          const float xa = f.sx(s.xs[prev]), xb = f.sx(s.xs[i]);
          f.dl->AddQuadFilled(ImVec2(xa, clamp_y(s.hi[prev])), ImVec2(xb, clamp_y(s.hi[i])),
                              ImVec2(xb, clamp_y(s.lo[i])), ImVec2(xa, clamp_y(s.lo[prev])), s.color);
        } else if (s.count == 1) {
          const float x = f.sx(s.xs[i]);
          f.dl->AddRectFilled(ImVec2(x - 2 * f.scale, clamp_y(s.hi[i])), ImVec2(x + 2 * f.scale, clamp_y(s.lo[i])), s.color);
        }
        prev = i;
      }
      if (i == s.count - 1) break;
    }
  }
  f.dl->Flags = flags;
}

// 4b. The lines, decimated to about two points per pixel column (min/max would be exact; this
//     is enough for histories that are already bounded).
void draw_lines(const Frame& f) {
  for (const Series& s : g.series) {
    g.pts.clear();
    const int n = s.count();
    const int stride = std::max(1, int(float(n) / std::max(1.0f, f.plot.GetWidth())));
    for (int i = 0; i < n; i += stride) {
      const Point p = s.at(i);
      if (!std::isfinite(p.y) || (f.log && p.y <= 0)) continue;
      g.pts.push_back(ImVec2(f.sx(p.x), f.sy(p.y)));
    }
    if (n > 0 && (n - 1) % stride != 0) {
      const Point p = s.at(n - 1);
      if (std::isfinite(p.y) && !(f.log && p.y <= 0)) g.pts.push_back(ImVec2(f.sx(p.x), f.sy(p.y)));
    }
    if (g.pts.size() >= 2) f.dl->AddPolyline(g.pts.data(), int(g.pts.size()), s.color, 0, s.thickness * f.scale);
    else if (g.pts.size() == 1) f.dl->AddCircleFilled(g.pts[0], 2.5f * f.scale, s.color);
  }
}

// A chip of the panel's colour under a label (a curve passing under "loss" or "epoch" must
// not make it unreadable).
void chip(const Frame& f, ImVec2 a, ImVec2 b) {
  const ImU32 bg = (palette().panel & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 215);
  f.dl->AddRectFilled(ImVec2(a.x - 3 * f.scale, a.y - 1 * f.scale), ImVec2(b.x + 3 * f.scale, b.y + 1 * f.scale), bg,
                      3 * f.scale);
}

// 5. The x axis' name and the legend, over the lines.
void x_label_and_legend(const Frame& f) {
  const float scale = f.scale, fs = f.fs;
  const ImRect& plot = f.plot;
  if (*g.x_label) {
    const ImVec2 ts = f.small->CalcTextSizeA(fs, FLT_MAX, 0, g.x_label);
    const ImVec2 at(plot.Max.x - ts.x - 4 * scale, plot.Max.y - ts.y - 2 * scale);
    chip(f, at, ImVec2(at.x + ts.x, at.y + ts.y));
    f.dl->AddText(f.small, fs, at, palette().text_dim, g.x_label);
  }
  if ((g.flags & kNoLegend) || g.series.empty()) return;
  float w = 0.0f;
  for (const Series& sr : g.series) w += f.small->CalcTextSizeA(fs, FLT_MAX, 0, sr.label).x + 26 * scale;
  chip(f, ImVec2(plot.Max.x - 6 * scale - w + 10 * scale, plot.Min.y + 3 * scale),
       ImVec2(plot.Max.x - 6 * scale, plot.Min.y + 3 * scale + fs));
  float lx = plot.Max.x - 6 * scale;
  for (int k = int(g.series.size()) - 1; k >= 0; --k) {
    const Series& s = g.series[k];
    const ImVec2 ts = f.small->CalcTextSizeA(fs, FLT_MAX, 0, s.label);
    lx -= ts.x;
    f.dl->AddText(f.small, fs, ImVec2(lx, plot.Min.y + 3 * scale), palette().text_dim, s.label);
    lx -= 16 * scale;
    f.dl->AddLine(ImVec2(lx, plot.Min.y + 3 * scale + ts.y * 0.5f), ImVec2(lx + 12 * scale, plot.Min.y + 3 * scale + ts.y * 0.5f),
                  s.color, 2.5f * scale);
    lx -= 10 * scale;
  }
}

// The point of a series nearest x = xm (x does not decrease with i).
int nearest(const Series& s, double xm) {
  int lo = 0, hi = s.count() - 1;
  while (lo < hi) {  // first point with x >= xm
    const int mid = (lo + hi) / 2;
    if (s.at(mid).x < xm) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && std::fabs(s.at(lo - 1).x - xm) < std::fabs(s.at(lo).x - xm)) --lo;
  return lo;
}

// 6. Hover read-out: every series at the x nearest the pointer, and the marker's tooltip.
void hover_readout(const Frame& f, ImVec2 mouse, const VLine* hovered_marker) {
  const ImRect& plot = f.plot;
  const double xm = f.x0 + (mouse.x - plot.Min.x) / plot.GetWidth() * (f.x1 - f.x0);
  f.dl->AddLine(ImVec2(mouse.x, plot.Min.y), ImVec2(mouse.x, plot.Max.y), palette().text_dim, 1.0f);
  ImGui::BeginTooltip();
  bool header = false;
  for (const Series& s : g.series) {
    if (s.count() == 0) continue;
    const Point p = s.at(nearest(s, xm));
    if (!header) {
      ImGui::Text("%s %.0f", *g.x_label ? g.x_label : "x", p.x);
      header = true;
      g.hovered = true;
      g.hover_x = p.x;
    }
    if (std::isfinite(p.y) && !(f.log && p.y <= 0))
      f.dl->AddCircleFilled(ImVec2(f.sx(p.x), f.sy(p.y)), 3.5f * f.scale, s.color);
    ImGui::ColorButton(s.label, ImGui::ColorConvertU32ToFloat4(s.color),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder, ImVec2(f.fs * 0.8f, f.fs * 0.8f));
    ImGui::SameLine();
    if (f.percent) ImGui::Text("%s  %.2f%%", s.label, p.y * 100.0);
    else ImGui::Text("%s  %.5g", s.label, p.y);
  }
  if (hovered_marker && hovered_marker->tip) {
    ImGui::Separator();
    ImGui::TextUnformatted(hovered_marker->tip);
  }
  ImGui::EndTooltip();
}

}  // namespace

void EndPlot() {
  IM_ASSERT(g.open && "plot::EndPlot without a BeginPlot() that returned true");
  g.open = false;
  g.hovered = false;
  Frame f;
  f.log = g.flags & kLogY;
  f.percent = g.flags & kPercentY;
  f.dl = ImGui::GetWindowDrawList();
  f.small = font_small() ? font_small() : ImGui::GetFont();
  f.fs = f.small->FontSize;
  f.scale = f.fs / 12.5f;
  fit_axes(f);
  if (!place_plot(f)) return;
  f.dl->AddRectFilled(f.plot.Min, f.plot.Max, palette().dark ? IM_COL32(255, 255, 255, 8) : IM_COL32(0, 0, 0, 6),
                      3 * f.scale);
  if (f.log) log_y_ticks(f);
  linear_ticks(f);
  f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsItemHovered() || (f.plot.Contains(mouse) && ImGui::IsWindowHovered());
  draw_areas(f);
  const VLine* hovered_marker = draw_markers(f, hovered, mouse);
  draw_lines(f);
  f.dl->PopClipRect();
  x_label_and_legend(f);
  if (hovered && !f.empty && f.plot.Contains(mouse)) hover_readout(f, mouse, hovered_marker);
  if (*g.y_label) {  // the y axis' name, last: over everything
    const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, g.y_label);
    const ImVec2 at(f.plot.Min.x + 6 * f.scale, f.plot.Min.y + 3 * f.scale);
    chip(f, at, ImVec2(at.x + ts.x, at.y + ts.y));
    f.dl->AddText(f.small, f.fs, at, palette().text_dim, g.y_label);
  }
}

}  // namespace descent::gui::plot
