// app/gui/panels/output_panel.cpp — the right column: the output view (the network's output
// over the input plane, drawn by the shader; data points on top; axes; zoom, pan, painting),
// the losses, and the loss / accuracy plots.
//
// [SECTION] output view: mapping, axes, points
// [SECTION] output view: mouse (zoom, pan, paint, erase)
// [SECTION] 1-D data: the curve y(x1)
// [SECTION] metrics and plots
// [SECTION] the panel
#include <imgui_internal.h>  // ImGuiButtonFlags_AllowItemOverlap

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "gui/boundary.h"
#include "gui/cached_drawing.h"
#include "gui/field.h"
#include "gui/formatted.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/plot.h"
#include "gui/reason_words.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// =============================================================================================
// [SECTION] output view: mapping, axes, points
// =============================================================================================

struct Mapping {
  ImVec2 min, max;  // screen rectangle of the view
  ViewRect v;       // plane rectangle shown
  ImVec2 to_screen(double x1, double x2) const {
    return ImVec2(float(min.x + (x1 - v.x0) / (v.x1 - v.x0) * (max.x - min.x)),
                  float(max.y - (x2 - v.y0) / (v.y1 - v.y0) * (max.y - min.y)));
  }
  void to_plane(ImVec2 p, double* x1, double* x2) const {
    *x1 = v.x0 + (p.x - min.x) / (max.x - min.x) * (v.x1 - v.x0);
    *x2 = v.y0 + (max.y - p.y) / (max.y - min.y) * (v.y1 - v.y0);
  }
  float px_per_unit() const { return float((max.x - min.x) / (v.x1 - v.x0)); }
};

void draw_axes(const Mapping& m, float s, bool vertical_axis = true, const char* ylabel = "x\xe2\x82\x82") {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  const float fs = f->FontSize;
  const ImU32 col = palette().text_dim;
  auto ticks = [&](double lo, double hi, float pixels, auto&& place) {
    const double step = plot::nice_step(hi - lo, std::max(2.0, double(pixels / (fs * 3.2f))));
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      char t[32];
      const int dec = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
      std::snprintf(t, sizeof t, "%.*f", std::min(dec, 4), std::fabs(v) < step * 1e-6 ? 0.0 : v);
      place(v, t);
    }
  };
  ticks(m.v.x0, m.v.x1, m.max.x - m.min.x, [&](double v, const char* t) {
    const float x = m.to_screen(v, 0).x;
    dl->AddLine(ImVec2(x, m.max.y), ImVec2(x, m.max.y + 4 * s), col);
    const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, t);
    dl->AddText(f, fs, ImVec2(x - ts.x * 0.5f, m.max.y + 5 * s), col, t);
  });
  // Axis names inside the corners, on a veil so they read over any colour.
  auto corner_label = [&](const char* t, ImVec2 at) {
    const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, t);
    dl->AddRectFilled(ImVec2(at.x - 3 * s, at.y - 1 * s), ImVec2(at.x + ts.x + 3 * s, at.y + ts.y + 1 * s),
                      palette().dark ? IM_COL32(0, 0, 0, 110) : IM_COL32(255, 255, 255, 150), 3 * s);
    dl->AddText(f, fs, at, palette().text, t);
  };
  const char* xl = "x\xe2\x82\x81";
  const ImVec2 xs = f->CalcTextSizeA(fs, FLT_MAX, 0, xl);
  corner_label(xl, ImVec2(m.max.x - xs.x - 5 * s, m.max.y - fs - 4 * s));
  corner_label(ylabel, ImVec2(m.min.x + 5 * s, m.min.y + 4 * s));
  if (!vertical_axis) return;
  ticks(m.v.y0, m.v.y1, m.max.y - m.min.y, [&](double v, const char* t) {
    const float y = m.to_screen(0, v).y;
    dl->AddLine(ImVec2(m.min.x - 4 * s, y), ImVec2(m.min.x, y), col);
    const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, t);
    dl->AddText(f, fs, ImVec2(m.min.x - 6 * s - ts.x, y - ts.y * 0.5f), col, t);
  });
}

