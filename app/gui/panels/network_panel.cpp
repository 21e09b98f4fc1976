// app/gui/panels/network_panel.cpp — the network canvas: the network is drawn, and edited,
// here. Columns of nodes (input features, hidden layers, outputs), each node a live thumbnail
// of its output over the input plane; links with width ∝ |w| and colour by sign; +/− for
// layers and neurons; an activation per layer; click a feature to toggle it; hover a link or
// a bias to read it, click to edit it.
//
// Architecture edits send an edited copy of the experiment (trainer.apply): the engine keeps
// the weights of every neuron that still exists and initializes the new ones.
//
// [SECTION] geometry
// [SECTION] edits
// [SECTION] links
// [SECTION] headers
// [SECTION] nodes
// [SECTION] the panel
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/cached_drawing.h"
#include "gui/field.h"
#include "gui/formatted.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "gui/thumbnails.h"

namespace descent::gui {

namespace {

// =============================================================================================
// [SECTION] geometry
// =============================================================================================

// Where everything is this frame. Column 0 holds the input features (all of them, enabled or
// not), columns 1..H the hidden layers, column H+1 the outputs.
struct Geometry {
  std::vector<float> col_x;               // centre x of each column
  std::vector<std::vector<ImVec2>> pos;   // centre of each node, per column
  std::vector<int> feature_rows;          // column 0: kFeatures index of each node shown
  std::vector<float> col_side;            // node side in pixels, per column
  float side = 32.0f;                     // node side of the tallest column
  bool thumbs = true;                     // big enough for thumbnails (per node: side >= 14 s)
  std::vector<int> more;                  // per column: neurons not drawn (0: all are)
  std::vector<ImVec2> more_pos;           // where the "+N" marker goes
};

// A column draws at most kMaxShown slots: a wider layer draws its first kMaxShown − 1 neurons
// and "+N" in the last slot (256 nodes of 2 px tell nothing; every neuron still trains, and
// the output view shows any of the drawn ones).
constexpr int kMaxShown = 16;

Geometry layout(const nn::Architecture& a, bool one_d, ImVec2 min, ImVec2 max, float s) {
  Geometry g;
  for (int f = 0; f < int(nn::kFeatures.size()); ++f)
    if (!one_d || !nn::kFeatures[f].uses_x2) g.feature_rows.push_back(f);
  const int H = int(a.hidden.size());
  const int cols = H + 2;
  std::vector<int> counts(cols);
  counts[0] = int(g.feature_rows.size());
  for (int l = 0; l < H; ++l) counts[l + 1] = a.hidden[l];
  counts[H + 1] = a.outputs;
  std::vector<int> real = counts;
  for (int& n : counts) n = std::min(n, kMaxShown);
  const int most = *std::max_element(counts.begin(), counts.end());
  const float avail_h = max.y - min.y;
  // One node size for the whole picture (set by the tallest column), unless that makes the
  // small columns tiny: then each column gets its own, so a 7-feature column next to two
  // 24-neuron layers stays readable.
  const float max_pitch = 54.0f * s;
  auto pitch_of = [&](int n) { return std::min(max_pitch, avail_h / float(std::max(1, n))); };
  g.side = std::max(2.0f, std::min(38.0f * s, pitch_of(most) * 0.74f));
  g.thumbs = g.side >= 14.0f * s;
  g.col_x.resize(cols);
  const float left = min.x + 19.0f * s, right = max.x - 19.0f * s;
  for (int i = 0; i < cols; ++i) g.col_x[i] = left + (right - left) * float(i) / float(cols - 1);
  g.pos.resize(cols);
  g.col_side.resize(cols);
  const float span = pitch_of(most) * float(most);
  for (int i = 0; i < cols; ++i) {
    const float pitch = g.side >= 24.0f * s ? pitch_of(most) : pitch_of(counts[i]);
    g.col_side[i] = std::max(2.0f, std::min(38.0f * s, pitch * 0.74f));
    g.pos[i].resize(counts[i]);
    // Columns are centred on the middle of the tallest one, so small layers sit in the middle
    // of the picture, as in most drawings of networks.
    const float top = min.y + (std::max(span, pitch * float(counts[i])) - pitch * float(counts[i])) * 0.5f;
    for (int j = 0; j < counts[i]; ++j) g.pos[i][j] = ImVec2(g.col_x[i], top + pitch * (float(j) + 0.5f));
  }
  g.more.assign(cols, 0);
  g.more_pos.assign(cols, ImVec2());
  for (int i = 0; i < cols; ++i)
    if (real[i] > kMaxShown) {
      g.more[i] = real[i] - (kMaxShown - 1);
      g.more_pos[i] = g.pos[i].back();
      g.pos[i].pop_back();
    }
  return g;
}

// Which node of column 0 a feature of the experiment is drawn at (−1: not shown).
int feature_node(const Geometry& g, nn::Feature f) {
  for (int j = 0; j < int(g.feature_rows.size()); ++j)
    if (g.feature_rows[j] == int(f)) return j;
  return -1;
}

// =============================================================================================
// [SECTION] edits
// =============================================================================================

// An architecture edit: explicit initial weights no longer fit, so they are dropped (the
// engine keeps the current weights of every surviving neuron anyway).
void edit_network(Ctx& c, const std::function<void(nn::Experiment&)>& fn, const std::string& what) {
  edit_experiment(c, [&](nn::Experiment& e) {
    const nn::Experiment before = e;
    fn(e);
    if (!(e == before)) e.weights.reset();
  }, what);
}

void toggle_feature(Ctx& c, int row) {
  const nn::Feature f = nn::kFeatures[row].id;
  edit_network(c, [&](nn::Experiment& e) {
    auto it = std::find(e.features.begin(), e.features.end(), f);
    if (it != e.features.end()) {
      if (e.features.size() > 1) e.features.erase(it);
    } else {
      e.features.push_back(f);
      std::sort(e.features.begin(), e.features.end());  // Playground's order
    }
  }, formatted(tr("network.feature_toggled"), nn::kFeatures[row].label));
}

// =============================================================================================
// [SECTION] links
// =============================================================================================

using Link = UiState::NetworkLink;

void bezier_points(ImVec2 a, ImVec2 b, ImVec2* out, int n) {
  const float mx = (a.x + b.x) * 0.5f;
  const ImVec2 p1(mx, a.y), p2(mx, b.y);
  for (int i = 0; i <= n; ++i) {
    const float t = float(i) / float(n), u = 1 - t;
    const float w0 = u * u * u, w1 = 3 * u * u * t, w2 = 3 * u * t * t, w3 = t * t * t;
    out[i] = ImVec2(w0 * a.x + w1 * p1.x + w2 * p2.x + w3 * b.x, w0 * a.y + w1 * p1.y + w2 * p2.y + w3 * b.y);
  }
}

float seg_dist2(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0f;
  t = std::clamp(t, 0.0f, 1.0f);
  const float qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y;
  return qx * qx + qy * qy;
}

// Width ∝ |w| (Playground: 1 px at 0 to 10 px at |w| = 5), thinned where links are many.
float link_width(float w, float s, float density = 1.0f) {
  return std::clamp(0.6f + std::fabs(w) * 1.8f * density, 0.6f, 9.0f * density) * s;
}
ImU32 link_color(float w) {
  const float a = std::clamp(0.28f + std::fabs(w) * 0.35f, 0.28f, 0.9f);
  return sign_color(w, a);
}

// =============================================================================================
// [SECTION] headers
// =============================================================================================

constexpr float kHeaderButton = 22;  // a layer header's + and − (unscaled width)

bool small_button(const char* label, const char* id, float w) {
  ImGui::PushID(id);
  const bool r = ImGui::Button(label, ImVec2(w, 0));
  ImGui::PopID();
  return r;
}

void layer_header(Ctx& c, int l, float cx, float y, float colw) {
  const float s = c.s;
  const nn::Experiment& e = base_experiment(c);
  const int n = e.network.hidden[l];
  const float bw = kHeaderButton * s, gap = 4 * s;
  ImGui::PushID(l);
  ImGui::SetCursorScreenPos(ImVec2(cx - bw - gap * 0.5f, y));
  ImGui::BeginDisabled(n >= nn::kMaxLayerWidth);
  if (small_button("+", "add", bw))
    edit_network(c, [&](nn::Experiment& x) { x.network.hidden[l] = std::min(nn::kMaxLayerWidth, n + 1); },
                 formatted(tr("network.layer_neurons"), l + 1, n + 1));
  ImGui::EndDisabled();
  mark(c.ui, ("neuron_add_" + std::to_string(l)).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("network.add_neuron.tip"), l + 1);
  ImGui::SameLine(0, gap);
  ImGui::BeginDisabled(n <= 1);
  if (small_button("−", "remove", bw))
    edit_network(c, [&](nn::Experiment& x) { x.network.hidden[l] = std::max(1, n - 1); },
                 formatted(tr("network.layer_neurons"), l + 1, n - 1));
  ImGui::EndDisabled();
  mark(c.ui, ("neuron_remove_" + std::to_string(l)).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("network.remove_neuron.tip"), l + 1);

  char t[64];
  std::snprintf(t, sizeof t, n == 1 ? tr("network.neuron_count_one") : tr("network.neuron_count"), n);
  if (ImFont* f = font_small()) ImGui::PushFont(f);
  if (ImGui::CalcTextSize(t).x > colw) std::snprintf(t, sizeof t, "%d", n);  // the tooltip says what
  const ImVec2 ts = ImGui::CalcTextSize(t);
  ImGui::SetCursorScreenPos(ImVec2(cx - ts.x * 0.5f, y + ImGui::GetFrameHeight() + 3 * s + (font_small() ? 0.0f : 0.0f)));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", t);
  mark(c.ui, "neurons_" + std::to_string(l));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("network.layer_neurons"), l + 1, n);
  if (font_small()) ImGui::PopFont();
  const float w = std::min(colw, 112.0f * s);
  ImGui::SetCursorScreenPos(ImVec2(cx - w * 0.5f, y + ImGui::GetFrameHeight() + ts.y + 7 * s));
  activation_combo(c, "##act", l, w);
  ImGui::PopID();
}

// =============================================================================================
// [SECTION] nodes
// =============================================================================================

void draw_node(Ctx& c, float side, ImVec2 centre, int layer, int unit, bool enabled, bool hovered,
               bool output_node) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float s = c.s, h = side * 0.5f;
  const ImVec2 a(centre.x - h, centre.y - h), b(centre.x + h, centre.y + h);
  const float round = std::min(4.0f * s, h * 0.3f);
  ImVec2 uv0, uv1;
  const bool has = side >= 14.0f * s && c.thumbs.uv(layer, unit, &uv0, &uv1);
  if (has) {
    dl->AddImageRounded(c.thumbs.texture(), a, b, uv0, uv1, enabled ? IM_COL32_WHITE : IM_COL32(255, 255, 255, 70), round);
  } else {
    dl->AddRectFilled(a, b, to_u32(palette().mid, enabled ? 1.0f : 0.4f), round);
  }
  ImU32 border = enabled ? palette().node_border : to_u32(palette().mid);
  float thick = 1.0f * s;
  if (hovered) {
    border = palette().dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(30, 30, 30, 255);
    thick = 2.0f * s;
  }
  if (output_node) thick = std::max(thick, 1.5f * s);
  if (side >= 6.0f * s) dl->AddRect(a, b, border, round, 0, thick);
}

