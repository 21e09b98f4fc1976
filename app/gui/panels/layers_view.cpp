// app/gui/panels/layers_view.cpp — the plots' tabs and two views of the layers over training,
// both read from the snapshot's layer history (nn/layer_stats.h: bounded, decimated as the loss
// history is):
//   * the Layers plot: one line per weight layer (first layer light, output dark), switchable
//     between ‖∂L/∂W‖ (log y), ‖ΔW‖/‖W‖ per step (log y, the ~1e-3 band shaded) and ‖W‖.
//     On vanishing-gradients the lines fan out by orders of magnitude from the output back;
//   * the distributions: z, a or δ of a layer as TensorBoard's percentile bands (0–100, 7–93,
//     16–84, 31–69 %, and the median) against epochs, for one layer or every layer stacked;
//     the saturated zones of sigmoid/tanh shaded red, and a layer's dead and saturated shares
//     in its caption.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/formatted.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/plot.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// Viridis at nine stops (perceptually even, readable on both themes): the first layer takes the
// light end, the output layer the dark one, so depth reads as a gradient in every view.
constexpr std::array<Rgb, 9> kDepth{{{0.993f, 0.906f, 0.144f}, {0.741f, 0.873f, 0.150f}, {0.478f, 0.821f, 0.318f},
                                     {0.267f, 0.749f, 0.441f}, {0.135f, 0.659f, 0.518f}, {0.128f, 0.567f, 0.551f},
                                     {0.164f, 0.471f, 0.558f}, {0.232f, 0.318f, 0.545f}, {0.267f, 0.005f, 0.329f}}};

// Legend labels: "L1"… for hidden layers, "out" (in the UI's language) for the last.
constexpr std::array<const char*, 16> kLayerLabels{"L1", "L2", "L3", "L4",  "L5",  "L6",  "L7",  "L8",
                                                   "L9", "L10", "L11", "L12", "L13", "L14", "L15", "L16"};
const char* layer_label(int l, int L) { return l == L - 1 ? tr("layers.out") : kLayerLabels[std::min<size_t>(l, 15)]; }

struct MetricRow {
  LayerMetric id;
  const char* name;   // state dump
  const char* label;  // radio button (a key of the strings tables)
  const char* axis;   // y axis
  bool log;
  const char* tip;    // a key of the strings tables
};
constexpr std::array<MetricRow, 3> kMetrics{{
    {LayerMetric::grad_norm, "grad_norm", "layers.gradient", "‖∂L/∂W‖", true, "layers.gradient.tip"},
    {LayerMetric::update_ratio, "update_ratio", "layers.update_ratio", "‖ΔW‖/‖W‖", true, "layers.update_ratio.tip"},
    {LayerMetric::weight_norm, "weight_norm", "layers.weight", "‖W‖", false, "layers.weight.tip"},
}};

double metric_of(const nn::LayerStats& s, LayerMetric m) {
  switch (m) {
    case LayerMetric::grad_norm: return s.grad_norm;
    case LayerMetric::update_ratio: return s.update_ratio;
    case LayerMetric::weight_norm: return s.weight_norm;
  }
  return nn::kNone;
}

// The sampled rows in epoch order, the latest included (it may fall between kept rows).
template <typename F>
void for_each_row(const nn::LayerHistory& lh, F&& f) {
  for (const auto& r : lh.rows()) f(*r);
  if (lh.last() && (lh.rows().empty() || lh.rows().back() != lh.last())) f(*lh.last());
}

int layer_count(const nn::LayerHistory& lh) { return lh.last() ? int(lh.last()->layers.size()) : 0; }

