// app/gui/panels/confusion.cpp — how the network answers the test set (the training set when
// there is no test set): for classification the K × K confusion matrix (rows: the actual class,
// columns: the predicted one; counts, and the share of each row), for regression the
// predicted-vs-actual scatter with the diagonal y = x.
//
// The answers are a CPU forward pass of the snapshot's weights (FieldEvaluator), by the rule the
// engine's accuracy uses (nn/session.cpp, evaluate: one output → above the midpoint of its range;
// several → the largest), recomputed when the weights changed and at most 4 times a second.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "gui/field.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {
constexpr double kEvalPeriod = 0.25;  // s between recomputations while the weights move

// The points evaluated: the test set, or the training set when there is none.
bool use_test(const nn::Dataset& d) { return d.test_count() > 0; }

int predicted_class(const FieldEvaluator& ev, const nn::Architecture& a, Eigen::Index j) {
  if (a.outputs == 1) return ev.output(0, j) > (a.output == nn::OutAct::sigmoid ? 0.5f : 0.0f) ? 1 : 0;
  int best = 0;
  for (int k = 1; k < a.outputs; ++k)
    if (ev.output(k, j) > ev.output(best, j)) best = k;
  return best;
}
}  // namespace

void update_evaluation(Ctx& c) {
  InsideState& in = c.ui.inside;
  const nn::Snapshot& s = c.snap;
  if (!s.data || !s.experiment || s.params.size() != s.arch.parameter_count() || !s.params.allFinite()) return;
  if (in.eval_params == s.params_version || (c.time - in.eval_time < kEvalPeriod && in.eval_time >= 0)) return;
  in.eval_params = s.params_version;
  in.eval_time = c.time;
  const nn::Dataset& d = *s.data;
  in.eval_test = use_test(d);
  const auto& feats = s.experiment->features;
  int n = 0;
  for (const nn::Point& p : d.points) n += p.test == in.eval_test ? 1 : 0;
  in.eval_x.resize(Eigen::Index(feats.size()), n);
  in.actual.clear();
  int j = 0;
  for (const nn::Point& p : d.points) {
    if (p.test != in.eval_test) continue;
    features_at(feats, p.x1, p.x2, in.eval_x.col(j++).data());
    in.actual.push_back(float(p.y));
  }
  in.eval.set(s.arch, s.params);
  if (n > 0) in.eval.forward(in.eval_x);
  const bool regression = d.task == nn::Task::regression;
  in.predicted.assign(size_t(n), 0.0f);
  in.eval_classes = regression ? 0 : std::max(2, d.classes);
  const int K = in.eval_classes;
  in.confusion.assign(size_t(K * K), 0);
  for (int i = 0; i < n; ++i) {
    if (regression) {
      in.predicted[size_t(i)] = in.eval.output(0, i);
      continue;
    }
    const int pred = predicted_class(in.eval, s.arch, i);
    const int act = std::clamp(int(std::lround(in.actual[size_t(i)])), 0, K - 1);
    in.predicted[size_t(i)] = float(pred);
    ++in.confusion[size_t(act * K + std::clamp(pred, 0, K - 1))];
  }
}

