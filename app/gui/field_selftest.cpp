// app/gui/field_selftest.cpp — DESCENT_SELFTEST_FIELD=1: the shader's field against the CPU's
// (see test_hooks.h). The two paths must agree for every activation, output activation,
// feature and layer width the shader has a variant for, and in the colours they produce.
#include <algorithm>
#include <cmath>

#include "gui/boundary.h"
#include "gui/field.h"
#include "gui/test_hooks.h"

namespace descent::gui {

namespace {

void compare_field(BoundaryRenderer& br, const nn::Architecture& a, const Eigen::VectorXf& p,
                   const std::vector<nn::Feature>& f, const ViewRect& v, int layer, int unit,
                   SelftestResult& r) {
  constexpr int W = 48, H = 40;
  const std::vector<float> gpu = br.read_raw(a, p, f, v, W, H, layer, unit);
  const std::vector<float> cpu = cpu_field(a, p, f, v, W, H, layer, unit);
  if (gpu.size() != cpu.size()) {
    r.max_abs_diff = INFINITY;
    return;
  }
  for (size_t i = 0; i < cpu.size(); ++i) {
    const double d = std::fabs(double(gpu[i]) - cpu[i]) / std::max(1.0, std::fabs(double(cpu[i])));
    if (!(d <= r.max_abs_diff)) r.max_abs_diff = std::isnan(d) ? INFINITY : std::max(r.max_abs_diff, d);
  }
  ++r.cases;
}

}  // namespace

SelftestResult field_selftest(BoundaryRenderer& br, const nn::Snapshot& s) {
  SelftestResult r;
  r.ran = true;
  if (!br.shader_ok()) {
    r.max_abs_diff = INFINITY;
    return r;
  }
  // 1. The snapshot's own network, output and every hidden unit of the first layer.
  const ViewRect view;
  compare_field(br, s.arch, s.params, s.experiment->features, view, kOutputLayer, 0, r);
  for (int u = 0; u < s.arch.fan_out(0) && s.arch.layers() > 1; ++u)
    compare_field(br, s.arch, s.params, s.experiment->features, view, 0, u, r);
  // 2. Every activation × every output activation, all seven features, random weights.
  std::vector<nn::Feature> all;
  for (const auto& row : nn::kFeatures) all.push_back(row.id);
  nn::Rng rng(12345);
  for (const auto& act : nn::kActivations)
    for (const auto& out : nn::kOutputs) {
      nn::Architecture a;
      a.inputs = 7;
      a.hidden = {5, 3};
      a.activations = {act.id, act.id};
      a.outputs = out.id == nn::OutAct::softmax ? 3 : 1;
      a.output = out.id;
      Eigen::VectorXf p(a.parameter_count());
      for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = float(rng.uniform(-0.4, 0.4));
      // exp grows fast: a smaller window keeps values finite in float on both paths
      const ViewRect v = act.id == nn::Act::exp ? ViewRect{-1.5, 1.5, -1.5, 1.5} : ViewRect{};
      for (int u = 0; u < a.outputs; ++u) compare_field(br, a, p, all, v, kOutputLayer, u, r);
      compare_field(br, a, p, all, v, 0, 1, r);
      compare_field(br, a, p, all, v, 1, 2, r);
      compare_field(br, a, p, all, v, kFeatureLayer, 4, r);
    }
  // 3. Wider layers: the shader's other MAX_GROUPS variants.
  for (const std::vector<int>& hidden : {std::vector<int>{20, 40}, std::vector<int>{3, 37, 9}}) {
    nn::Architecture a;
    a.inputs = 7;
    a.hidden = hidden;
    a.activations.assign(hidden.size(), nn::Act::tanh);
    a.activations[0] = nn::Act::relu;
    a.outputs = 5;
    a.output = nn::OutAct::softmax;
    Eigen::VectorXf p(a.parameter_count());
    for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = float(rng.uniform(-0.3, 0.3));
    for (int u = 0; u < a.outputs; ++u) compare_field(br, a, p, all, ViewRect{}, kOutputLayer, u, r);
    compare_field(br, a, p, all, ViewRect{}, 1, hidden[1] - 1, r);
  }
  // 4. Colours: the shader's picture of the snapshot against the CPU's colouring of the CPU
  //    field (same ColorSpec), in units of one 8-bit step.
  {
    constexpr int N = 48;
    const std::vector<uint8_t> gpu = br.read_color(s, view, false, false, N, N);
    const ColorSpec spec = color_spec(s, NodeRef{}, false, false);
    const std::vector<Rgb> cpu =
        cpu_colors(s.arch, s.params, s.experiment->features, view, N, N, kOutputLayer, 0, spec);
    for (int j = 0; j < N; ++j)
      for (int i = 0; i < N; ++i) {
        const Rgb& c = cpu[size_t(i) + size_t(N - 1 - j) * N];  // read_color: row 0 at the top
        const uint8_t* px = &gpu[(size_t(j) * N + i) * 4];
        const double d = std::max({std::fabs(px[0] - c.r * 255.0), std::fabs(px[1] - c.g * 255.0),
                                   std::fabs(px[2] - c.b * 255.0)});
        r.max_color_diff = std::max(r.max_color_diff, d);
      }
  }
  return r;
}

}  // namespace descent::gui