// The Layers plot's columns, rebuilt when the layer history or the metric changed.
void build_series(InsideState& in, const nn::LayerHistory& lh) {
  if (in.layers_key == &lh && in.layers_metric == in.metric) return;
  in.layers_key = &lh;
  in.layers_metric = in.metric;
  const int L = layer_count(lh);
  in.layer_epochs.clear();
  in.layer_values.resize(size_t(L));
  for (auto& v : in.layer_values) v.clear();
  for_each_row(lh, [&](const nn::LayerStatsRow& r) {
    in.layer_epochs.push_back(double(r.epoch));
    for (int l = 0; l < L; ++l)
      in.layer_values[size_t(l)].push_back(size_t(l) < r.layers.size() ? metric_of(r.layers[size_t(l)], in.metric) : nn::kNone);
  });
}

// Whether the latest row has a value a log axis can show.
bool any_positive(const InsideState& in) {
  for (const auto& v : in.layer_values)
    if (!v.empty() && v.back() > 0.0) return true;
  return false;
}

// A row of small toggle buttons; returns the index chosen (or `current`).
int toggle_row(Ctx& c, const char* const* labels, const char* const* marks, int n, int current) {
  int chosen = current;
  for (int i = 0; i < n; ++i) {
    if (i > 0) ImGui::SameLine(0, 2 * c.s);
    const bool on = i == current;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::SmallButton((std::string(labels[i]) + "###" + marks[i]).c_str())) chosen = i;  // an ID for any language
    if (on) ImGui::PopStyleColor();
    mark(c.ui, marks[i]);
  }
  return chosen;
}

void layers_plot(Ctx& c, float height) {
  InsideState& in = c.ui.inside;
  const char* labels[3], *marks[3] = {"metric_grad_norm", "metric_update_ratio", "metric_weight_norm"};
  for (int i = 0; i < 3; ++i) labels[i] = tr(kMetrics[size_t(i)].label);
  in.metric = LayerMetric(toggle_row(c, labels, marks, 3, int(in.metric)));
  const MetricRow& m = kMetrics[size_t(in.metric)];
  const float h = height - ImGui::GetFrameHeightWithSpacing();
  if (!c.snap.layer_history || h < 40 * c.s) return;
  const nn::LayerHistory& lh = *c.snap.layer_history;
  build_series(in, lh);
  if (plot::BeginPlot("##layers", ImVec2(-1, h), m.log ? plot::kLogY : plot::kNone)) {
    plot::SetupAxes(tr("plot.epoch"), "");  // (the legend takes the top row; the switch above names the metric)
    if (in.metric == LayerMetric::update_ratio)  // CS231n's rule of thumb: ~1e-3 per step
      plot::PlotHBand(3e-4, 3e-3, palette().dark ? IM_COL32(90, 200, 120, 40) : IM_COL32(40, 160, 80, 36), "~1e-3");
    const int L = int(in.layer_values.size()), n = int(in.layer_epochs.size());
    for (int l = 0; l < L; ++l)
      plot::PlotLine(layer_label(l, L), in.layer_epochs.data(), in.layer_values[size_t(l)].data(), n, layer_color(l, L),
                     int(sizeof(double)));
    plot::EndPlot();
    if (m.log && !in.layer_epochs.empty() && !any_positive(in)) {  // a log axis cannot show zeros
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      const char* t = tr("layers.no_motion");
      const ImVec2 ts = ImGui::CalcTextSize(t);
      ImGui::GetWindowDrawList()->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), palette().danger, t);
    }
  }
  mark(c.ui, "layers_plot");
  if (ImGui::IsItemHovered() && !ImGui::IsAnyMouseDown() && in.layer_epochs.empty())
    ImGui::SetTooltip("%s", tr(m.tip));
}

// --- distributions ---------------------------------------------------------------------------

const nn::Distribution& dist_of(const nn::LayerStats& s, int var) { return var == 0 ? s.z : var == 1 ? s.a : s.delta; }