namespace {

// The matrix as a grid of cells, darker with the row's share; count and percentage in each.
void matrix(Ctx& c, float height) {
  const InsideState& in = c.ui.inside;
  const int K = in.eval_classes;
  const float s = c.s;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float label = ImGui::GetFontSize() * 1.6f;
  const float side = std::max(8.0f, std::min((ImGui::GetContentRegionAvail().x - label) / K, (height - label) / K));
  const Rgb accent = palette().dark ? Rgb{0.45f, 0.65f, 0.95f} : Rgb{0.10f, 0.35f, 0.75f};
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  const ImVec2 o(p.x + label, p.y + label);
  dl->AddText(f, f->FontSize, ImVec2(o.x, p.y), palette().text_dim, tr("confusion.predicted_right"));
  for (int a = 0; a < K; ++a) {
    int row = 0;
    for (int q = 0; q < K; ++q) row += in.confusion[size_t(a * K + q)];
    char t[40];
    std::snprintf(t, sizeof t, "%d", a);
    dl->AddText(f, f->FontSize, ImVec2(p.x + 2 * s, o.y + side * (a + 0.5f) - f->FontSize * 0.5f), class_color(a), t);
    if (a == 0 || K <= 8) dl->AddText(f, f->FontSize, ImVec2(o.x + side * (a + 0.5f) - 3 * s, p.y + f->FontSize), class_color(a), t);
    for (int q = 0; q < K; ++q) {
      const int n = in.confusion[size_t(a * K + q)];
      const float rate = row > 0 ? float(n) / float(row) : 0.0f;
      const ImVec2 a0(o.x + side * q, o.y + side * a), a1(a0.x + side - 1, a0.y + side - 1);
      dl->AddRectFilled(a0, a1, to_u32(accent, 0.08f + 0.85f * rate));
      if (side < 3.2f * f->FontSize) continue;
      const ImU32 tc = rate > 0.5f ? IM_COL32(255, 255, 255, 255) : palette().text;
      std::snprintf(t, sizeof t, "%d", n);
      dl->AddText(f, f->FontSize, ImVec2(a0.x + 4 * s, a0.y + 3 * s), tc, t);
      std::snprintf(t, sizeof t, "%.0f%%", rate * 100.0f);
      dl->AddText(f, f->FontSize, ImVec2(a0.x + 4 * s, a0.y + 3 * s + f->FontSize), tc, t);
    }
  }
  ImGui::Dummy(ImVec2(label + side * K, label + side * K));
  mark(c.ui, "confusion_matrix");
}

// Predicted against actual, one dot a point, and y = x.
void scatter(Ctx& c, float height) {
  const InsideState& in = c.ui.inside;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float side = std::max(40.0f, std::min(ImGui::GetContentRegionAvail().x, height) - 4 * c.s);
  float lo = -1, hi = 1;
  for (size_t i = 0; i < in.actual.size(); ++i)
    for (float v : {in.actual[i], in.predicted[i]})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const float pad = (hi - lo) * 0.05f;
  lo -= pad, hi += pad;
  auto at = [&](float x, float y) {
    return ImVec2(p.x + (x - lo) / (hi - lo) * side, p.y + side - (y - lo) / (hi - lo) * side);
  };
  dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), palette().dark ? IM_COL32(255, 255, 255, 8) : IM_COL32(0, 0, 0, 6));
  dl->AddLine(at(lo, lo), at(hi, hi), palette().text_dim, 1.0f);
  for (size_t i = 0; i < in.actual.size(); ++i)
    dl->AddCircleFilled(at(in.actual[i], in.predicted[i]), 2.2f * c.s, to_u32(kOrange, 0.8f), 8);
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  dl->AddText(f, f->FontSize, ImVec2(p.x + 4 * c.s, p.y + 2 * c.s), palette().text_dim, tr("confusion.predicted_up"));
  const char* actual = tr("confusion.actual_right");  // in the bottom-right corner, whatever its length
  const float actual_w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, actual).x;
  dl->AddText(f, f->FontSize, ImVec2(p.x + side - std::max(64 * c.s, actual_w + 4 * c.s), p.y + side - f->FontSize - 2 * c.s),
              palette().text_dim, actual);
  ImGui::Dummy(ImVec2(side, side));
  mark(c.ui, "pred_actual");
}

}  // namespace

void show_confusion(Ctx& c, float height) {
  update_evaluation(c);
  const InsideState& in = c.ui.inside;
  ImGui::TextDisabled(tr(in.eval_test ? "confusion.test_set" : "confusion.training_set"), in.actual.size());
  const float h = height - ImGui::GetTextLineHeightWithSpacing();
  if (in.eval_classes > 0 && !in.confusion.empty()) matrix(c, h);
  else if (in.eval_classes == 0 && !in.actual.empty()) scatter(c, h);
}

}  // namespace descent::gui