// =============================================================================================
// [SECTION] the panel
// =============================================================================================

// Hit-test results gathered while drawing, acted on after.
struct Hover {
  int layer = NodeRef::kNone, unit = 0;  // a node (kFeatureLayer: the feature column)
  int link = -1;                      // index into links
  int bias_layer = -1, bias_unit = 0; // a bias square
};

void open_editor(Ctx& c, int layer, int row, int col, double value) {
  c.ui.edit_layer = layer;
  c.ui.edit_row = row;
  c.ui.edit_col = col;
  c.ui.edit_value = value;
  c.ui.edit_open_request = true;
}

void parameter_editor(Ctx& c) {
  if (c.ui.edit_open_request) {
    ImGui::OpenPopup("##edit_param");
    c.ui.edit_open_request = false;
  }
  if (!ImGui::BeginPopup("##edit_param")) return;
  c.ui.edit_popup_open = true;
  const bool bias = c.ui.edit_col < 0;
  if (bias) ImGui::Text(tr("network.edit_bias"), c.ui.edit_layer + 1, c.ui.edit_row + 1);
  else ImGui::Text(tr("network.edit_weight"), c.ui.edit_layer + 1, c.ui.edit_row + 1, c.ui.edit_col + 1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(160 * c.s);
  ImGui::InputDouble("##value", &c.ui.edit_value, 0.1, 1.0, "%.4f");
  mark(c.ui, "param_value");
  // Enter sets the value even when it is unchanged (then it only closes), Escape closes; the
  // other shortcut keys (Space, S, R) are not part of a number and keep their meaning (app.cpp).
  const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
  const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  ImGui::SameLine();
  const bool set = ImGui::Button(tr("network.set"));
  mark(c.ui, "param_set");
  if (set || enter) {
    set_parameter(c, c.ui.edit_layer, c.ui.edit_row, c.ui.edit_col, c.ui.edit_value);
    set_status(c.ui, formatted(tr(bias ? "network.bias_set" : "network.weight_set"), c.ui.edit_value));
    ImGui::CloseCurrentPopup();
  } else if (escape) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("0")) c.ui.edit_value = 0.0;
  ImGui::EndPopup();
}

