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
  Layout layout;         // what the last plot ended showed
};
State g;

double fwd(double y, bool log) { return log ? std::log10(y) : y; }

}  // namespace

const Layout& LastLayout() { return g.layout; }

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

// The plot area and its axes, as EndPlot lays them out: a header row (the y axis' name on the
// left, the legend on the right), the plot, and a row of x tick labels ending in the x axis'
// name. Nothing is drawn over a name or the legend, and no curve passes under them.
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

struct Tick {
  double v;
  std::string label;
};

ImVec4 xywh(ImVec2 a, ImVec2 b) { return ImVec4(a.x, a.y, b.x - a.x, b.y - a.y); }

// 1. The data's range (finite points; positive ones on a log axis), made honest: a linear
//    axis includes 0 (a change from 0.52 to 0.50 must look small), a log axis spans at least
//    one decade (a flat loss must not look like wild oscillation).
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
    y0 = f.log ? 0.1 : 0;
    y1 = 1;
  }
  if (x1 - x0 < 1) x1 = x0 + std::max(1.0, x1 - x0);
  if (g.fixed_y) {
    y0 = g.y_lo;
    y1 = g.y_hi;
  } else if (!f.log) {
    y0 = std::min(y0, 0.0);
    y1 = std::max(y1, 0.0);
  }
  double fy0 = fwd(y0, f.log), fy1 = fwd(y1, f.log);
  if (!g.fixed_y) {
    const double pad = (fy1 - fy0) * 0.06;
    if (!f.log && y0 < 0) fy0 -= pad;
    fy1 += pad;
    if (f.log) fy0 -= pad;
  }
  if (f.log && fy1 - fy0 < 1.0) {
    const double mid = 0.5 * (fy0 + fy1);
    fy0 = mid - 0.5;
    fy1 = mid + 0.5;
  } else if (fy1 - fy0 < 1e-9) {
    fy1 = fy0 + std::max(1e-3, std::fabs(fy0) * 0.1);
  }
  f.x0 = x0, f.x1 = x1, f.y0 = y0, f.y1 = y1, f.fy0 = fy0, f.fy1 = fy1;
}

// Labels for tick values, with as many digits as it takes to tell every pair apart.
void label_ticks(std::vector<Tick>& ticks, bool percent) {
  for (int digits = 1; digits <= 9; ++digits) {
    for (Tick& t : ticks) {
      char b[32];
      if (percent) std::snprintf(b, sizeof b, "%.*f%%", std::max(0, digits - 2), t.v * 100.0);
      else if (std::fabs(t.v) < 1e-12) std::snprintf(b, sizeof b, "0");
      else std::snprintf(b, sizeof b, "%.*g", digits, t.v);
      t.label = b;
    }
    bool distinct = true;
    for (size_t i = 1; i < ticks.size(); ++i) distinct &= ticks[i].label != ticks[i - 1].label;
    if (distinct) return;
  }
}

// 2a. The y ticks: at least two, labelled, as many as the height allows. A log axis takes
//     decades, then 1-2-5, then every mantissa 1…9 until two fall inside the range.
std::vector<Tick> y_tick_values(const Frame& f, float height) {
  std::vector<Tick> ticks;
  const int room = std::max(2, int(height / (f.fs * 1.8f)));
  if (f.log) {
    static constexpr double kSets[3][9] = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
    static constexpr int kSizes[3] = {1, 3, 9};
    for (int set = 0; set < 3 && ticks.size() < 2; ++set) {
      ticks.clear();
      for (int e = int(std::floor(f.fy0)); e <= int(std::ceil(f.fy1)); ++e)
        for (int k = 0; k < kSizes[set]; ++k) {
          const double v = kSets[set][k] * std::pow(10.0, e);
          if (std::log10(v) >= f.fy0 - 1e-9 && std::log10(v) <= f.fy1 + 1e-9) ticks.push_back({v, ""});
        }
    }
    if (int(ticks.size()) > room) {  // too many for the height: every n-th, decades first
      const int every = (int(ticks.size()) + room - 1) / room;
      std::vector<Tick> kept;
      for (size_t i = 0; i < ticks.size(); i += size_t(every)) kept.push_back(ticks[i]);
      ticks = kept;
    }
  } else {
    double step = nice_step(f.fy1 - f.fy0, std::max(2.0, double(room)));
    for (int tries = 0; tries < 4; ++tries) {
      ticks.clear();
      for (double v = std::ceil(f.fy0 / step - 1e-9) * step; v <= f.fy1 + step * 1e-6; v += step)
        ticks.push_back({std::fabs(v) < step * 1e-6 ? 0.0 : v, ""});
      if (ticks.size() >= 2) break;
      step = nice_step(step, 2.5);  // a smaller nice step
    }
  }
  label_ticks(ticks, f.percent);
  return ticks;
}

