// app/gui/panels/inspector.cpp — the backpropagation inspector: one training point stepped
// through the network with the current weights, stage by stage, each with its formula and the
// real numbers (the trainer's pass, nn/inspect.h: the same numbers as `--inspect INDEX`):
//
//   Forward ▸   layer by layer   z = W·a_prev + b,  a = g(z);  after the last layer, the loss
//   Backward ▸  from the output  δ_L = ∂L/∂a ⊙ g′(z_L);  δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ g′(z_l);
//                                ∂L/∂W_l = δ_l a_{l−1}ᵀ,  ∂L/∂b_l = δ_l
//   Update ▸    layer by layer   ΔW, Δb the run's optimizer would apply for this one sample
//
// The stage's layer is highlighted on the network canvas (stage_highlight). The point is
// picked by index here or by Ctrl+click in the output view; the trainer recomputes the pass
// whenever the weights change, so it follows training live.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/formatted.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "nn/optimizer.h"

namespace descent::gui {

namespace {

// How many entries of a vector, and rows × columns of a matrix, are printed.
constexpr int kShownEntries = 8;
constexpr int kShownRows = 6;

struct StageRow {
  InspectStage id;
  const char* name;
  Rgb color;  // its highlight on the canvas
};
constexpr StageRow kStages[] = {
    {InspectStage::none, "none", {0, 0, 0}},
    {InspectStage::forward, "forward", {0.10f, 0.65f, 0.45f}},
    {InspectStage::loss, "loss", {0.85f, 0.55f, 0.05f}},
    {InspectStage::backward, "backward", {0.85f, 0.20f, 0.45f}},
    {InspectStage::update, "update", {0.50f, 0.30f, 0.85f}},
};

std::string vec_text(const Eigen::VectorXd& v) {
  std::string t = "[";
  for (Eigen::Index i = 0; i < v.size() && i < kShownEntries; ++i) t += (i ? ", " : "") + fmt_num(v(i), 4);
  if (v.size() > kShownEntries) t += formatted(tr("inspector.more_entries"), int(v.size()));
  return t + "]";
}

void vec_line(const char* name, const Eigen::VectorXd& v) {
  ImGui::TextDisabled("%s", name);
  ImGui::SameLine(ImGui::GetFontSize() * 4.2f);
  ImGui::TextUnformatted(vec_text(v).c_str());
}

void mat_lines(const char* name, const Eigen::MatrixXd& m) {
  for (Eigen::Index r = 0; r < m.rows() && r < kShownRows; ++r) {
    ImGui::TextDisabled("%s", r == 0 ? name : "");
    ImGui::SameLine(ImGui::GetFontSize() * 4.2f);
    ImGui::TextUnformatted(vec_text(m.row(r).transpose()).c_str());
  }
  if (m.rows() > kShownRows) ImGui::TextDisabled(tr("inspector.more_rows"), int(m.rows()));
}

void formula(const char* f) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_PlotLinesHovered));
  ImGui::TextUnformatted(f);
  ImGui::PopStyleColor();
}

std::string layer_title(const nn::Architecture& a, int l) {
  const int L = a.layers();
  if (l == L - 1) return formatted(tr("inspector.output_layer"), nn::name(a.output));
  return formatted(tr("inspector.layer"), l + 1, nn::name(a.activations[size_t(l)]));
}

void show_stage(Ctx& c, const nn::SamplePass& p) {
  const InsideState& in = c.ui.inside;
  const nn::Architecture& a = c.snap.arch;
  const int L = int(p.layers.size()), l = std::clamp(in.stage_layer, 0, std::max(0, L - 1));
  if (L == 0) return;
  const nn::SampleLayer& s = p.layers[size_t(l)];
  const Eigen::VectorXd& a_prev = l == 0 ? p.x : p.layers[size_t(l) - 1].a;
  switch (in.stage) {
    case InspectStage::none:
      ImGui::TextWrapped("%s", tr("inspector.intro"));
      break;
    case InspectStage::forward:
      ImGui::Text(tr("inspector.forward_title"), layer_title(a, l).c_str());
      formula(l == 0 ? "z = W·x + b,   a = g(z)" : "z = W·a_prev + b,   a = g(z)");
      vec_line(l == 0 ? "x" : "a_prev", a_prev);
      vec_line("z", s.z);
      vec_line("a", s.a);
      break;
    case InspectStage::loss:
      ImGui::Text(tr("inspector.loss_title"), nn::name(c.snap.experiment->loss));
      formula("L = loss(a_out, target)");
      vec_line("a_out", p.layers.back().a);
      vec_line(tr("inspector.target"), p.target);
      ImGui::TextDisabled("L");
      ImGui::SameLine(ImGui::GetFontSize() * 4.2f);
      ImGui::Text("%.6g", p.loss);
      break;
    case InspectStage::backward:
      ImGui::Text(tr("inspector.backward_title"), layer_title(a, l).c_str());
      formula(l == L - 1 ? "δ = ∂L/∂a ⊙ g′(z)" : "δ = (W_next^T · δ_next) ⊙ g′(z)");
      formula("∂L/∂W = δ · a_prev^T,   ∂L/∂b = δ");
      vec_line("δ", s.delta);
      mat_lines("∂L/∂W", s.dW);
      vec_line("∂L/∂b", s.db);
      break;
    case InspectStage::update:
      ImGui::Text(tr("inspector.update_title"), layer_title(a, l).c_str(),
                  nn::name(c.snap.experiment->training.optimizer.kind), p.lr);
      formula(c.snap.experiment->training.optimizer.kind == nn::Opt::sgd ? "ΔW = −η ∂L/∂W,   Δb = −η ∂L/∂b"
                                                                                  : tr("inspector.optimizer_step"));
      if (s.W_update.size() == 0) ImGui::TextDisabled("%s", tr("inspector.no_step"));
      else mat_lines("ΔW", s.W_update), vec_line("Δb", s.b_update);
      break;
  }
}