// What every step of the canvas shares this frame.
struct Canvas {
  Ctx& c;
  const nn::Experiment& e;   // base_experiment: what the headers and features show
  const nn::Architecture& a; // the snapshot's: what the weights describe
  ImVec2 pos, size;
  float s;
  ImDrawList* dl;
  Geometry g;
  float header_y = 0, header_h = 0;
  ImVec2 area_min, area_max;
  ImVec2 mouse;
  bool canvas_hovered = false;
  bool curves = true;  // links drawn as curves (few) or straight lines (many)
  bool fancy = true;   // links drawn at their width and hoverable
  Hover hov;
};

// The width a hidden layer's header and labels may take: the distance between columns, less
// a gap.
float column_room(const Canvas& v) {
  const int cols = int(v.g.col_x.size());
  return cols > 1 ? (v.g.col_x[1] - v.g.col_x[0]) - 10 * v.s : 120 * v.s;
}

// The narrowest the columns may be so that every header fits its column: the +/− buttons, the
// layer's size, its activation menu (without its arrow if need be), the column captions and
// the norms under them. Narrower than that, the canvas scrolls sideways.
float min_column_pitch(const nn::Experiment& e, float s) {
  ImFont* small = font_small() ? font_small() : ImGui::GetFont();
  const auto small_w = [&](const char* t) { return small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, t).x; };
  float w = 2 * kHeaderButton * s + 4 * s;
  for (const char* t : {tr("network.features"), tr("network.output"), "256", "1.2e+02"}) w = std::max(w, small_w(t));
  for (nn::Act a : e.network.activations)
    w = std::max(w, ImGui::CalcTextSize(nn::name(a)).x + 2 * ImGui::GetStyle().FramePadding.x);
  return w + 10 * s;
}

// The width the canvas needs for that (see place(): labels left of the features, margins).
float canvas_width_needed(const nn::Experiment& e, float s) {
  const int cols = int(e.network.hidden.size()) + 2;
  return 2 * ImGui::GetStyle().WindowPadding.x + (62 + 36 + 38) * s + min_column_pitch(e, s) * float(cols - 1);
}