// In place of the field when the weights are not finite (after divergence): grey hatching and
// a word, rather than a picture of NaNs (black) or of infinities (one flat colour).
void draw_diverged(ImDrawList* dl, ImVec2 a, ImVec2 b, float s) {
  const bool dark = palette().dark;
  dl->AddRectFilled(a, b, dark ? IM_COL32(58, 62, 68, 255) : IM_COL32(206, 208, 210, 255));
  dl->PushClipRect(a, b, true);
  const float step = 14 * s, h = b.y - a.y;
  const ImU32 stripe = dark ? IM_COL32(80, 85, 92, 255) : IM_COL32(184, 187, 190, 255);
  for (float x = a.x - h; x < b.x; x += step)
    dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), stripe, 5 * s);
  dl->PopClipRect();
  const char* text = tr("output.diverged");
  const char* sub = tr("output.diverged_sub");
  const ImVec2 ts = ImGui::CalcTextSize(text), ss = ImGui::CalcTextSize(sub);
  const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
  const float pad = 8 * s, w = std::max(ts.x, ss.x) + 2 * pad, hh = ts.y + ss.y + 2 * pad + 2 * s;
  dl->AddRectFilled(ImVec2(c.x - w * 0.5f, c.y - hh * 0.5f), ImVec2(c.x + w * 0.5f, c.y + hh * 0.5f),
                    ImGui::GetColorU32(ImGuiCol_PopupBg), 4 * s);
  dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - hh * 0.5f + pad), palette().danger, text);
  dl->AddText(ImVec2(c.x - ss.x * 0.5f, c.y - hh * 0.5f + pad + ts.y + 2 * s), palette().text_dim, sub);
}

void draw_points(ImDrawList* dl, const Ctx& c, const Mapping& m, const nn::Dataset& d, bool one_d) {
  const float s = c.s;
  const float r = std::clamp(3.4f * s * std::sqrt(std::max(1.0f, 500.0f / float(std::max<size_t>(1, d.points.size())))), 3.0f * s, 5.5f * s);
  const float range = regression_range(d);
  const ImU32 ring = palette().dark ? IM_COL32(20, 22, 25, 230) : IM_COL32(255, 255, 255, 235);
  dl->PushClipRect(m.min, m.max, true);
  for (const auto& p : d.points) {
    if (p.test && !c.ui.show_test) continue;
    const ImVec2 q = one_d ? m.to_screen(p.x1, p.y) : m.to_screen(p.x1, p.x2);
    if (q.x < m.min.x - r || q.x > m.max.x + r || q.y < m.min.y - r || q.y > m.max.y + r) continue;
    const ImU32 col = one_d && d.task == nn::Task::regression ? palette().text : label_color(d, p.y, range);
    if (p.test) {  // outlined
      draw_sprite(dl, Sprite::disc, q, r + 0.6f * s, ring);
      draw_sprite(dl, Sprite::ring, q, r, col);
    } else {  // filled
      draw_sprite(dl, Sprite::disc, q, r + 1.1f * s, ring);
      draw_sprite(dl, Sprite::disc, q, r, col);
    }
  }
  dl->PopClipRect();
}

// =============================================================================================
// [SECTION] output view: mouse (zoom, pan, paint, erase)
// =============================================================================================

void zoom_pan(Ctx& c, const Mapping& m, bool hovered) {
  ImGuiIO& io = ImGui::GetIO();
  ViewRect& v = c.ui.view;
  if (hovered && io.MouseWheel != 0.0f) {
    double mx, my;
    m.to_plane(io.MousePos, &mx, &my);
    const double f = std::pow(1.18, -double(io.MouseWheel));
    const double span = (v.x1 - v.x0) * f;
    if (span > 0.05 && span < 400.0) {
      v.x0 = mx + (v.x0 - mx) * f;
      v.x1 = mx + (v.x1 - mx) * f;
      v.y0 = my + (v.y0 - my) * f;
      v.y1 = my + (v.y1 - my) * f;
    }
  }
  const bool panning = (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f)) ||
                       (ImGui::IsItemActive() && io.KeyAlt && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f));
  if (panning) {
    const double k = 1.0 / m.px_per_unit();
    v.x0 -= io.MouseDelta.x * k;
    v.x1 -= io.MouseDelta.x * k;
    v.y0 += io.MouseDelta.y * k;
    v.y1 += io.MouseDelta.y * k;
  }
}

