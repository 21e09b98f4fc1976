// app/gui/plot.h — our own small plot widget (ImPlot is not packaged in Debian 12).
//
// The shape is ImPlot's: BeginPlot (returns false when clipped) → setup → PlotLine… → EndPlot.
// Data is read in place at EndPlot (no copies): xs and ys with a byte stride, so the fields of
// an array of structs plot directly, and an offset for ring buffers. The axes autofit, ticks
// are "nice" (1-2-5, or decades on a log axis), and hovering shows a read-out of every series
// at the nearest x. Vertical markers (PlotVLine) carry a tooltip.
//
//   if (plot::BeginPlot("##loss", size, plot::kLogY)) {
//     plot::SetupAxes("epoch", "loss");
//     plot::PlotLine("train", &rows[0].epoch, &rows[0].train_loss, n, color, sizeof rows[0]);
//     plot::EndPlot();
//   }
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace descent::gui::plot {

enum Flags : int {
  kNone = 0,
  kLogY = 1 << 0,     // logarithmic y axis (non-positive values are skipped)
  kNoLegend = 1 << 1,
  kPercentY = 1 << 2, // y tick labels as percentages
};

struct Point {
  double x, y;
};

// Where a series' values are: point i is at byte (offset + i) % count × stride from xs and ys.
struct Source {
  const void* xs;
  const void* ys;
  int count, offset, stride;
  Point (*read)(const Source&, int i);  // converts both to double
};

namespace detail {
template <typename TX, typename TY>
Point read(const Source& s, int i) {
  const size_t k = size_t((s.offset + i) % s.count) * size_t(s.stride);
  return {double(*reinterpret_cast<const TX*>(static_cast<const char*>(s.xs) + k)),
          double(*reinterpret_cast<const TY*>(static_cast<const char*>(s.ys) + k))};
}
void add_line(const char* label, const Source& src, ImU32 color, float thickness);
}  // namespace detail

bool BeginPlot(const char* id, const ImVec2& size, int flags = kNone);
void SetupAxes(const char* x_label, const char* y_label);
void SetupYLimits(double lo, double hi);  // fixed y range instead of autofit
// A line through (xs[i], ys[i]), each `stride` bytes after the last, starting `offset` points
// in (a ring buffer's oldest); x must not decrease with i (the hover read-out searches it).
template <typename TX, typename TY>
void PlotLine(const char* label, const TX* xs, const TY* ys, int count, ImU32 color,
              int stride = int(sizeof(TY)), int offset = 0, float thickness = 1.8f) {
  detail::add_line(label, Source{xs, ys, count, offset, stride, &detail::read<TX, TY>}, color, thickness);
}
// The area between two curves lo(x) ≤ hi(x) (contiguous doubles), filled, under the lines;
// counted in the axes' fit, not in the legend or the read-out. (Percentile bands.)
void PlotShaded(const double* xs, const double* lo, const double* hi, int count, ImU32 color);
// A horizontal band y0 ≤ y ≤ y1 across the plot, under everything (a target range), with a
// label at its right end; not counted in the axes' fit.
void PlotHBand(double y0, double y1, ImU32 color, const char* label = nullptr);
// A vertical marker at x with a tooltip (e.g. "lr 0.1" where a setting changed).
void PlotVLine(double x, const char* tooltip, ImU32 color);
void EndPlot();
// Whether the last plot ended was hovered; then *x is the x of its read-out (the nearest point).
bool LastHoverX(double* x);

// What the last plot ended showed, for the state dump (tests read the tick labels): rectangles
// as (x, y, w, h) in screen coordinates.
struct Layout {
  bool log = false;
  double y_lo = 0, y_hi = 1;              // the y axis' range (values, not log10)
  std::vector<std::string> y_ticks, x_ticks;
  std::vector<ImVec4> x_tick_rects;
  ImVec4 plot, legend, y_name, x_name;    // legend / names: w = 0 when not drawn
};
const Layout& LastLayout();

// Nice tick step for a range to be divided in about `target` intervals: 1, 2 or 5 × 10^k.
double nice_step(double range, double target);

}  // namespace descent::gui::plot