// Title row: NETWORK, and +/− hidden layers in the middle.
void layer_buttons(Ctx& c, const nn::Experiment& e, ImVec2 pos, ImVec2 size) {
  const float s = c.s;
  const ImGuiStyle& st = ImGui::GetStyle();
  const int H = int(e.network.hidden.size());
  // Centred, but never over the panel's title on its left; shorter where the panel is narrow.
  const float title_end = pos.x + st.WindowPadding.x + ImGui::CalcTextSize(tr("network.title")).x + 12 * s;
  const float bw = 24 * s;
  char t[80];
  std::snprintf(t, sizeof t, H == 1 ? tr("network.hidden_layers_one") : tr("network.hidden_layers"), H);
  const float room = pos.x + size.x - st.WindowPadding.x - title_end - bw * 2 - st.ItemSpacing.x * 2;
  if (ImGui::CalcTextSize(t).x > room) std::snprintf(t, sizeof t, H == 1 ? tr("network.layers_one") : tr("network.layers"), H);
  if (ImGui::CalcTextSize(t).x > room) std::snprintf(t, sizeof t, "%d", H);
  const float tw = ImGui::CalcTextSize(t).x;
  const float total = bw * 2 + st.ItemSpacing.x * 2 + tw;
  const float x = std::max(title_end, pos.x + (size.x - total) * 0.5f);
  const float y = pos.y + st.WindowPadding.y - 2 * s;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  ImGui::BeginDisabled(H >= nn::kMaxHiddenLayers);
  if (small_button("+", "add_layer", bw))
    edit_network(c, [&](nn::Experiment& x) {
      const int w = x.network.hidden.empty() ? 4 : x.network.hidden.back();
      const nn::Act act = x.network.activations.empty() ? nn::Act::tanh : x.network.activations.back();
      x.network.hidden.push_back(w);
      x.network.activations.push_back(act);
    }, formatted(tr("network.layer_added"), H + 1));
  ImGui::EndDisabled();
  mark(c.ui, "layer_add");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("network.add_layer.tip"));
  ImGui::SameLine();
  ImGui::BeginDisabled(H == 0);
  if (small_button("−", "remove_layer", bw))
    edit_network(c, [&](nn::Experiment& x) {
      x.network.hidden.pop_back();
      x.network.activations.pop_back();
    }, formatted(tr("network.layer_removed"), H));
  ImGui::EndDisabled();
  mark(c.ui, "layer_remove");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("network.remove_layer.tip"));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(t);
  mark(c.ui, "hidden_layers_text");
}

// Where the columns go: headers on top, the node area under them, a row at the bottom for the
// output·loss combo and the weight norms (nodes stay above it).
void place(Canvas& v, bool one_d) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float s = v.s;
  v.header_y = v.pos.y + st.WindowPadding.y + ImGui::GetFrameHeight() + 10 * s;
  v.header_h = ImGui::GetFrameHeight() * 2 + (font_small() ? font_small()->FontSize : 13) + 16 * s;
  const float label_w = 62 * s;  // room for the feature labels left of column 0
  v.area_min = ImVec2(v.pos.x + st.WindowPadding.x + label_w, v.header_y + v.header_h + 8 * s);
  v.area_max = ImVec2(v.pos.x + v.size.x - st.WindowPadding.x - 36 * s,
                      v.pos.y + v.size.y - 40 * s - ImGui::GetFrameHeight());
  v.g = layout(v.a, one_d, v.area_min, v.area_max, s);
}

// A column's caption, centred at cx, its baseline just above the header's bottom.
void column_caption(const char* text, float cx, float header_bottom, float s) {
  if (ImFont* f = font_small()) ImGui::PushFont(f);
  ImGui::SetCursorScreenPos(ImVec2(cx - ImGui::CalcTextSize(text).x * 0.5f, header_bottom - ImGui::GetFontSize() - 2 * s));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", text);
  if (font_small()) ImGui::PopFont();
}

// FEATURES, each hidden layer's +/−, size and activation, OUTPUT.
void headers(Canvas& v, bool arch_consistent) {
  const float bottom = v.header_y + v.header_h;
  const int cols = int(v.g.col_x.size());
  const float colw = column_room(v);
  column_caption(tr("network.features"), v.g.col_x[0], bottom, v.s);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("network.features.tip"));
  if (arch_consistent)
    for (int l = 0; l < int(v.e.network.hidden.size()); ++l) layer_header(v.c, l, v.g.col_x[l + 1], v.header_y, colw);
  column_caption(tr("network.output"), v.g.col_x[cols - 1], bottom, v.s);
}

// Output activation and loss: under the output node(s), where there is room — just above the
// weight-norm line, where links never go. Drawn after the links (their opaque layer may reach
// under it).
void output_combo(Canvas& v) {
  const float s = v.s, w = 200 * s;
  const float right = v.pos.x + v.size.x - ImGui::GetStyle().WindowPadding.x;
  ImGui::SetCursorScreenPos(ImVec2(std::min(v.g.col_x.back() - w * 0.5f, right - w),
                                   v.pos.y + v.size.y - 34 * s - ImGui::GetFrameHeight()));
  output_loss_combo(v.c, "##outloss_canvas", w);
  mark(v.c.ui, "output_combo");
}