void paint(Ctx& c, const Mapping& m, bool one_d) {
  ImGuiIO& io = ImGui::GetIO();
  const bool left = ImGui::IsMouseDown(ImGuiMouseButton_Left), right = ImGui::IsMouseDown(ImGuiMouseButton_Right);
  if (!ImGui::IsItemActive() || io.KeyAlt || io.KeyCtrl || (!left && !right) || !c.ui.paint_enabled) {  // Ctrl: inspect
    c.ui.painting = false;
    return;
  }
  // A press starts a stroke: everything it paints or erases is one undo step.
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseClicked(ImGuiMouseButton_Right))
    ++c.ui.paint_stroke;
  const nn::Dataset& base = base_data(c);
  const float s = c.s;
  if (io.KeyShift) {  // erase under the pointer
    const float radius = 12.0f * s;
    nn::Dataset d = base;
    const size_t before = d.points.size();
    std::erase_if(d.points, [&](const nn::Point& p) {
      const ImVec2 q = one_d ? m.to_screen(p.x1, p.y) : m.to_screen(p.x1, p.x2);
      const float dx = q.x - io.MousePos.x, dy = q.y - io.MousePos.y;
      return dx * dx + dy * dy < radius * radius && (c.ui.show_test || !p.test);
    });
    if (d.points.size() != before) send_data(c, std::move(d), c.ui.paint_stroke);
    ImGui::GetWindowDrawList()->AddCircle(io.MousePos, radius, palette().text, 24, 1.5f);
    return;
  }
  const bool click = ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseClicked(ImGuiMouseButton_Right);
  const float dx = io.MousePos.x - c.ui.paint_last.x, dy = io.MousePos.y - c.ui.paint_last.y;
  if (!click && (!c.ui.painting || dx * dx + dy * dy < 100.0f * s * s)) return;
  c.ui.painting = true;
  c.ui.paint_last = io.MousePos;
  double x1, x2;
  m.to_plane(io.MousePos, &x1, &x2);
  nn::Point p;
  p.x1 = x1;
  p.x2 = one_d ? 0.0 : x2;
  if (base.task == nn::Task::regression) {
    p.y = one_d ? x2 : double(c.ui.paint_value);
  } else if (base.classes <= 2) {
    p.y = right ? 0.0 : 1.0;
  } else {
    p.y = std::clamp(c.ui.paint_class, 0, base.classes - 1);
  }
  nn::Dataset d = base;
  d.points.push_back(p);
  send_data(c, std::move(d), c.ui.paint_stroke);
}

// =============================================================================================
// [SECTION] 1-D data: the curve y(x1)
// =============================================================================================

