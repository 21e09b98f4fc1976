// app/gui/panels/neuron_detail.cpp — what the network canvas shows of the inside, per link and
// per neuron:
//   * links "weights | gradients": with gradients, a link's width and colour show |∂L/∂w| of the
//     last step (the snapshot's grads) on one log scale for the whole network — four decades
//     below the largest gradient a link is at its thinnest — so a gradient vanishing layer by
//     layer reads as links thinning from the output back; the colour is the direction the step
//     moves the weight (−∂L/∂w: orange up, blue down);
//   * a dead unit (ReLU, zero on every sampled point) greyed and crossed; a saturated one
//     (sigmoid/tanh on a flat tail, nn/layer_stats.h's rule) outlined red; the inspector's stage
//     outlined in its colour;
//   * the tooltip of a neuron: its activation's histogram over the training points, and its
//     incoming weights with their gradients.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/field.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {
// Decades of |∂L/∂w| below the network's largest that still get a visible width.
constexpr float kGradientDecades = 4.0f;
// The link value (in the weight's units, link_width's scale) of the largest gradient.
constexpr float kGradientFull = 5.0f;
// Bins of the activation histogram; rows of incoming weights listed.
constexpr int kBins = 24;
constexpr int kShownInputs = 10;
constexpr double kHistPeriod = 0.25;  // s between recomputations while the weights move

// The activation of (layer, unit) over the training points, binned, when due.
void update_histogram(Ctx& c, int layer, int unit) {
  InsideState& in = c.ui.inside;
  const nn::Snapshot& s = c.snap;
  const bool same = in.hist_layer == layer && in.hist_unit == unit;
  if (same && (in.hist_params == s.params_version || c.time - in.hist_time < kHistPeriod)) return;
  if (!s.data || !s.experiment || s.params.size() != s.arch.parameter_count() || !s.params.allFinite()) return;
  in.hist_layer = layer, in.hist_unit = unit, in.hist_params = s.params_version, in.hist_time = c.time;
  const auto& feats = s.experiment->features;
  const int n = int(s.data->train_count());
  in.hist_x.resize(Eigen::Index(feats.size()), n);
  int j = 0;
  for (const nn::Point& p : s.data->points)
    if (!p.test) features_at(feats, p.x1, p.x2, in.hist_x.col(j++).data());
  in.histogram.assign(kBins, 0);
  if (n == 0) return;
  in.hist_eval.set(s.arch, s.params);
  in.hist_eval.forward(in.hist_x);
  float lo = INFINITY, hi = -INFINITY;
  for (int k = 0; k < n; ++k) lo = std::min(lo, in.hist_eval.value(layer, unit, k)), hi = std::max(hi, in.hist_eval.value(layer, unit, k));
  if (!(hi > lo)) hi = lo + 1e-6f;
  in.hist_lo = lo, in.hist_hi = hi;
  for (int k = 0; k < n; ++k)
    ++in.histogram[size_t(std::clamp(int((in.hist_eval.value(layer, unit, k) - lo) / (hi - lo) * kBins), 0, kBins - 1))];
}

void histogram_plot(Ctx& c) {
  const InsideState& in = c.ui.inside;
  float bins[kBins];
  float top = 1;
  for (int b = 0; b < kBins; ++b) bins[b] = float(in.histogram.size() == size_t(kBins) ? in.histogram[size_t(b)] : 0), top = std::max(top, bins[b]);
  ImGui::TextDisabled(tr("neuron.histogram"), c.snap.data ? int(c.snap.data->train_count()) : 0);
  ImGui::PlotHistogram("##hist", bins, kBins, 0, nullptr, 0.0f, top, ImVec2(260 * c.s, 56 * c.s));
  ImGui::TextDisabled(tr("neuron.range"), fmt_num(in.hist_lo).c_str(), fmt_num(in.hist_hi).c_str());
}