// Every weight as a link from its source's right edge to its target's left edge.
void build_links(Canvas& v, std::vector<Link>& links) {
  const nn::Architecture& a = v.a;
  const Geometry& g = v.g;
  links.clear();
  prepare_link_values(v.c);
  for (int l = 0; l < a.layers(); ++l) {
    const float hs = g.col_side[l] * 0.5f, ht = g.col_side[l + 1] * 0.5f;
    const int out = a.fan_out(l), in = a.fan_in(l);
    const float density = std::clamp(std::sqrt(48.0f / float(std::max(1, out * in))), 0.3f, 1.0f);
    for (int col = 0; col < in; ++col) {
      int src = col;
      if (l == 0) {
        src = col < int(v.e.features.size()) && v.e.features.size() == size_t(in) ? feature_node(g, v.e.features[col]) : -1;
        if (src < 0) continue;
      }
      if (src >= int(g.pos[l].size())) continue;  // a neuron not drawn (a summarized layer)
      const ImVec2 pa = g.pos[l][src];
      for (int row = 0; row < std::min(out, int(g.pos[l + 1].size())); ++row) {
        const ImVec2 pb = g.pos[l + 1][row];
        const float w = v.c.snap.params(a.w_index(l, row, col));
        const float shown = link_value(v.c, l, row, col, w);  // w, or its gradient (inside.h)
        links.push_back({l, row, col, ImVec2(pa.x + hs, pa.y), ImVec2(pb.x - ht, pb.y), w, link_width(shown, v.s, density)});
      }
    }
  }
  if (links.size() <= 64)  // test hook: each link's midpoint (the curve's too, by symmetry)
    for (const Link& k : links) {
      const ImVec2 m((k.a.x + k.b.x) * 0.5f, (k.a.y + k.b.y) * 0.5f);
      mark_rect(v.c.ui, ("link_" + std::to_string(k.layer) + "_" + std::to_string(k.row) + "_" + std::to_string(k.col)).c_str(),
                ImVec2(m.x - 1, m.y - 1), ImVec2(m.x + 1, m.y + 1));
    }
}

// Few links: curves, as in Playground. Many: straight lines, one segment each (llvmpipe pays
// per triangle, and a dense layer reads as a mesh anyway). Hover works on both.
void draw_link(const Canvas& v, ImDrawList* dl, const Link& k, ImU32 col, float width) {
  if (v.curves)
    dl->AddBezierCubic(k.a, ImVec2((k.a.x + k.b.x) * 0.5f, k.a.y), ImVec2((k.a.x + k.b.x) * 0.5f, k.b.y), k.b,
                       col, width, 0);
  else dl->AddLine(k.a, k.b, col, width);
}

// The links go into a texture, redrawn when the weights move at a rate bounded by its cost
// (cached_drawing.h: on llvmpipe, hundreds of long thin lines cost more than the rest of the
// frame). Everything but the weights that shapes the picture is in the layout key.
void draw_links(Canvas& v, const std::vector<Link>& links) {
  const float s = v.s;
  uint64_t key = 1469598103934665603ULL;
  auto mix = [&](uint64_t x) { key = (key ^ x) * 1099511628211ULL; };
  mix(uint64_t(uintptr_t(v.c.snap.experiment.get())));
  for (nn::Feature f : v.e.features) mix(uint64_t(f) + 1);
  mix(links.size());
  mix(link_mode_key(v.c));
  mix(palette().dark);
  mix(uint64_t(std::lround(s * 1000)));
  // The layer is opaque (the panel's colour, which is the clear colour: panels have no
  // background of their own), so it covers exactly the links' extent and nothing else.
  ImVec2 lo(FLT_MAX, FLT_MAX), hi(-FLT_MAX, -FLT_MAX);
  for (const Link& k : links) {
    const float m = k.width * 0.5f + 2.0f;  // half the width and the anti-aliasing fringe
    lo = ImVec2(std::min({lo.x, k.a.x - m, k.b.x - m}), std::min({lo.y, k.a.y - m, k.b.y - m}));
    hi = ImVec2(std::max({hi.x, k.a.x + m, k.b.x + m}), std::max({hi.y, k.a.y + m, k.b.y + m}));
  }
  if (links.empty()) lo = hi = v.area_min;
  if (ImDrawList* l = v.c.links.begin(lo, hi, key, v.c.snap.params_version, v.c.time, palette().panel)) {
    for (const Link& k : links)
      draw_link(v, l, k, link_color(link_value(v.c, k.layer, k.row, k.col, k.w)), v.fancy ? k.width : std::min(k.width, 2.0f * s));
    v.c.links.end();
  }
  if (!links.empty()) v.c.links.draw(v.dl);
  for (const Link& k : links)  // the inspector's stage, over the cached layer
    if (const ImU32 col = stage_highlight(v.c, k.layer, true)) draw_link(v, v.dl, k, col, std::max(1.5f * s, k.width));
}

// The link nearest the pointer (within a few pixels), redrawn on top, outlined.
void pick_link(Canvas& v, const std::vector<Link>& links) {
  float best = (6.0f * v.s) * (6.0f * v.s);
  ImVec2 pts[25];
  for (size_t i = 0; i < links.size(); ++i) {
    const Link& k = links[i];
    if (!v.fancy || !v.canvas_hovered || v.mouse.x <= k.a.x || v.mouse.x >= k.b.x) continue;
    const float tol = std::max(0.0f, k.width * 0.5f);
    if (v.curves) {
      bezier_points(k.a, k.b, pts, 24);
      for (int j = 0; j < 24; ++j) {
        const float d = seg_dist2(v.mouse, pts[j], pts[j + 1]) - tol * tol;
        if (d < best) {
          best = d;
          v.hov.link = int(i);
        }
      }
    } else if (const float d = seg_dist2(v.mouse, k.a, k.b) - tol * tol; d < best) {
      best = d;
      v.hov.link = int(i);
    }
  }
  if (v.hov.link >= 0) {
    const Link& k = links[v.hov.link];
    draw_link(v, v.dl, k, palette().dark ? IM_COL32(255, 255, 255, 200) : IM_COL32(0, 0, 0, 170), k.width + 3 * v.s);
    draw_link(v, v.dl, k, sign_color(k.w), k.width);
  }
}

