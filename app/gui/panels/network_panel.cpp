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
#include "gui/panels/panels.h"
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
};

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
  nn::Experiment e = base_experiment(c);
  fn(e);
  if (e == base_experiment(c)) return;
  e.weights.reset();
  apply_experiment(c, std::move(e), what);
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
  }, std::string("Feature ") + nn::kFeatures[row].label + " toggled");
}

// =============================================================================================
// [SECTION] links
// =============================================================================================

struct Link {
  int layer, row, col;  // W(layer)(row, col)
  ImVec2 a, b;          // from (source's right edge) to (target's left edge)
  float w;
  float width;          // drawn width in pixels
};

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
  const float bw = 24 * s, gap = 4 * s;
  ImGui::PushID(l);
  ImGui::SetCursorScreenPos(ImVec2(cx - bw - gap * 0.5f, y));
  ImGui::BeginDisabled(n >= nn::kMaxLayerWidth);
  if (small_button("+", "add", bw))
    edit_network(c, [&](nn::Experiment& x) { x.network.hidden[l] = std::min(nn::kMaxLayerWidth, n + 1); },
                 "Layer " + std::to_string(l + 1) + ": " + std::to_string(n + 1) + " neurons");
  ImGui::EndDisabled();
  mark(c.ui, ("neuron_add_" + std::to_string(l)).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a neuron to layer %d", l + 1);
  ImGui::SameLine(0, gap);
  ImGui::BeginDisabled(n <= 1);
  if (small_button("−", "remove", bw))
    edit_network(c, [&](nn::Experiment& x) { x.network.hidden[l] = std::max(1, n - 1); },
                 "Layer " + std::to_string(l + 1) + ": " + std::to_string(n - 1) + " neurons");
  ImGui::EndDisabled();
  mark(c.ui, ("neuron_remove_" + std::to_string(l)).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove layer %d's last neuron", l + 1);

  char t[32];
  std::snprintf(t, sizeof t, n == 1 ? "%d neuron" : "%d neurons", n);
  if (ImFont* f = font_small()) ImGui::PushFont(f);
  const ImVec2 ts = ImGui::CalcTextSize(t);
  ImGui::SetCursorScreenPos(ImVec2(cx - ts.x * 0.5f, y + ImGui::GetFrameHeight() + 3 * s + (font_small() ? 0.0f : 0.0f)));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", t);
  if (font_small()) ImGui::PopFont();
  const float w = std::min(colw, 112.0f * s);
  ImGui::SetCursorScreenPos(ImVec2(cx - w * 0.5f, y + ImGui::GetFrameHeight() + ts.y + 7 * s));
  if (colw >= 54 * s) activation_combo(c, "##act", l, w);
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
  int layer = -2, unit = 0;          // a node (layer −1: feature row)
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
  if (bias) ImGui::Text("Bias of layer %d, neuron %d", c.ui.edit_layer + 1, c.ui.edit_row + 1);
  else ImGui::Text("Weight: layer %d, neuron %d ← input %d", c.ui.edit_layer + 1, c.ui.edit_row + 1, c.ui.edit_col + 1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(160 * c.s);
  const bool enter = ImGui::InputDouble("##value", &c.ui.edit_value, 0.1, 1.0, "%.4f", ImGuiInputTextFlags_EnterReturnsTrue);
  mark(c.ui, "param_value");
  ImGui::SameLine();
  const bool set = ImGui::Button("Set");
  mark(c.ui, "param_set");
  if (set || enter) {
    c.trainer.set_parameter(c.ui.edit_layer, c.ui.edit_row, c.ui.edit_col, c.ui.edit_value);
    char t[96];
    std::snprintf(t, sizeof t, "%s set to %.4g", bias ? "Bias" : "Weight", c.ui.edit_value);
    set_status(c.ui, t);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("0")) c.ui.edit_value = 0.0;
  ImGui::EndPopup();
}

}  // namespace

void show_network_panel(Ctx& c, ImVec2 pos, ImVec2 size) {
  begin_panel("Network", pos, size, ImGuiWindowFlags_NoScrollWithMouse);
  const float s = c.s;
  const nn::Snapshot& snap = c.snap;
  const nn::Experiment& e = base_experiment(c);
  const nn::Architecture& a = snap.arch;
  const bool one_d = snap.data && snap.data->dims == 1;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& st = ImGui::GetStyle();

  // --- title row: NETWORK, and +/− layers in the middle ----------------------------------------
  panel_title("NETWORK");
  const int H = int(e.network.hidden.size());
  {
    char t[40];
    std::snprintf(t, sizeof t, H == 1 ? "%d HIDDEN LAYER" : "%d HIDDEN LAYERS", H);
    const float bw = 24 * s;
    const float tw = ImGui::CalcTextSize(t).x;
    const float total = bw * 2 + st.ItemSpacing.x * 2 + tw;
    const float x = pos.x + (size.x - total) * 0.5f;
    const float y = pos.y + st.WindowPadding.y - 2 * s;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::BeginDisabled(H >= nn::kMaxHiddenLayers);
    if (small_button("+", "add_layer", bw))
      edit_network(c, [&](nn::Experiment& x) {
        const int w = x.network.hidden.empty() ? 4 : x.network.hidden.back();
        const nn::Act act = x.network.activations.empty() ? nn::Act::tanh : x.network.activations.back();
        x.network.hidden.push_back(w);
        x.network.activations.push_back(act);
      }, "Added hidden layer " + std::to_string(H + 1));
    ImGui::EndDisabled();
    mark(c.ui, "layer_add");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a hidden layer (before the output)");
    ImGui::SameLine();
    ImGui::BeginDisabled(H == 0);
    if (small_button("−", "remove_layer", bw))
      edit_network(c, [&](nn::Experiment& x) {
        x.network.hidden.pop_back();
        x.network.activations.pop_back();
      }, "Removed hidden layer " + std::to_string(H));
    ImGui::EndDisabled();
    mark(c.ui, "layer_remove");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove the last hidden layer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(t);
  }

  // The snapshot's architecture is what the weights describe; while an edit is in flight the
  // experiment may already say otherwise, so draw from the snapshot and head from `e`.
  const bool arch_consistent = int(a.hidden.size()) == H && snap.params.size() == a.parameter_count();
  c.ui.hover_param = UiState::ParamRef{};
  c.ui.edit_popup_open = false;

  // --- geometry ---------------------------------------------------------------------------------
  const float header_y = pos.y + st.WindowPadding.y + ImGui::GetFrameHeight() + 10 * s;
  const float header_h = ImGui::GetFrameHeight() * 2 + (font_small() ? font_small()->FontSize : 13) + 16 * s;
  const float label_w = 62 * s;  // room for the feature labels left of column 0
  const ImVec2 area_min(pos.x + st.WindowPadding.x + label_w, header_y + header_h + 8 * s);
  // (The bottom row is the output·loss combo's and the weight norms': nodes stay above it.)
  const ImVec2 area_max(pos.x + size.x - st.WindowPadding.x - 36 * s, pos.y + size.y - 40 * s - ImGui::GetFrameHeight());
  const Geometry g = layout(a, one_d, area_min, area_max, s);
  const int cols = int(g.col_x.size());
  const float colw = cols > 1 ? (g.col_x[1] - g.col_x[0]) - 10 * s : 120 * s;

  // --- headers ----------------------------------------------------------------------------------
  {
    if (ImFont* f = font_small()) ImGui::PushFont(f);
    const char* ft = "FEATURES";
    ImGui::SetCursorScreenPos(ImVec2(g.col_x[0] - ImGui::CalcTextSize(ft).x * 0.5f, header_y + header_h - ImGui::GetFontSize() - 2 * s));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", ft);
    if (font_small()) ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click a feature to feed it in (or not)");
  }
  if (arch_consistent)
    for (int l = 0; l < H; ++l) layer_header(c, l, g.col_x[l + 1], header_y, colw);
  {
    if (ImFont* f = font_small()) ImGui::PushFont(f);
    const char* ot = "OUTPUT";
    const float cx = g.col_x[cols - 1];
    ImGui::SetCursorScreenPos(ImVec2(cx - ImGui::CalcTextSize(ot).x * 0.5f, header_y + header_h - ImGui::GetFontSize() - 2 * s));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", ot);
    if (font_small()) ImGui::PopFont();
  }
  // Output activation and loss: under the output node(s), where there is room — just above
  // the weight-norm line, where links never go. Drawn after the links (their opaque layer
  // may reach under it).
  auto output_combo = [&] {
    const float w = 200 * s;
    const float right = pos.x + size.x - st.WindowPadding.x;
    ImGui::SetCursorScreenPos(ImVec2(std::min(g.col_x[cols - 1] - w * 0.5f, right - w),
                                     pos.y + size.y - 34 * s - ImGui::GetFrameHeight()));
    output_loss_combo(c, "##outloss_canvas", w);
    mark(c.ui, "output_combo");
  };

  if (!arch_consistent || snap.params.size() == 0) {
    output_combo();
    parameter_editor(c);
    end_panel();
    return;
  }

  // --- links ----------------------------------------------------------------------------------
  const ParamLayout lay(a);
  static std::vector<Link> links;
  links.clear();
  for (int l = 0; l < a.layers(); ++l) {
    const float hs = g.col_side[l] * 0.5f, ht = g.col_side[l + 1] * 0.5f;
    const int out = a.fan_out(l), in = a.fan_in(l);
    const float density = std::clamp(std::sqrt(48.0f / float(std::max(1, out * in))), 0.3f, 1.0f);
    for (int col = 0; col < in; ++col) {
      int src = col;
      if (l == 0) {
        src = col < int(e.features.size()) && e.features.size() == size_t(in) ? feature_node(g, e.features[col]) : -1;
        if (src < 0) continue;
      }
      const ImVec2 pa = g.pos[l][src];
      for (int row = 0; row < out; ++row) {
        const ImVec2 pb = g.pos[l + 1][row];
        const float w = snap.params(lay.index(a, l, row, col));
        links.push_back({l, row, col, ImVec2(pa.x + hs, pa.y), ImVec2(pb.x - ht, pb.y), w, link_width(w, s, density)});
      }
    }
  }
  const bool fancy = links.size() <= 2500;
  if (links.size() <= 64)  // test hook: each link's midpoint (the curve's too, by symmetry)
    for (const Link& k : links) {
      const ImVec2 m((k.a.x + k.b.x) * 0.5f, (k.a.y + k.b.y) * 0.5f);
      mark_rect(c.ui, ("link_" + std::to_string(k.layer) + "_" + std::to_string(k.row) + "_" + std::to_string(k.col)).c_str(),
                ImVec2(m.x - 1, m.y - 1), ImVec2(m.x + 1, m.y + 1));
    }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool canvas_hovered = ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered() &&
                              mouse.y > area_min.y - 10 * s && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
  Hover hov;
  float best = (6.0f * s) * (6.0f * s);
  ImVec2 pts[25];
  // Few links: curves, as in Playground. Many: straight lines, one segment each (llvmpipe
  // pays per triangle, and a dense layer reads as a mesh anyway). Hover works on both.
  const bool curves = links.size() <= 200;
  auto draw_link = [&](const Link& k, ImU32 col, float width) {
    if (curves)
      dl->AddBezierCubic(k.a, ImVec2((k.a.x + k.b.x) * 0.5f, k.a.y), ImVec2((k.a.x + k.b.x) * 0.5f, k.b.y), k.b,
                         col, width, 0);
    else dl->AddLine(k.a, k.b, col, width);
  };
  // The links go into a texture, redrawn when the weights move at a rate bounded by its cost
  // (cached_drawing.h: on llvmpipe, hundreds of long thin lines cost more than the rest of
  // the frame). Everything but the weights that shapes the picture is in the layout key.
  {
    uint64_t key = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { key = (key ^ v) * 1099511628211ULL; };
    mix(uint64_t(uintptr_t(snap.experiment.get())));
    for (nn::Feature f : e.features) mix(uint64_t(f) + 1);
    mix(links.size());
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
    if (links.empty()) lo = hi = area_min;
    if (ImDrawList* l = c.links.begin(lo, hi, key, snap.params_version, c.time, palette().panel)) {
      ImDrawList* const window_list = dl;
      dl = l;  // draw_link draws into `dl`
      for (const Link& k : links) draw_link(k, link_color(k.w), fancy ? k.width : std::min(k.width, 2.0f * s));
      dl = window_list;
      c.links.end();
    }
    if (!links.empty()) c.links.draw(dl);
  }
  output_combo();
  for (size_t i = 0; i < links.size(); ++i) {
    const Link& k = links[i];
    if (!fancy || !canvas_hovered || mouse.x <= k.a.x || mouse.x >= k.b.x) continue;
    const float tol = std::max(0.0f, k.width * 0.5f);
    if (curves) {
      bezier_points(k.a, k.b, pts, 24);
      for (int j = 0; j < 24; ++j) {
        const float d = seg_dist2(mouse, pts[j], pts[j + 1]) - tol * tol;
        if (d < best) {
          best = d;
          hov.link = int(i);
        }
      }
    } else if (const float d = seg_dist2(mouse, k.a, k.b) - tol * tol; d < best) {
      best = d;
      hov.link = int(i);
    }
  }
  if (hov.link >= 0) {  // redraw the hovered link on top, outlined
    const Link& k = links[hov.link];
    draw_link(k, palette().dark ? IM_COL32(255, 255, 255, 200) : IM_COL32(0, 0, 0, 170), k.width + 3 * s);
    draw_link(k, sign_color(k.w), k.width);
  }

  // --- nodes ------------------------------------------------------------------------------------
  ImFont* small = font_small() ? font_small() : ImGui::GetFont();
  // Features.
  for (int j = 0; j < int(g.feature_rows.size()); ++j) {
    const int row = g.feature_rows[j];
    const bool on = std::find(e.features.begin(), e.features.end(), nn::kFeatures[row].id) != e.features.end();
    const ImVec2 p = g.pos[0][j];
    const float side = g.col_side[0], h = side * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(p.x - h, p.y - h));
    ImGui::PushID(1000 + row);
    if (ImGui::InvisibleButton("##feature", ImVec2(side, side))) toggle_feature(c, row);
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    mark(c.ui, (std::string("feature_") + nn::kFeatures[row].name).c_str());
    if (hovered) {
      hov.layer = -1;
      hov.unit = row;
      ImGui::SetTooltip("%s — click to %s", nn::kFeatures[row].label, on ? "turn it off" : "feed it in");
    }
    draw_node(c, side, p, -1, row, on, hovered, false);
    const char* label = nn::kFeatures[row].label;
    const float fs = small->FontSize * (side >= 20 * s ? 1.15f : 1.0f);
    const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, label);
    dl->AddText(small, fs, ImVec2(p.x - h - 8 * s - ts.x, p.y - ts.y * 0.5f), on ? palette().text : palette().text_dim, label);
  }
  // Hidden layers and outputs.
  for (int l = 0; l < a.layers(); ++l) {
    const bool output = l == a.layers() - 1;
    const float side = g.col_side[l + 1], h = side * 0.5f;
    const float bias_side = std::max(3.0f * s, std::min(7.0f * s, side * 0.22f));
    for (int u = 0; u < a.fan_out(l); ++u) {
      const ImVec2 p = g.pos[l + 1][u];
      ImGui::SetCursorScreenPos(ImVec2(p.x - h, p.y - h));
      ImGui::PushID(l * 1000 + u + 10000);
      ImGui::InvisibleButton("##node", ImVec2(side, side));
      ImGui::PopID();
      bool hovered = ImGui::IsItemHovered();
      // The bias: a small square at the node's bottom-left corner.
      const ImVec2 ba(p.x - h - bias_side * 0.5f, p.y + h - bias_side * 0.5f);
      const ImVec2 bb(ba.x + bias_side, ba.y + bias_side);
      const float bv = snap.params(lay.index(a, l, u, -1));
      const bool bias_hovered = side >= 10 * s && mouse.x >= ba.x - 2 * s && mouse.x <= bb.x + 2 * s &&
                                mouse.y >= ba.y - 2 * s && mouse.y <= bb.y + 2 * s && ImGui::IsWindowHovered();
      if (bias_hovered) {
        hovered = false;
        hov.bias_layer = l;
        hov.bias_unit = u;
      } else if (hovered) {
        hov.layer = l;
        hov.unit = u;
      }
      if (output) mark(c.ui, ("output_node_" + std::to_string(u)).c_str());
      if (a.fan_out(l) <= 32) mark(c.ui, "node_" + std::to_string(l) + "_" + std::to_string(u));
      draw_node(c, side, p, l, u, true, hovered, output);
      if (side >= 10 * s) {
        if (a.fan_out(l) <= 32) mark_rect(c.ui, ("bias_" + std::to_string(l) + "_" + std::to_string(u)).c_str(), ba, bb);
        dl->AddRectFilled(ba, bb, sign_color(bv, 0.35f + std::min(0.65f, std::fabs(bv))));
        dl->AddRect(ba, bb, bias_hovered ? palette().text : palette().node_border, 0, 0, bias_hovered ? 2 * s : 1 * s);
      }
      if (hovered) {
        ImGui::BeginTooltip();
        if (output) ImGui::Text("Output %d: %s", u, nn::name(a.output));
        else ImGui::Text("Layer %d, neuron %d: %s", l + 1, u + 1, nn::name(a.activations[l]));
        ImGui::TextDisabled("bias %.4f · shown large in the output view", bv);
        ImGui::EndTooltip();
      }
    }
    // Per-layer health under the column: weight norm, dead and saturated units.
    if (l < int(snap.layers.size())) {
      const nn::LayerStats& ls = snap.layers[l];
      char t[64];
      std::snprintf(t, sizeof t, "‖W‖ %.2g", ls.weight_norm);
      const float x = g.col_x[l + 1];
      const ImVec2 ts = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, t);
      const float y = pos.y + size.y - 26 * s;
      dl->AddText(small, small->FontSize, ImVec2(x - ts.x * 0.5f, y), palette().text_dim, t);
      std::string warn;
      if (ls.dead_fraction > 0.005) warn += std::to_string(int(std::lround(ls.dead_fraction * 100))) + "% dead ";
      if (ls.saturated_fraction > 0.005) warn += std::to_string(int(std::lround(ls.saturated_fraction * 100))) + "% sat.";
      if (!warn.empty()) {
        const ImVec2 ws = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, warn.c_str());
        dl->AddText(small, small->FontSize, ImVec2(x - ws.x * 0.5f, y + ts.y), palette().danger, warn.c_str());
      }
      if (ImGui::IsMouseHoveringRect(ImVec2(x - ts.x * 0.5f, y), ImVec2(x + ts.x * 0.5f, y + ts.y * 2)) && ImGui::IsWindowHovered())
        ImGui::SetTooltip("Layer %d: weight norm %.4g, gradient norm %.3g\n%.0f%% dead units (zero on every point)\n%.0f%% saturated (|g'| < 0.01 on 95%% of points)",
                          l + 1, ls.weight_norm, ls.grad_norm, ls.dead_fraction * 100, ls.saturated_fraction * 100);
    }
  }

  // --- act on the hover ---------------------------------------------------------------------------
  c.ui.hover_node_next = NodeRef{};
  if (hov.layer == -1) {
    const bool on = std::find(e.features.begin(), e.features.end(), nn::kFeatures[hov.unit].id) != e.features.end();
    if (on) c.ui.hover_node_next = NodeRef{-1, hov.unit};
  } else if (hov.layer >= 0) {
    c.ui.hover_node_next = NodeRef{hov.layer, hov.unit};
  } else if (hov.bias_layer >= 0) {
    const double v = snap.params(lay.index(a, hov.bias_layer, hov.bias_unit, -1));
    c.ui.hover_param = UiState::ParamRef{hov.bias_layer, hov.bias_unit, -1, v};
    ImGui::SetTooltip("Bias of layer %d, neuron %d: %.4f\nclick to edit", hov.bias_layer + 1, hov.bias_unit + 1, v);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) open_editor(c, hov.bias_layer, hov.bias_unit, -1, v);
  } else if (hov.link >= 0 && canvas_hovered) {
    const Link& k = links[hov.link];
    c.ui.hover_param = UiState::ParamRef{k.layer, k.row, k.col, k.w};
    const char* from = k.layer == 0 ? nn::kFeatures[int(e.features[k.col])].label : nullptr;
    if (from) ImGui::SetTooltip("Weight %s → layer %d, neuron %d: %.4f\nclick to edit", from, k.layer + 1, k.row + 1, k.w);
    else ImGui::SetTooltip("Weight layer %d, neuron %d → %s %d: %.4f\nclick to edit", k.layer, k.col + 1,
                           k.layer == a.layers() - 1 ? "output" : ("layer " + std::to_string(k.layer + 1) + ", neuron").c_str(),
                           k.row + 1, k.w);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) open_editor(c, k.layer, k.row, k.col, k.w);
  }
  parameter_editor(c);
  end_panel();
}

}  // namespace descent::gui