// The three stepping buttons (and back to the start).
void stage_buttons(Ctx& c, int L) {
  InsideState& in = c.ui.inside;
  if (ImGui::Button(label("inspector.forward", "forward").c_str())) {
    if (in.stage != InspectStage::forward) in.stage = InspectStage::forward, in.stage_layer = 0;
    else if (in.stage_layer < L - 1) ++in.stage_layer;
    else in.stage = InspectStage::loss, in.stage_layer = L - 1;
  }
  mark(c.ui, "inspect_forward");
  ImGui::SameLine();
  if (ImGui::Button(label("inspector.backward", "backward").c_str())) {
    if (in.stage != InspectStage::backward) in.stage = InspectStage::backward, in.stage_layer = L - 1;
    else if (in.stage_layer > 0) --in.stage_layer;
  }
  mark(c.ui, "inspect_backward");
  ImGui::SameLine();
  if (ImGui::Button(label("inspector.update", "update").c_str())) {
    if (in.stage != InspectStage::update) in.stage = InspectStage::update, in.stage_layer = 0;
    else if (in.stage_layer < L - 1) ++in.stage_layer;
  }
  mark(c.ui, "inspect_update");
  ImGui::SameLine();
  if (ImGui::Button(label("inspector.restart", "restart").c_str())) in.stage = InspectStage::none, in.stage_layer = 0;
  mark(c.ui, "inspect_restart");
}

void index_picker(Ctx& c) {
  InsideState& in = c.ui.inside;
  const int n = c.snap.data ? int(c.snap.data->train_count()) : 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("inspector.point"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  if (ImGui::InputInt("##index", &in.index_input, 1, 10)) {  // each digit typed: the pass follows
    in.index_input = std::clamp(in.index_input, 0, std::max(0, n - 1));
    inspect_point(c, in.index_input);
  }
  mark(c.ui, "inspect_index");
  ImGui::SameLine();
  ImGui::TextDisabled(tr("inspector.of_points"), n);
}

}  // namespace

const char* stage_name(InspectStage s) { return kStages[int(s)].name; }

void inspect_point(Ctx& c, int index) {
  InsideState& in = c.ui.inside;
  in.index = index;
  in.index_input = std::max(0, index);
  in.inspector_open = index >= 0;
  in.inspector_focus = index >= 0;
}

int nearest_training_point(const nn::Snapshot& s, double x1, double x2, double radius, bool one_d) {
  if (!s.data) return -1;
  int k = 0, best = -1;
  double best_d = radius * radius;
  for (const nn::Point& p : s.data->points) {
    if (p.test) continue;
    const double dx = p.x1 - x1, dy = (one_d ? p.y : p.x2) - x2, d = dx * dx + dy * dy;
    if (d <= best_d) best_d = d, best = k;
    ++k;
  }
  return best;
}

const nn::Point* training_point(const nn::Snapshot& s, int index) {
  if (!s.data || index < 0) return nullptr;
  int k = 0;
  for (const nn::Point& p : s.data->points)
    if (!p.test && k++ == index) return &p;
  return nullptr;
}

ImU32 stage_highlight(const Ctx& c, int layer, bool links) {
  const InsideState& in = c.ui.inside;
  if (!in.inspector_open || in.stage == InspectStage::none) return 0;
  const int L = c.snap.arch.layers();
  const int at = in.stage == InspectStage::loss ? L - 1 : in.stage_layer;
  if (layer != at || (links && in.stage == InspectStage::loss) || (!links && in.stage == InspectStage::update)) return 0;
  return to_u32(kStages[int(in.stage)].color);
}

void show_inspector_window(Ctx& c) {
  InsideState& in = c.ui.inside;
  const int wanted = in.inspector_open ? in.index : -1;
  if (wanted != in.requested) {  // the trainer follows the point shown (it recomputes the pass)
    c.trainer.inspect(wanted);
    in.requested = wanted;
  }
  if (!in.inspector_open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.22f, vp->Pos.y + vp->Size.y * 0.42f), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(440 * c.s, 330 * c.s), ImGuiCond_FirstUseEver);
  if (in.inspector_focus) ImGui::SetNextWindowFocus(), in.inspector_focus = false;
  bool open = true;
  if (ImGui::Begin(label("inspector.title", "inspector").c_str(), &open, ImGuiWindowFlags_NoCollapse)) {
    mark_window(c.ui, "inspector");
    index_picker(c);
    const nn::SamplePass* p = c.snap.inspection.get();
    if (!p || p->index != in.index) {
      ImGui::TextDisabled(tr("inspector.computing"), in.index);
    } else {
      ImGui::TextDisabled("x");
      ImGui::SameLine(ImGui::GetFontSize() * 4.2f);
      ImGui::TextUnformatted(vec_text(p->x).c_str());
      ImGui::TextDisabled("%s", tr("inspector.target"));
      ImGui::SameLine(ImGui::GetFontSize() * 4.2f);
      ImGui::Text(tr("inspector.target_loss"), vec_text(p->target).c_str(), p->loss);
      stage_buttons(c, int(p->layers.size()));
      ImGui::Separator();
      show_stage(c, *p);
    }
  }
  ImGui::End();
  if (!open) inspect_point(c, -1);
}

}  // namespace descent::gui