// Column 0: every feature the data allow, on or off; a click toggles it.
void feature_nodes(Canvas& v, ImFont* small) {
  const float s = v.s;
  for (int j = 0; j < int(v.g.feature_rows.size()); ++j) {
    const int row = v.g.feature_rows[j];
    const bool on = std::find(v.e.features.begin(), v.e.features.end(), nn::kFeatures[row].id) != v.e.features.end();
    const ImVec2 p = v.g.pos[0][j];
    const float side = v.g.col_side[0], h = side * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(p.x - h, p.y - h));
    ImGui::PushID(1000 + row);
    if (ImGui::InvisibleButton("##feature", ImVec2(side, side))) toggle_feature(v.c, row);
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    mark(v.c.ui, (std::string("feature_") + nn::kFeatures[row].name).c_str());
    if (hovered) {
      v.hov.layer = kFeatureLayer;
      v.hov.unit = row;
      ImGui::SetTooltip(tr(on ? "network.feature_on.tip" : "network.feature_off.tip"), nn::kFeatures[row].label);
    }
    draw_node(v.c, side, p, kFeatureLayer, row, on, hovered, false);
    const char* label = nn::kFeatures[row].label;
    const float fs = small->FontSize * (side >= 20 * s ? 1.15f : 1.0f);
    const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, label);
    v.dl->AddText(small, fs, ImVec2(p.x - h - 8 * s - ts.x, p.y - ts.y * 0.5f), on ? palette().text : palette().text_dim, label);
  }
}

// One neuron of layer l (hidden or output): its thumbnail, and its bias as a small square at
// the bottom-left corner.
void neuron(Canvas& v, int l, int u) {
  const float s = v.s;
  const nn::Architecture& a = v.a;
  const bool output = l == a.layers() - 1;
  const float side = v.g.col_side[l + 1], h = side * 0.5f;
  const float bias_side = std::max(3.0f * s, std::min(7.0f * s, side * 0.22f));
  const ImVec2 p = v.g.pos[l + 1][u];
  ImGui::SetCursorScreenPos(ImVec2(p.x - h, p.y - h));
  ImGui::PushID(l * 1000 + u + 10000);
  ImGui::InvisibleButton("##node", ImVec2(side, side));
  ImGui::PopID();
  bool hovered = ImGui::IsItemHovered();
  const ImVec2 ba(p.x - h - bias_side * 0.5f, p.y + h - bias_side * 0.5f);
  const ImVec2 bb(ba.x + bias_side, ba.y + bias_side);
  const float bv = v.c.snap.params(a.b_index(l, u));
  const bool bias_hovered = side >= 10 * s && v.mouse.x >= ba.x - 2 * s && v.mouse.x <= bb.x + 2 * s &&
                            v.mouse.y >= ba.y - 2 * s && v.mouse.y <= bb.y + 2 * s && ImGui::IsWindowHovered();
  if (bias_hovered) {
    hovered = false;
    v.hov.bias_layer = l;
    v.hov.bias_unit = u;
  } else if (hovered) {
    v.hov.layer = l;
    v.hov.unit = u;
  }
  if (output) mark(v.c.ui, ("output_node_" + std::to_string(u)).c_str());
  if (a.fan_out(l) <= 32) mark(v.c.ui, "node_" + std::to_string(l) + "_" + std::to_string(u));
  draw_node(v.c, side, p, l, u, true, hovered, output);
  unit_mark(v.c, l, u, p, side);  // dead / saturated, the inspector's stage (inside.h)
  if (side >= 10 * s) {
    if (a.fan_out(l) <= 32) mark_rect(v.c.ui, ("bias_" + std::to_string(l) + "_" + std::to_string(u)).c_str(), ba, bb);
    v.dl->AddRectFilled(ba, bb, sign_color(bv, 0.35f + std::min(0.65f, std::fabs(bv))));
    v.dl->AddRect(ba, bb, bias_hovered ? palette().text : palette().node_border, 0, 0, bias_hovered ? 2 * s : 1 * s);
  }
  if (hovered) neuron_tooltip(v.c, l, u);  // histogram, incoming weights and gradients
}

// "+N" where a wide layer's undrawn neurons would be.
void more_marker(Canvas& v, int l, ImFont* small) {
  const int n = v.g.more[l + 1];
  if (n == 0) return;
  char t[16];
  std::snprintf(t, sizeof t, "+%d", n);
  const ImVec2 ts = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, t);
  const ImVec2 p = v.g.more_pos[l + 1];
  const ImVec2 a(p.x - ts.x * 0.5f, p.y - ts.y * 0.5f), b(a.x + ts.x, a.y + ts.y);
  v.dl->AddText(small, small->FontSize, a, palette().text_dim, t);
  mark_rect(v.c.ui, ("more_" + std::to_string(l)).c_str(), a, b);
  if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered())
    ImGui::SetTooltip(tr("network.more.tip"), n, v.a.fan_out(l));
}