void draw_curve(Ctx& c, const Mapping& m) {
  const nn::Snapshot& s = c.snap;
  if (s.params.size() != s.arch.parameter_count()) return;
  FieldEvaluator& ev = c.ui.output_scratch.curve;
  std::vector<ImVec2>& pts = c.ui.output_scratch.curve_points;
  const int n = std::max(64, int(m.max.x - m.min.x) / 2);
  Eigen::MatrixXf X(Eigen::Index(s.experiment->features.size()), n);  // (F, n)
  for (int i = 0; i < n; ++i) {
    const double x = m.v.x0 + (i + 0.5) / n * (m.v.x1 - m.v.x0);
    features_at(s.experiment->features, x, 0.0, X.col(i).data());
  }
  ev.set(s.arch, s.params);
  ev.forward(X);
  pts.clear();
  for (int i = 0; i < n; ++i) {
    const double x = m.v.x0 + (i + 0.5) / n * (m.v.x1 - m.v.x0);
    pts.push_back(m.to_screen(x, ev.output(0, i)));
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(m.min, m.max, true);
  dl->AddPolyline(pts.data(), int(pts.size()), to_u32(kOrange), 0, 2.5f * c.s);
  dl->PopClipRect();
}

// =============================================================================================
// [SECTION] metrics and plots
// =============================================================================================

// A field of the history's rows, for plot::PlotLine (nothing when there are no rows).
template <typename T>
const T* column(const std::vector<nn::EpochRow>& rows, T nn::EpochRow::*field) {
  return rows.empty() ? nullptr : &(rows.front().*field);
}
constexpr int kRowStride = int(sizeof(nn::EpochRow));

constexpr ImU32 kTrainLine = IM_COL32(120, 124, 130, 255);
ImU32 test_line() { return palette().dark ? IM_COL32(230, 232, 235, 255) : IM_COL32(30, 32, 36, 255); }

void metric_line(const char* label, double test, double train, bool percent, float room) {
  auto txt = [&](double v) {
    char b[32];
    if (std::isnan(v)) return std::string("–");
    if (percent) std::snprintf(b, sizeof b, "%.1f%%", v * 100.0);
    else return fmt_num(v, 3);
    return std::string(b);
  };
  // The label gives way first where the row is short ("test 97.2% · train 98.0%" says it).
  const std::string nums = formatted(tr("output.test_train"), txt(test).c_str(), txt(train).c_str());
  if (ImGui::CalcTextSize((std::string(label) + " " + nums).c_str()).x > room) {
    ImGui::Text("%s", nums.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label);
    return;
  }
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine();
  ImGui::Text(tr("output.test_value"), txt(test).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("·");
  ImGui::SameLine();
  ImGui::Text(tr("output.train_value"), txt(train).c_str());
}

// The plot just ended, remembered under `name` for the state dump (tests read its ticks).
void keep_layout(Ctx& c, const char* name) { c.ui.plots[name] = plot::LastLayout(); }

ImU32 step_line() { return palette().dark ? IM_COL32(150, 155, 165, 90) : IM_COL32(120, 124, 130, 80); }

void loss_plot(Ctx& c, float h, const std::function<void()>& markers) {
  const auto& rows = c.snap.history->rows();
  if (!plot::BeginPlot("##loss", ImVec2(-1, h), c.ui.log_y ? plot::kLogY : plot::kNone)) return;
  plot::SetupAxes(tr("plot.epoch"), tr("plot.loss"));
  // Each optimizer step's batch loss, light, under the per-epoch curves.
  if (c.snap.step_losses && !c.snap.step_losses->points().empty()) {
    const auto& pts = c.snap.step_losses->points();
    plot::PlotLine(tr("plot.per_step"), &pts[0].epoch, &pts[0].loss, int(pts.size()), step_line(), int(sizeof pts[0]), 0, 1.0f);
  }
  const long* epochs = column(rows, &nn::EpochRow::epoch);
  plot::PlotLine(tr("plot.train"), epochs, column(rows, &nn::EpochRow::train_loss), int(rows.size()), kTrainLine, kRowStride);
  plot::PlotLine(tr("plot.test"), epochs, column(rows, &nn::EpochRow::test_loss), int(rows.size()), test_line(), kRowStride);
  markers();
  if (c.ui.lab.timeline.scrub_epoch >= 0)  // the timeline's epoch (panels/timeline.cpp)
    plot::PlotVLine(double(c.ui.lab.timeline.scrub_epoch), tr("plot.timeline"), palette().accent);
  plot::EndPlot();
  keep_layout(c, "loss");
  double x = 0.0;
  if (plot::LastHoverX(&x)) c.ui.plot_hover_epoch = x;
}

// The learning rate in force, epoch by epoch: shown when a schedule changes it.
void lr_plot(Ctx& c, float h) {
  const auto& rows = c.snap.history->rows();
  if (!plot::BeginPlot("##lr", ImVec2(-1, h), plot::kLogY)) return;
  plot::SetupAxes(tr("plot.epoch"), tr("plot.learning_rate"));
  plot::PlotLine(tr("plot.lr_in_force"), column(rows, &nn::EpochRow::epoch), column(rows, &nn::EpochRow::lr), int(rows.size()),
                 to_u32(kOrange), kRowStride);
  plot::EndPlot();
  keep_layout(c, "lr");
}

void draw_plots(Ctx& c, float height) {
  bool show_loss = true;  // the tabs: Loss, or a look-inside view (inside.h)
  height = plot_tabs(c, height, &show_loss);
  if (!show_loss) return show_inside_plot(c, height);
  const nn::History& h = *c.snap.history;
  const auto& rows = h.rows();
  const bool regression = c.snap.data && c.snap.data->task == nn::Task::regression;
  // Short of room (a projector's scale), the accuracy plot goes first: its number stays above;
  // under a schedule the learning rate in force gets a plot of its own.
  const bool scheduled = c.snap.experiment->training.schedule.kind != nn::Sched::constant;
  const float lr_h = scheduled && height >= 90.0f * c.s ? std::max(50.0f * c.s, height * 0.42f) : 0.0f;
  const bool metric = c.ui.show_metric_plot && height - lr_h >= 150.0f * c.s;
  const float metric_h = metric ? std::max(60.0f * c.s, (height - lr_h) * 0.36f) : 0.0f;
  const float loss_h = height - metric_h - lr_h;
  std::vector<std::string>& tips = c.ui.output_scratch.marker_tips;
  auto markers = [&]() {
    tips.resize(h.markers().size());
    for (size_t i = 0; i < h.markers().size(); ++i) {
      tips[i] = formatted(tr("plot.marker"), h.markers()[i].epoch, said_marker(h.markers()[i].what).c_str());
      plot::PlotVLine(double(h.markers()[i].epoch), tips[i].c_str(), palette().text_dim);
    }
  };
  c.ui.plots.clear();
  loss_plot(c, loss_h, markers);
  mark(c.ui, "loss_plot");
  if (metric &&
      plot::BeginPlot("##metric", ImVec2(-1, metric_h), regression ? plot::kNone : plot::kPercentY)) {
    plot::SetupAxes(tr("plot.epoch"), regression ? "R²" : tr("plot.accuracy"));
    if (!regression) plot::SetupYLimits(0.0, 1.0);
    const long* epochs = column(rows, &nn::EpochRow::epoch);
    plot::PlotLine(tr("plot.train"), epochs, column(rows, &nn::EpochRow::train_metric), int(rows.size()), kTrainLine, kRowStride);
    plot::PlotLine(tr("plot.test"), epochs, column(rows, &nn::EpochRow::test_metric), int(rows.size()), test_line(), kRowStride);
    markers();
    plot::EndPlot();
    keep_layout(c, "metric");
  }
  if (scheduled) lr_plot(c, lr_h);
}

// Colour legend under the view: the map from value to colour.
void draw_legend(Ctx& c, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float s = c.s;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  const float fs = f->FontSize;
  const nn::Dataset& d = *c.snap.data;
  const Rgb mid = palette().mid;
  const ImU32 dim = palette().text_dim;
  if (d.dims == 1 && d.task == nn::Task::regression) {
    // The 1-D view has no colours to explain: its legend names the curve and the points.
    dl->AddLine(ImVec2(p.x, p.y + fs * 0.5f + 1), ImVec2(p.x + 14 * s, p.y + fs * 0.5f + 1), to_u32(kOrange), 2.5f * s);
    dl->AddText(f, fs, ImVec2(p.x + 18 * s, p.y), dim, tr("output.legend_network"));
    const float x2 = p.x + 24 * s + f->CalcTextSizeA(fs, FLT_MAX, 0, tr("output.legend_network")).x;
    dl->AddCircleFilled(ImVec2(x2 + 4 * s, p.y + fs * 0.5f + 1), 3.5f * s, palette().text);
    dl->AddText(f, fs, ImVec2(x2 + 11 * s, p.y), dim, tr("output.legend_points"));
    mark_rect(c.ui, "legend_1d", p, ImVec2(x2 + 11 * s + f->CalcTextSizeA(fs, FLT_MAX, 0, tr("output.legend_points")).x, p.y + fs));
  } else if (d.task == nn::Task::classification && d.classes > 2) {
    // Every class when they fit (closer together if need be), else as many as fit and "…".
    const int n = std::min(d.classes, 16);
    const float digit = f->CalcTextSizeA(fs, FLT_MAX, 0, "0").x;
    float gap = 10 * s;
    auto item_w = [&](int k) { return 12 * s + digit * (k >= 10 ? 2.0f : 1.0f) + gap; };
    float total = 0;
    for (int k = 0; k < n; ++k) total += item_w(k);
    if (total > width) {
      gap = 4 * s;
      total = 0;
      for (int k = 0; k < n; ++k) total += item_w(k);
    }
    const float ellipsis_w = f->CalcTextSizeA(fs, FLT_MAX, 0, "…").x + 2 * s;
    float x = p.x;
    for (int k = 0; k < n; ++k) {
      if (total > width && x + item_w(k) > p.x + width - ellipsis_w) {
        dl->AddText(f, fs, ImVec2(x, p.y), dim, "…");
        break;
      }
      dl->AddCircleFilled(ImVec2(x + 5 * s, p.y + fs * 0.5f + 1), 4.5f * s, class_color(k));
      char t[16];
      std::snprintf(t, sizeof t, "%d", k);
      dl->AddText(f, fs, ImVec2(x + 12 * s, p.y), dim, t);
      x += item_w(k);
    }
  } else {
    const bool regression = d.task == nn::Task::regression;
    char lo[24], hi[24];
    if (regression) {
      const float r = regression_range(d);
      std::snprintf(lo, sizeof lo, "%.3g", -r);
      std::snprintf(hi, sizeof hi, "%.3g", r);
    } else {
      std::snprintf(lo, sizeof lo, "%d", 0);
      std::snprintf(hi, sizeof hi, "%d", 1);
    }
    const float lo_w = f->CalcTextSizeA(fs, FLT_MAX, 0, lo).x, hi_w = f->CalcTextSizeA(fs, FLT_MAX, 0, hi).x;
    const float bar_w = width - lo_w - hi_w - 12 * s, bar_h = 8 * s;
    const ImVec2 a(p.x + lo_w + 5 * s, p.y + (fs - bar_h) * 0.5f + 1);
    const ImU32 blue = to_u32(kBlue), orange = to_u32(kOrange), m = to_u32(mid);
    dl->AddRectFilledMultiColor(a, ImVec2(a.x + bar_w * 0.5f, a.y + bar_h), blue, m, m, blue);
    dl->AddRectFilledMultiColor(ImVec2(a.x + bar_w * 0.5f, a.y), ImVec2(a.x + bar_w, a.y + bar_h), m, orange, orange, m);
    dl->AddText(f, fs, ImVec2(p.x, p.y), dim, lo);
    dl->AddText(f, fs, ImVec2(a.x + bar_w + 5 * s, p.y), dim, hi);
  }
  ImGui::Dummy(ImVec2(width, fs + 2));
}


// =============================================================================================
// [SECTION] the panel
// =============================================================================================

// The losses right of the panel's title.
void loss_text(Ctx& c, const nn::EpochRow& last) {
  // Shorter where the column is narrow (a projector's scale): the numbers always show.
  const float right = ImGui::GetContentRegionMax().x;  // (a scrollbar, when shown, is not room)
  const float room = right - ImGui::GetCursorPosX() - ImGui::CalcTextSize((std::string(tr("output.title")) + "  ").c_str()).x;
  const std::string test = fmt_num(last.test_loss), train = fmt_num(last.train_loss);
  std::string t = formatted(tr("output.losses_long"), test.c_str(), train.c_str());
  if (ImGui::CalcTextSize(t.c_str()).x > room) t = formatted(tr("output.losses_mid"), test.c_str(), train.c_str());
  if (ImGui::CalcTextSize(t.c_str()).x > room) t = formatted(tr("output.test_train"), test.c_str(), train.c_str());
  if (ImGui::CalcTextSize(t.c_str()).x > room) {  // under the title, then
    ImGui::TextUnformatted(t.c_str());
    mark(c.ui, "loss_text");
    return;
  }
  ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - ImGui::CalcTextSize(t.c_str()).x));
  ImGui::TextUnformatted(t.c_str());
  mark(c.ui, "loss_text");
}