// A row per incoming weight: from where, w, ∂L/∂w of the last step.
void incoming(Ctx& c, int layer, int unit) {
  const nn::Snapshot& s = c.snap;
  const nn::Architecture& a = s.arch;
  const int in_n = a.fan_in(layer);
  if (!ImGui::BeginTable("##in", 3, ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn(tr("neuron.from"));
  ImGui::TableSetupColumn("w");
  ImGui::TableSetupColumn("∂L/∂w");
  ImGui::TableHeadersRow();
  for (int col = 0; col < in_n && col < kShownInputs; ++col) {
    const Eigen::Index i = a.w_index(layer, unit, col);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (layer == 0 && size_t(col) < s.experiment->features.size())
      ImGui::TextUnformatted(nn::kFeatures[size_t(s.experiment->features[size_t(col)])].label);
    else ImGui::Text("L%d·%d", layer, col + 1);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fmt_num(s.params(i), 3).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(i < s.grads.size() ? fmt_num(s.grads(i), 3).c_str() : "–");
  }
  ImGui::EndTable();
  if (in_n > kShownInputs) ImGui::TextDisabled(tr("neuron.inputs_in_all"), in_n);
}

nn::UnitState state_of(const Ctx& c, int layer, int unit) {
  const auto& ls = c.snap.layers;
  if (size_t(layer) >= ls.size() || size_t(unit) >= ls[size_t(layer)].units.size()) return nn::UnitState::ok;
  return ls[size_t(layer)].units[size_t(unit)];
}

}  // namespace

float link_mode_toggle_width(const Ctx& c) {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize(tr("network.links_weights")).x + ImGui::CalcTextSize(tr("network.links_gradients")).x + 4 * st.FramePadding.x + 2 * c.s;
}

float link_mode_toggle(Ctx& c, ImVec2 right_top) {
  InsideState& in = c.ui.inside;
  const char* a = tr("network.links_weights"), *b = tr("network.links_gradients");
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(a).x + ImGui::CalcTextSize(b).x + 4 * st.FramePadding.x + 2 * c.s;
  ImGui::SetCursorScreenPos(ImVec2(right_top.x - w, right_top.y));
  for (int i = 0; i < 2; ++i) {
    if (i) ImGui::SameLine(0, 2 * c.s);
    const bool on = in.link_gradients == (i == 1);
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::SmallButton(label(i ? "network.links_gradients" : "network.links_weights",
                                 i ? "links_gradients" : "links_weights").c_str()))
      in.link_gradients = i == 1;
    if (on) ImGui::PopStyleColor();
    mark(c.ui, i ? "links_gradients" : "links_weights");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr(i ? "network.links_gradients.tip" : "network.links_weights.tip"));
  }
  return right_top.x - w;
}

float link_value(const Ctx& c, int layer, int row, int col, float w) {
  const InsideState& in = c.ui.inside;
  const nn::Snapshot& s = c.snap;
  if (!in.link_gradients || s.grads.size() != s.params.size()) return w;
  const float g = s.grads(s.arch.w_index(layer, row, col));
  const float top = in.grad_max;
  if (!(top > 0.0f) || !std::isfinite(g) || g == 0.0f) return 0.0f;
  const float t = std::clamp(1.0f + std::log10(std::fabs(g) / top) / kGradientDecades, 0.0f, 1.0f);
  return (g > 0 ? -1.0f : 1.0f) * t * kGradientFull;
}

void prepare_link_values(Ctx& c) {
  InsideState& in = c.ui.inside;
  const nn::Snapshot& s = c.snap;
  in.grad_max = 0.0f;
  if (!in.link_gradients || s.grads.size() != s.params.size()) return;
  for (int l = 0; l < s.arch.layers(); ++l) {
    const Eigen::Map<const Eigen::VectorXf> g(s.grads.data() + s.arch.w_offset(l), Eigen::Index(s.arch.fan_in(l)) * s.arch.fan_out(l));
    if (g.size() > 0) in.grad_max = std::max(in.grad_max, g.cwiseAbs().maxCoeff());
  }
  if (!std::isfinite(in.grad_max)) in.grad_max = 0.0f;
}

uint64_t link_mode_key(const Ctx& c) { return c.ui.inside.link_gradients ? 0x9e3779b97f4a7c15ULL : 0; }

void unit_mark(Ctx& c, int layer, int unit, ImVec2 centre, float side) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = side * 0.5f, s = c.s;
  const ImVec2 a(centre.x - h, centre.y - h), b(centre.x + h, centre.y + h);
  const nn::UnitState st = state_of(c, layer, unit);
  if (st == nn::UnitState::dead) {
    dl->AddRectFilled(a, b, palette().dark ? IM_COL32(20, 20, 20, 150) : IM_COL32(255, 255, 255, 150));
    dl->AddLine(a, b, palette().danger, 1.5f * s);
    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), palette().danger, 1.5f * s);
  } else if (st == nn::UnitState::saturated) {
    dl->AddRect(ImVec2(a.x - 1 * s, a.y - 1 * s), ImVec2(b.x + 1 * s, b.y + 1 * s), palette().danger, 0, 0, 2.0f * s);
  }
  if (const ImU32 col = stage_highlight(c, layer, false))
    dl->AddRect(ImVec2(a.x - 3 * s, a.y - 3 * s), ImVec2(b.x + 3 * s, b.y + 3 * s), col, 3 * s, 0, 3.0f * s);
}

void neuron_tooltip(Ctx& c, int layer, int unit) {
  const nn::Architecture& a = c.snap.arch;
  const bool output = layer == a.layers() - 1;
  update_histogram(c, layer, unit);
  ImGui::BeginTooltip();
  if (output) ImGui::Text(tr("neuron.output_title"), unit, nn::name(a.output));
  else ImGui::Text(tr("neuron.hidden_title"), layer + 1, unit + 1, nn::name(a.activations[size_t(layer)]));
  ImGui::TextDisabled(tr("neuron.bias"), c.snap.params(a.b_index(layer, unit)));
  const nn::UnitState st = state_of(c, layer, unit);
  if (st == nn::UnitState::dead)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), "%s", tr("neuron.dead"));
  if (st == nn::UnitState::saturated)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), tr("neuron.saturated"));
  histogram_plot(c);
  incoming(c, layer, unit);
  ImGui::EndTooltip();
}

}  // namespace descent::gui