// The saturated zones of a layer's activation, shaded on its a plot (nn/layer_stats.h's rule).
void saturation_bands(bool sigmoid, bool tanh) {
  const ImU32 red = palette().dark ? IM_COL32(230, 80, 70, 45) : IM_COL32(210, 50, 40, 34);
  const double m = nn::kSaturationMargin;
  if (sigmoid) {
    plot::PlotHBand(1 - m, 1.0, red);
    plot::PlotHBand(0.0, m, red);
  } else if (tanh) {
    plot::PlotHBand(1 - 2 * m, 1.0, red);
    plot::PlotHBand(-1.0, -1 + 2 * m, red);
  }
}

// One layer's bands against epochs: 0–100, 7–93, 16–84, 31–69 % darker inwards, the median.
void dist_plot(Ctx& c, int l, int L, float h, std::vector<double>& buf) {
  InsideState& in = c.ui.inside;
  const nn::LayerHistory& lh = *c.snap.layer_history;
  constexpr int kB = int(nn::kPercentiles.size());
  buf.clear();
  int n = 0;
  for_each_row(lh, [&](const nn::LayerStatsRow& r) { n += size_t(l) < r.layers.size() ? 1 : 0; });
  buf.resize(size_t(n) * (kB + 1));
  double* xs = buf.data();
  int i = 0;
  for_each_row(lh, [&](const nn::LayerStatsRow& r) {
    if (size_t(l) >= r.layers.size()) return;
    xs[i] = double(r.epoch);
    const auto& d = dist_of(r.layers[size_t(l)], in.dist_var);
    for (int b = 0; b < kB; ++b) buf[size_t(n) * (b + 1) + size_t(i)] = d.bands[size_t(b)];
    ++i;
  });
  auto band = [&](int b) { return buf.data() + size_t(n) * (b + 1); };
  const nn::LayerStats& last = lh.last()->layers[size_t(l)];
  char caption[96];
  std::snprintf(caption, sizeof caption, "%s %s%s", layer_label(l, L), dist_var_name(in.dist_var),
                l < L - 1 && size_t(l) < c.snap.arch.activations.size()
                    ? (std::string(" · ") + nn::name(c.snap.arch.activations[size_t(l)])).c_str() : "");
  std::string y = caption;
  if (last.dead_fraction > 0) y += formatted(tr("layers.dead"), int(std::lround(last.dead_fraction * 100)));
  if (last.saturated_fraction > 0) y += formatted(tr("layers.saturated"), int(std::lround(last.saturated_fraction * 100)));
  ImGui::PushID(l);
  if (plot::BeginPlot("##dist", ImVec2(-1, h), plot::kNoLegend)) {
    plot::SetupAxes(l == L - 1 || in.dist_layer >= 0 ? tr("plot.epoch") : "", y.c_str());
    const bool hidden = l < L - 1 && size_t(l) < c.snap.arch.activations.size();
    if (in.dist_var == 1) {
      const auto& a = c.snap.arch;
      saturation_bands(hidden ? a.activations[size_t(l)] == nn::Act::sigmoid : a.output == nn::OutAct::sigmoid,
                       hidden ? a.activations[size_t(l)] == nn::Act::tanh : a.output == nn::OutAct::tanh);
    }
    const ImU32 col = layer_color(l, L);
    for (int b = 0; b < kB / 2; ++b)
      plot::PlotShaded(xs, band(b), band(kB - 1 - b), n, (col & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 50 + 40 * b));
    plot::PlotLine(tr("layers.median"), xs, band(kB / 2), n, col, int(sizeof(double)), 0, 1.5f);
    plot::EndPlot();
  }
  ImGui::PopID();
  if (l == std::max(0, in.dist_layer)) mark(c.ui, "dist_plot");
}