// Where the view goes: a square that fits the column, with room for tick labels on the left
// and below; for 1-D data its y axis fitted to the values.
Mapping view_mapping(Ctx& c, ImVec2 size, ImVec2 cur, float label_w, float below, bool one_d) {
  const float s = c.s;
  const float avail_w = ImGui::GetContentRegionAvail().x - label_w;
  // Never under 240 px (or the column's width): on the smallest window at the largest scale
  // the rows under the view scroll instead.
  const float side = std::floor(std::max(std::min(240.0f, avail_w), std::min({avail_w, size.y * 0.5f, size.y - below})));
  Mapping m;
  m.min = ImVec2(std::floor(cur.x + label_w), std::floor(cur.y + 4 * s));
  m.max = ImVec2(m.min.x + side, m.min.y + side);
  m.v = c.ui.view;
  if (one_d) {  // y axis is the value: fit it to the data
    double lo = -1, hi = 1;
    for (const auto& p : c.snap.data->points) {
      lo = std::min(lo, p.y);
      hi = std::max(hi, p.y);
    }
    const double pad = (hi - lo) * 0.08;
    m.v.y0 = lo - pad;
    m.v.y1 = hi + pad;
  }
  return m;
}

// The field (or the 1-D curve) and the points, with the axes.
void draw_view(Ctx& c, const Mapping& m, bool one_d, bool showing_node) {
  const float s = c.s;
  const nn::Snapshot& snap = c.snap;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (one_d) {
    dl->AddRectFilled(m.min, m.max, to_u32(palette().mid));
    draw_axes(m, s, true, "y");
    draw_curve(c, m);
    draw_points(dl, c, m, *snap.data, one_d);
  } else {
    const unsigned tex = c.boundary.texture(snap, m.v, c.ui.hover_node, c.ui.discretize,
                                            c.settings.dark, snap.playing, c.time);
    // The field and its points change together, when the field is re-rendered (rate-limited
    // while training) or the data or the view change: one cached, opaque layer instead of a
    // thousand point sprites a frame (cached_drawing.h).
    uint64_t key = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { key = (key ^ v) * 1099511628211ULL; };
    const bool finite = snap.params.allFinite();
    mix(tex);
    mix(finite);
    mix(uint64_t(uintptr_t(snap.data.get())));
    mix(showing_node);
    mix(c.ui.show_test);
    mix(palette().dark);
    mix(uint64_t(std::lround(s * 1000)));
    for (double x : {m.v.x0, m.v.x1, m.v.y0, m.v.y1}) mix(std::hash<double>{}(x));
    if (ImDrawList* l = c.view_layer.begin(m.min, m.max, key, uint64_t(c.boundary.renders()), c.time,
                                           palette().panel)) {
      if (finite) l->AddImage((ImTextureID)(intptr_t)tex, m.min, m.max, ImVec2(0, 1), ImVec2(1, 0));
      else draw_diverged(l, m.min, m.max, s);
      if (!showing_node && finite) draw_points(l, c, m, *snap.data, one_d);
      c.view_layer.end();
    }
    c.view_layer.draw(dl);
    draw_axes(m, s, true, "x\xe2\x82\x82");
  }
}

