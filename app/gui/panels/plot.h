// app/gui/panels/plot.h — our own small plot widget (ImPlot is not packaged in Debian 12).
//
// The shape is ImPlot's: BeginPlot (returns false when clipped) → setup → PlotLine… → EndPlot.
// Data is read in place through a getter at EndPlot (no copies), the axes autofit, ticks are
// "nice" (1-2-5, or decades on a log axis), and hovering shows a read-out of every series at
// the nearest x. Vertical markers (PlotVLine) carry a tooltip.
//
//   if (plot::BeginPlot("##loss", size, plot::kLogY)) {
//     plot::SetupAxes("epoch", "loss");
//     plot::PlotLine("train", getter, &rows, n, color);
//     plot::EndPlot();
//   }
#pragma once

#include <imgui.h>

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
// Returns point `i` of the series held by `data`.
using Getter = Point (*)(const void* data, int i);

bool BeginPlot(const char* id, const ImVec2& size, int flags = kNone);
void SetupAxes(const char* x_label, const char* y_label);
void SetupYLimits(double lo, double hi);  // fixed y range instead of autofit
// A line; x must not decrease with i (the hover read-out searches it).
void PlotLine(const char* label, Getter getter, const void* data, int count, ImU32 color,
              float thickness = 1.8f);
// A vertical marker at x with a tooltip (e.g. "lr 0.1" where a setting changed).
void PlotVLine(double x, const char* tooltip, ImU32 color);
void EndPlot();
// Whether the last plot ended was hovered; then *x is the x of its read-out (the nearest point).
bool LastHoverX(double* x);

// Nice tick step for a range to be divided in about `target` intervals: 1, 2 or 5 × 10^k.
double nice_step(double range, double target);

}  // namespace descent::gui::plot