void distributions(Ctx& c, float height) {
  InsideState& in = c.ui.inside;
  const char* vars[3] = {"z", "a", "δ"}, *marks[3] = {"dist_z", "dist_a", "dist_delta"};
  in.dist_var = toggle_row(c, vars, marks, 3, in.dist_var);
  if (!c.snap.layer_history || !c.snap.layer_history->last()) return;
  const int L = layer_count(*c.snap.layer_history);
  ImGui::SameLine(0, 12 * c.s);
  const char* lab[3] = {tr("layers.all"), "◂", "▸"}, *lm[3] = {"dist_all", "dist_prev", "dist_next"};
  const int pick = toggle_row(c, lab, lm, 3, in.dist_layer < 0 ? 0 : -1);
  if (pick == 0) in.dist_layer = -1;
  if (pick == 1) in.dist_layer = in.dist_layer < 0 ? L - 1 : std::max(0, in.dist_layer - 1);
  if (pick == 2) in.dist_layer = in.dist_layer < 0 ? 0 : std::min(L - 1, in.dist_layer + 1);
  in.dist_layer = std::min(in.dist_layer, L - 1);
  const float h = height - ImGui::GetFrameHeightWithSpacing();
  std::vector<double>& buf = in.dist_buffer;
  if (in.dist_layer >= 0) {
    dist_plot(c, in.dist_layer, L, h, buf);
    return;
  }
  // Every layer stacked, the first on top; scrolling when they do not fit at 64 px each.
  const float each = std::max(64.0f * c.s, h / float(std::max(1, L)));
  ImGui::BeginChild("##dists", ImVec2(-1, h), false);
  for (int l = 0; l < L; ++l) dist_plot(c, l, L, each - 2 * c.s, buf);
  ImGui::EndChild();
}

}  // namespace

ImU32 layer_color(int layer, int layers) {
  const float t = layers > 1 ? float(layer) / float(layers - 1) : 1.0f;
  const float x = t * float(kDepth.size() - 1);
  const int i = std::min(int(x), int(kDepth.size()) - 2);
  const float f = x - float(i);
  const Rgb& a = kDepth[size_t(i)], &b = kDepth[size_t(i) + 1];
  return to_u32(Rgb{a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f});
}

const char* metric_name(LayerMetric m) { return kMetrics[size_t(m)].name; }
const char* dist_var_name(int v) { return v == 0 ? "z" : v == 1 ? "a" : "delta"; }

float plot_tabs(Ctx& c, float height, bool* show_loss) {
  InsideState& in = c.ui.inside;
  const bool regression = c.snap.data && c.snap.data->task == nn::Task::regression;
  const char* labels[4] = {tr("tabs.loss"), tr("tabs.layers"), tr("tabs.distributions"),
                           regression ? tr("tabs.pred_actual") : tr("tabs.confusion")};
  const char* marks[4] = {"tab_loss", "tab_layers", "tab_distributions", "tab_confusion"};
  in.tab = PlotTab(toggle_row(c, labels, marks, 4, int(in.tab)));
  // "Inspect…" at the row's right end, or right-aligned on a line of its own when the tabs
  // leave it no room (presentation mode's 1.5× text in its narrower output column).
  const char* inspect = tr("tabs.inspect");
  const float inspect_w = ImGui::CalcTextSize(inspect).x + 2 * ImGui::GetStyle().FramePadding.x;
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  const bool own_line = ImGui::GetCursorPosX() + inspect_w > right;
  if (own_line) ImGui::NewLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - inspect_w));
  if (ImGui::SmallButton(inspect)) {
    in.inspector_open = !in.inspector_open || !in.inspector_focus;
    in.inspector_focus = in.inspector_open;
    if (in.inspector_open && in.index < 0) inspect_point(c, std::max(0, in.index_input));
  }
  mark(c.ui, "inspect_open");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("tabs.inspect.tip"));
  *show_loss = in.tab == PlotTab::loss;
  return height - ImGui::GetFrameHeightWithSpacing() - (own_line ? ImGui::GetTextLineHeightWithSpacing() : 0.0f);
}

void show_inside_plot(Ctx& c, float height) {
  switch (c.ui.inside.tab) {
    case PlotTab::layers: layers_plot(c, height); break;
    case PlotTab::distributions: distributions(c, height); break;
    case PlotTab::confusion: show_confusion(c, height); break;
    case PlotTab::loss: break;
  }
}

}  // namespace descent::gui