// What the view shows when it is a node's, not the network's output.
void node_caption(Ctx& c, const Mapping& m) {
  const float s = c.s;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const NodeRef n = c.ui.hover_node;
  char t[96];
  if (n.layer == kFeatureLayer) std::snprintf(t, sizeof t, tr("output.node_feature"), nn::kFeatures[n.unit].label);
  else if (n.layer == c.snap.arch.layers() - 1) std::snprintf(t, sizeof t, tr("output.node_output"), n.unit);
  else std::snprintf(t, sizeof t, tr("output.node_neuron"), n.layer + 1, n.unit + 1);
  const ImVec2 ts = ImGui::CalcTextSize(t);
  dl->AddRectFilled(ImVec2(m.min.x + 6 * s, m.min.y + 6 * s), ImVec2(m.min.x + 14 * s + ts.x, m.min.y + 10 * s + ts.y),
                    palette().dark ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200), 4 * s);
  dl->AddText(ImVec2(m.min.x + 10 * s, m.min.y + 8 * s), palette().text, t);
}

// Ctrl+click a training point: the inspector opens on it; the inspected point is ringed.
void inspect_in_view(Ctx& c, const Mapping& m, bool hovered, bool one_d) {
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.KeyCtrl && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    double x1, x2;
    m.to_plane(io.MousePos, &x1, &x2);
    const int i = nearest_training_point(c.snap, x1, x2, 10.0 * c.s / m.px_per_unit(), one_d);
    if (i >= 0) inspect_point(c, i);
  }
  if (const nn::Point* p = c.ui.inside.inspector_open ? training_point(c.snap, c.ui.inside.index) : nullptr) {
    const ImVec2 q = m.to_screen(p->x1, one_d ? p->y : p->x2);
    ImGui::GetWindowDrawList()->AddCircle(q, 8 * c.s, palette().dark ? IM_COL32_WHITE : IM_COL32_BLACK, 20, 2.5f * c.s);
  }
}