// Per-layer health under the column: weight norm, dead and saturated units.
void layer_health(Canvas& v, int l, ImFont* small) {
  const float s = v.s;
  const nn::LayerStats& ls = v.c.snap.layers[l];
  // The norm's label fits its column: "‖W‖ 0.52", else just "0.52" (the tooltip names it).
  const float colw = column_room(v);
  char t[64];
  std::snprintf(t, sizeof t, tr("network.weight_norm"), ls.weight_norm);
  if (small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, t).x > colw)
    std::snprintf(t, sizeof t, "%.2g", ls.weight_norm);
  const float x = v.g.col_x[l + 1];
  const ImVec2 ts = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, t);
  const float y = v.pos.y + v.size.y - 26 * s;
  v.dl->AddText(small, small->FontSize, ImVec2(x - ts.x * 0.5f, y), palette().text_dim, t);
  mark_rect(v.c.ui, ("wnorm_" + std::to_string(l)).c_str(), ImVec2(x - ts.x * 0.5f, y), ImVec2(x + ts.x * 0.5f, y + ts.y),
            ts.x > colw + 10 * s);
  std::string warn;
  const int dead = int(std::lround(ls.dead_fraction * 100)), sat = int(std::lround(ls.saturated_fraction * 100));
  if (ls.dead_fraction > 0.005) warn += formatted(tr("network.dead_short"), dead);
  if (ls.saturated_fraction > 0.005) warn += formatted(tr("network.saturated_short"), sat);
  if (!warn.empty()) {
    const ImVec2 ws = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, warn.c_str());
    if (ws.x > colw) {  // "12% dead 3% sat." in a narrow column: the numbers alone, "12% 3%"
      warn.clear();
      if (ls.dead_fraction > 0.005) warn += std::to_string(int(std::lround(ls.dead_fraction * 100))) + "% ";
      if (ls.saturated_fraction > 0.005) warn += std::to_string(int(std::lround(ls.saturated_fraction * 100))) + "%";
    }
    const ImVec2 ws2 = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, warn.c_str());
    v.dl->AddText(small, small->FontSize, ImVec2(x - ws2.x * 0.5f, y + ts.y), palette().danger, warn.c_str());
  }
  if (ImGui::IsMouseHoveringRect(ImVec2(x - ts.x * 0.5f, y), ImVec2(x + ts.x * 0.5f, y + ts.y * 2)) && ImGui::IsWindowHovered())
    ImGui::SetTooltip(tr("network.layer_health.tip"),
                      l + 1, ls.weight_norm, ls.grad_norm, ls.dead_fraction * 100, ls.saturated_fraction * 100);
}

// What the pointer is over: a node (shown large in the output view), a bias or a link (read
// out, a click opens the editor).
void act_on_hover(Canvas& v, const std::vector<Link>& links) {
  Ctx& c = v.c;
  const Hover& hov = v.hov;
  const nn::Experiment& e = v.e;
  c.ui.hover_node_next = NodeRef{};
  if (hov.layer == kFeatureLayer) {
    const bool on = std::find(e.features.begin(), e.features.end(), nn::kFeatures[hov.unit].id) != e.features.end();
    if (on) c.ui.hover_node_next = NodeRef{kFeatureLayer, hov.unit};
  } else if (hov.layer >= 0) {
    c.ui.hover_node_next = NodeRef{hov.layer, hov.unit};
  } else if (hov.bias_layer >= 0) {
    const double val = c.snap.params(v.a.b_index(hov.bias_layer, hov.bias_unit));
    c.ui.hover_param = UiState::ParamRef{hov.bias_layer, hov.bias_unit, -1, val};
    ImGui::SetTooltip(tr("network.bias.tip"), hov.bias_layer + 1, hov.bias_unit + 1, val);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) open_editor(c, hov.bias_layer, hov.bias_unit, -1, val);
  } else if (hov.link >= 0 && v.canvas_hovered) {
    const Link& k = links[hov.link];
    c.ui.hover_param = UiState::ParamRef{k.layer, k.row, k.col, k.w};
    const char* from = k.layer == 0 ? nn::kFeatures[int(e.features[k.col])].label : nullptr;
    if (from) ImGui::SetTooltip(tr("network.weight_from_feature.tip"), from, k.layer + 1, k.row + 1, k.w);
    else if (k.layer == v.a.layers() - 1)
      ImGui::SetTooltip(tr("network.weight_to_output.tip"), k.layer, k.col + 1, k.row + 1, k.w);
    else ImGui::SetTooltip(tr("network.weight_to_neuron.tip"), k.layer, k.col + 1, k.layer + 1, k.row + 1, k.w);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) open_editor(c, k.layer, k.row, k.col, k.w);
  }
}

// The header's tools: the learning-rate lab's buttons (lr_find_view.cpp) and the links'
// "weights | gradients" toggle (neuron_detail.cpp), right of the layer count when they fit;
// else behind a "⋯" button (a narrow column, a projector's scale).
void header_tools(Ctx& c, ImVec2 panel_pos, ImVec2 panel_size) {
  const ImGuiStyle& st = ImGui::GetStyle();
  c.ui.inside.tools_in_strip = false;
  const float right = panel_pos.x + panel_size.x - st.WindowPadding.x;
  const auto count = c.ui.layout.find("hidden_layers_text");
  const float left = count == c.ui.layout.end() ? panel_pos.x : count->second.r.x + count->second.r.z;
  const float y = panel_pos.y + st.WindowPadding.y - 2 * c.s;
  const float need = lab_buttons_width() + link_mode_toggle_width(c) + 3 * st.ItemSpacing.x;
  if (right - left >= need) {
    const float toggle_left = link_mode_toggle(c, ImVec2(right, y));
    lab_buttons(c, panel_pos, toggle_left - st.ItemSpacing.x);
    return;
  }
  // The lab's buttons on the first row, the toggle under them when the second row's right end
  // is clear of the layers' +/− buttons.
  float row2_used = panel_pos.x;
  for (const auto& [name, item] : c.ui.layout)
    if (name.rfind("neuron_add_", 0) == 0 || name.rfind("neuron_remove_", 0) == 0)
      row2_used = std::max(row2_used, item.r.x + item.r.z);
  const float y2 = y + ImGui::GetFrameHeightWithSpacing();
  if (right - left >= lab_buttons_width() + 2 * st.ItemSpacing.x &&
      right - row2_used >= link_mode_toggle_width(c) + 2 * st.ItemSpacing.x) {
    lab_buttons(c, panel_pos, right);
    link_mode_toggle(c, ImVec2(right, y2));
    return;
  }
  // No room: the doctor's strip under the canvas shows them behind a "⋯" (net_tools_button).
  c.ui.inside.tools_in_strip = true;
}

}  // namespace