// 2b. Layout: the header row, y tick labels on the left, x tick labels below. False when too
//     small to draw.
bool place_plot(Frame& f) {
  const std::vector<Tick> probe = y_tick_values(f, g.frame.GetHeight());
  float widest = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, "0.0").x;
  for (const Tick& t : probe) widest = std::max(widest, f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, t.label.c_str()).x);
  f.label_w = widest + 8 * f.scale;
  const float header = (*g.y_label || !(g.flags & kNoLegend)) ? f.fs + 4 * f.scale : 2 * f.scale;
  f.plot = ImRect(ImVec2(g.frame.Min.x + f.label_w, g.frame.Min.y + header),
                  ImVec2(g.frame.Max.x - 4 * f.scale, g.frame.Max.y - f.fs - 6 * f.scale));
  return f.plot.GetWidth() >= 20 && f.plot.GetHeight() >= 20;
}

// 3a. The y axis: grid lines and labels, right-aligned left of the plot.
void y_ticks(const Frame& f) {
  for (const Tick& t : y_tick_values(f, f.plot.GetHeight())) {
    const float y = f.sy(t.v);
    f.dl->AddLine(ImVec2(f.plot.Min.x, y), ImVec2(f.plot.Max.x, y), palette().grid);
    const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, t.label.c_str());
    f.dl->AddText(f.small, f.fs, ImVec2(f.plot.Min.x - ts.x - 4 * f.scale, y - ts.y * 0.5f), palette().text_dim,
                  t.label.c_str());
    g.layout.y_ticks.push_back(t.label);
  }
}

// An epoch count short enough to sit under the axis: 950, 12k, 600k, 1.2M.
std::string x_label(double v) {
  char b[32];
  if (std::fabs(v) < 1e4) std::snprintf(b, sizeof b, "%.0f", v);
  else if (std::fabs(v) < 1e6) std::snprintf(b, sizeof b, "%gk", std::round(v / 100.0) / 10.0);
  else std::snprintf(b, sizeof b, "%gM", std::round(v / 1e5) / 10.0);
  return b;
}