// A way back to the whole plane.
void fit_button(Ctx& c, const Mapping& m) {
  const float s = c.s;
  if (c.ui.view == ViewRect{}) return;
  const ImVec2 bp(m.max.x - 46 * s, m.min.y + 6 * s);
  ImGui::SetCursorScreenPos(bp);
  if (ImGui::SmallButton(label("output.fit", "view_fit").c_str())) c.ui.view = ViewRect{};
  mark(c.ui, "view_fit");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("output.fit.tip"));
}

// The read-out under the pointer: the network's output there (a CPU forward pass of one point).
void probe_tooltip(Ctx& c, const Mapping& m, bool one_d) {
  const nn::Snapshot& snap = c.snap;
  if (ImGui::IsAnyMouseDown() || snap.params.size() != snap.arch.parameter_count()) return;
  double x1, x2;
  m.to_plane(ImGui::GetIO().MousePos, &x1, &x2);
  FieldEvaluator& probe = c.ui.output_scratch.probe;
  Eigen::MatrixXf& X = c.ui.output_scratch.probe_x;
  X.resize(Eigen::Index(snap.experiment->features.size()), 1);
  features_at(snap.experiment->features, x1, one_d ? 0.0 : x2, X.data());
  probe.set(snap.arch, snap.params);
  probe.forward(X);
  ImGui::BeginTooltip();
  if (one_d) ImGui::Text("x\xe2\x82\x81 %.2f", x1);
  else ImGui::Text("x\xe2\x82\x81 %.2f   x\xe2\x82\x82 %.2f", x1, x2);
  if (snap.arch.outputs == 1) {
    ImGui::Text(tr("output.probe_output"), probe.output(0, 0));
  } else {
    int best = 0;
    for (int k = 1; k < snap.arch.outputs; ++k)
      if (probe.output(k, 0) > probe.output(best, 0)) best = k;
    ImGui::Text(tr("output.probe_class"), best, probe.output(best, 0));
  }
  if (c.ui.paint_enabled) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (snap.data->task == nn::Task::classification && snap.data->classes <= 2)
      ImGui::TextUnformatted(tr("output.paint_two"));
    else ImGui::TextUnformatted(tr("output.paint_one"));
    ImGui::PopStyleColor();
  }
  ImGui::EndTooltip();
}

// The rows under the view: the legend with the two check boxes, the metric with "log y" —
// side by side where the column is wide enough, else one under another (a projector's scale).
struct UnderRows {
  bool boxes_beside_legend = true, discretize_beside = true, log_beside = true;
  int count() const { return 2 + !boxes_beside_legend + !discretize_beside + !log_beside; }
};
// A check box's width with its label in the current language (`key` in the strings tables).
float check_box_width(const char* key) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr(key)).x;
}
UnderRows under_rows(float avail, float s) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float boxes = check_box_width("output.test_data") + gap + check_box_width("output.discretize");
  UnderRows r;
  r.boxes_beside_legend = avail - boxes - 10 * s >= 40 * s;
  r.discretize_beside = r.boxes_beside_legend || avail >= boxes;
  r.log_beside = avail >= ImGui::CalcTextSize(formatted(tr("output.test_train"), "100.0%", "100.0%").c_str()).x + gap +
                              check_box_width("output.log_y");
  return r;
}