float net_tools_width() { return ImGui::CalcTextSize("⋯").x + 2 * ImGui::GetStyle().FramePadding.x; }

void net_tools_button(Ctx& c, ImVec2 right_top) {
  const ImGuiStyle& st = ImGui::GetStyle();
  ImGui::SetCursorScreenPos(ImVec2(right_top.x - net_tools_width(), right_top.y));
  if (ImGui::SmallButton("⋯##net_tools")) ImGui::OpenPopup("##net_tools");
  mark(c.ui, "net_tools");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("network.tools.tip"));
  if (!ImGui::BeginPopup("##net_tools")) return;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float toggle_left = link_mode_toggle(c, ImVec2(p.x + link_mode_toggle_width(c), p.y));
  lab_buttons(c, ImVec2(toggle_left, p.y + ImGui::GetFrameHeightWithSpacing() - st.WindowPadding.y + 2 * c.s),
              toggle_left + lab_buttons_width());
  // Like a menu: a choice closes it, so the canvas it changed is in sight and takes the pointer.
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::IsWindowHovered() && ImGui::IsAnyItemHovered())
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void show_network_panel(Ctx& c, ImVec2 panel_pos, ImVec2 panel_size) {
  const nn::Snapshot& snap = c.snap;
  const nn::Experiment& e = base_experiment(c);
  // Too many layers for the width (a deep network at a projector's scale): the canvas is as
  // wide as its headers need and scrolls sideways, rather than letting them overlap.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float need_w = canvas_width_needed(e, c.s);
  const bool scroll = need_w > panel_size.x;
  if (scroll) ImGui::SetNextWindowContentSize(ImVec2(need_w - 2 * st.WindowPadding.x,
                                                     panel_size.y - 2 * st.WindowPadding.y - st.ScrollbarSize));
  begin_panel("Network", panel_pos, panel_size,
              scroll ? ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                     : ImGuiWindowFlags_NoScrollWithMouse, scroll);
  mark_rect(c.ui, "network_panel", panel_pos, ImVec2(panel_pos.x + panel_size.x, panel_pos.y + panel_size.y));
  const ImVec2 pos(panel_pos.x - ImGui::GetScrollX(), panel_pos.y);
  const ImVec2 size(scroll ? need_w : panel_size.x, panel_size.y - (scroll ? st.ScrollbarSize : 0.0f));
  ImGui::SetCursorScreenPos(ImVec2(panel_pos.x + st.WindowPadding.x, panel_pos.y + st.WindowPadding.y));
  panel_title(tr("network.title"));  // fixed, like the layer count beside it
  layer_buttons(c, e, panel_pos, panel_size);  // fixed: the layer count stays in sight

  // The snapshot's architecture is what the weights describe; while an edit is in flight the
  // experiment may already say otherwise, so draw from the snapshot and head from `e`.
  const nn::Architecture& a = snap.arch;
  const bool arch_consistent = a.hidden.size() == e.network.hidden.size() && snap.params.size() == a.parameter_count();
  c.ui.hover_param = UiState::ParamRef{};
  c.ui.edit_popup_open = false;
  Canvas v{c, e, a, pos, size, c.s, ImGui::GetWindowDrawList(), {}, 0, 0, {}, {}, {}, false, true, true, {}};
  place(v, snap.data && snap.data->dims == 1);
  headers(v, arch_consistent);
  header_tools(c, panel_pos, panel_size);  // after the layers' buttons: it looks where they are
  if (!arch_consistent || snap.params.size() == 0) {
    output_combo(v);
    parameter_editor(c);
    end_panel();
    return;
  }

  std::vector<Link>& links = c.ui.network_links;
  build_links(v, links);
  v.fancy = links.size() <= 2500;
  v.curves = links.size() <= 200;
  v.mouse = ImGui::GetIO().MousePos;
  v.canvas_hovered = ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered() &&
                     v.mouse.y > v.area_min.y - 10 * v.s && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
  draw_links(v, links);
  output_combo(v);
  pick_link(v, links);

  ImFont* small = font_small() ? font_small() : ImGui::GetFont();
  feature_nodes(v, small);
  for (int l = 0; l < a.layers(); ++l) {
    for (int u = 0; u < int(v.g.pos[l + 1].size()); ++u) neuron(v, l, u);
    more_marker(v, l, small);
    if (l < int(snap.layers.size())) layer_health(v, l, small);
  }
  act_on_hover(v, links);
  parameter_editor(c);
  end_panel();
}

}  // namespace descent::gui