// 3b. The x axis (epochs): a step wide enough that labels never touch each other or the
//     axis' name at the right end.
void x_ticks(const Frame& f) {
  const ImRect& plot = f.plot;
  const float gap = f.fs * 1.2f;
  const float name_w = *g.x_label ? f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, g.x_label).x : 0.0f;
  const float name_x = plot.Max.x - name_w;
  if (*g.x_label) {
    f.dl->AddText(f.small, f.fs, ImVec2(name_x, plot.Max.y + 3 * f.scale), palette().text_dim, g.x_label);
    g.layout.x_name = ImVec4(name_x, plot.Max.y + 3 * f.scale, name_w, f.fs);
  }
  const float widest = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, x_label(f.x1).c_str()).x;
  double step = std::max(1.0, nice_step(f.x1 - f.x0, std::max(1.0, double(plot.GetWidth() / (widest + gap)))));
  if (step * plot.GetWidth() / (f.x1 - f.x0) < widest + gap) step = std::max(1.0, nice_step(step * 2.2, 1.0));
  float right = -FLT_MAX;  // the right edge of the last label drawn
  for (double v = std::ceil(f.x0 / step) * step; v <= f.x1 + step * 1e-6; v += step) {
    const float x = f.sx(v);
    f.dl->AddLine(ImVec2(x, plot.Min.y), ImVec2(x, plot.Max.y), palette().grid);
    const std::string t = x_label(v);
    const ImVec2 ts = f.small->CalcTextSizeA(f.fs, FLT_MAX, 0, t.c_str());
    const float tx = std::clamp(x - ts.x * 0.5f, plot.Min.x - f.label_w * 0.5f, plot.Max.x - ts.x);
    if (tx < right + gap * 0.5f || (*g.x_label && tx + ts.x > name_x - gap * 0.5f)) continue;
    f.dl->AddText(f.small, f.fs, ImVec2(tx, plot.Max.y + 3 * f.scale), palette().text_dim, t.c_str());
    right = tx + ts.x;
    g.layout.x_ticks.push_back(t);
    g.layout.x_tick_rects.push_back(ImVec4(tx, plot.Max.y + 3 * f.scale, ts.x, ts.y));
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

// 5. The header row: the y axis' name on the left, the legend on the right (outside the plot).
void header(const Frame& f) {
  const float scale = f.scale, fs = f.fs;
  const float y = g.frame.Min.y;
  float name_right = g.frame.Min.x;
  if (*g.y_label) {
    const ImVec2 ts = f.small->CalcTextSizeA(fs, FLT_MAX, 0, g.y_label);
    f.dl->AddText(f.small, fs, ImVec2(g.frame.Min.x + 2 * scale, y), palette().text_dim, g.y_label);
    g.layout.y_name = ImVec4(g.frame.Min.x + 2 * scale, y, ts.x, ts.y);
    name_right = g.frame.Min.x + 2 * scale + ts.x + 8 * scale;
  }
  if ((g.flags & kNoLegend) || g.series.empty()) return;
  float lx = f.plot.Max.x;
  for (int k = int(g.series.size()) - 1; k >= 0; --k) {
    const Series& s = g.series[k];
    const ImVec2 ts = f.small->CalcTextSizeA(fs, FLT_MAX, 0, s.label);
    if (lx - ts.x - 26 * scale < name_right) break;  // no room: the rest of the legend goes
    lx -= ts.x;
    f.dl->AddText(f.small, fs, ImVec2(lx, y), palette().text_dim, s.label);
    lx -= 16 * scale;
    f.dl->AddLine(ImVec2(lx, y + ts.y * 0.5f), ImVec2(lx + 12 * scale, y + ts.y * 0.5f), s.color,
                  std::max(2.5f, s.thickness) * scale);
    lx -= 10 * scale;
  }
  g.layout.legend = ImVec4(lx + 10 * scale, y, f.plot.Max.x - lx - 10 * scale, fs);
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
  g.layout = Layout{};
  Frame f;
  f.log = g.flags & kLogY;
  f.percent = g.flags & kPercentY;
  f.dl = ImGui::GetWindowDrawList();
  f.small = font_small() ? font_small() : ImGui::GetFont();
  f.fs = f.small->FontSize;
  f.scale = f.fs / 12.5f;
  fit_axes(f);
  if (!place_plot(f)) return;
  g.layout.log = f.log;
  g.layout.y_lo = f.log ? std::pow(10.0, f.fy0) : f.fy0;
  g.layout.y_hi = f.log ? std::pow(10.0, f.fy1) : f.fy1;
  g.layout.plot = xywh(f.plot.Min, f.plot.Max);
  f.dl->AddRectFilled(f.plot.Min, f.plot.Max, palette().dark ? IM_COL32(255, 255, 255, 8) : IM_COL32(0, 0, 0, 6),
                      3 * f.scale);
  y_ticks(f);
  x_ticks(f);
  f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsItemHovered() || (f.plot.Contains(mouse) && ImGui::IsWindowHovered());
  draw_areas(f);
  const VLine* hovered_marker = draw_markers(f, hovered, mouse);
  draw_lines(f);
  f.dl->PopClipRect();
  header(f);
  if (hovered && !f.empty && f.plot.Contains(mouse)) hover_readout(f, mouse, hovered_marker);
}

}  // namespace descent::gui::plot