// Under the view: legend and toggles on one row, the metric and the log toggle on the next.
void under_view(Ctx& c, const nn::EpochRow& last, ImVec2 cur, const Mapping& m, float font_size) {
  const float s = c.s;
  const bool regression = c.snap.data && c.snap.data->task == nn::Task::regression;
  const float side = m.max.x - m.min.x;
  ImGui::SetCursorScreenPos(ImVec2(cur.x, m.max.y + font_size + 12 * s));
  const float row_y = ImGui::GetCursorScreenPos().y;
  // The legend takes what the two check boxes leave (under_rows: or they go under it).
  const ImGuiStyle& st = ImGui::GetStyle();
  const float boxes_w = check_box_width("output.test_data") + st.ItemSpacing.x + check_box_width("output.discretize");
  const float avail = ImGui::GetContentRegionAvail().x;
  const UnderRows rows = under_rows(avail, s);
  const float legend_w = std::min(side * 0.42f, avail - boxes_w - 10 * s);
  draw_legend(c, rows.boxes_beside_legend ? legend_w : std::min(side, avail));
  if (rows.boxes_beside_legend) ImGui::SetCursorScreenPos(ImVec2(cur.x + legend_w + 10 * s, row_y - 3 * s));
  ImGui::Checkbox(label("output.test_data", "show_test").c_str(), &c.ui.show_test);
  mark(c.ui, "show_test");
  if (rows.discretize_beside) ImGui::SameLine();
  ImGui::Checkbox(label("output.discretize", "discretize").c_str(), &c.ui.discretize);
  mark(c.ui, "discretize");
  ImGui::BeginGroup();
  metric_line(regression ? "R²" : tr("output.accuracy"), last.test_metric, last.train_metric, !regression,
              avail - (rows.log_beside ? check_box_width("output.log_y") + st.ItemSpacing.x : 0.0f));
  ImGui::EndGroup();
  mark(c.ui, "metric_text");
  // "log y" at the right end of the metric's row, or under it.
  if (rows.log_beside) {
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - check_box_width("output.log_y")));
  }
  ImGui::Checkbox(label("output.log_y", "log_y").c_str(), &c.ui.log_y);
  mark(c.ui, "log_y");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("output.log_y.tip"));
}

}  // namespace

void show_output_panel(Ctx& c, ImVec2 pos, ImVec2 size) {
  begin_panel("Output", pos, size, 0, true);  // scrolls only when the view and its rows do not fit
  c.ui.plot_hover_epoch = -1.0;  // set by draw_plots when the loss plot is hovered
  const float s = c.s;
  const nn::Snapshot& snap = c.snap;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x, pos.y + size.y), palette().line);

  panel_title(tr("output.title"));
  // The metrics of the weights and data shown now (current after every edit and single step).
  const nn::EpochRow last = snap.metrics;
  loss_text(c, last);
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  const float label_w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, "-0.0").x + 10 * s;
  // Below the view: tick labels, the legend row, the metric row and the plots. The plots get
  // up to 200 px (scaled) while the view keeps kMinView; below that they give way (the numbers
  // stay in the rows above them) — a view too small to read is no lesson.
  constexpr float kMinView = 240.0f;
  const ImVec2 cur = ImGui::GetCursorScreenPos();
  const float rows_below = f->FontSize + float(1 + under_rows(ImGui::GetContentRegionAvail().x, s).count()) *
                                              ImGui::GetFrameHeightWithSpacing();
  const float room = pos.y + size.y - cur.y - rows_below - kMinView;
  const float below = rows_below + std::clamp(room, 0.0f, std::max(60.0f * s, std::min(200.0f * s, 0.3f * size.y)));
  const bool one_d = snap.data && snap.data->dims == 1;
  const Mapping m = view_mapping(c, size, cur, label_w, below, one_d);
  const float side = m.max.x - m.min.x;

  ImGui::SetCursorScreenPos(m.min);
  // The "fit" button is drawn over the view, after it: the view lets items on top take the
  // pointer (else the button could never be hovered, and a click on it painted a point).
  ImGui::InvisibleButton("##view", ImVec2(side, side),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle | ImGuiButtonFlags_AllowItemOverlap);
  ImGui::SetItemAllowOverlap();
  mark(c.ui, "output_view");
  const bool hovered = ImGui::IsItemHovered();

  const bool showing_node = c.ui.hover_node.valid() && !one_d;
  draw_view(c, m, one_d, showing_node);
  dl->AddRect(m.min, m.max, palette().line);
  zoom_pan(c, m, hovered);
  paint(c, m, one_d);
  if (showing_node) node_caption(c, m);
  inspect_in_view(c, m, hovered, one_d);
  fit_button(c, m);
  if (hovered) probe_tooltip(c, m, one_d);
  under_view(c, last, cur, m, f->FontSize);
  // Less the spacing between the two plots: they fill the column exactly (no scrollbar).
  const float rest = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
  if (rest > 60 * s) draw_plots(c, rest);
  end_panel();
}

}  // namespace descent::gui
