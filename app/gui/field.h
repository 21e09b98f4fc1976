// app/gui/field.h — the CPU path: the network's output (or one neuron's) over a grid of the
// input plane, computed with nn::Network<float> exactly as training computes it.
//
// Used for the per-neuron thumbnails, the read-out under the pointer, 1-D curves, PNG export
// and the self-test that compares it with the fragment shader (they must agree).
// Grid convention (the same as the GL textures): pixel (i, j) has its centre at
//   x1 = x0 + (i + 0.5) / w · (x1 − x0),  x2 = y0 + (j + 0.5) / h · (y1 − y0),  row j = 0 at the bottom.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "nn/features.h"
#include "nn/network.h"

namespace descent::gui {

// The visible part of the input plane in the output view.
struct ViewRect {
  double x0 = -6.0, x1 = 6.0;  // horizontal: x1 (the feature)
  double y0 = -6.0, y1 = 6.0;  // vertical: x2
  bool operator==(const ViewRect&) const = default;
};

// Layer numbers that are not a weight layer's. A field (cpu_field, the shader's u_show_layer)
// shows the network's output (kOutputLayer), an input feature (kFeatureLayer) or a layer l ≥ 0.
inline constexpr int kOutputLayer = -2;
inline constexpr int kFeatureLayer = -1;

// The network's input vector at (x1, x2): the enabled features, in the experiment's order.
void features_at(const std::vector<nn::Feature>& features, double x1, double x2, float* out);

// Inputs (F × w·h) at the pixel centres of a w × h grid over `view`, column i + j·w.
Eigen::MatrixXf grid_inputs(const std::vector<nn::Feature>& features, const ViewRect& view, int w,
                            int h);

// A network evaluated on a batch of points; keeps its workspaces between calls.
class FieldEvaluator {
 public:
  // Adopt an architecture and parameters (re-allocates only when the architecture changes).
  void set(const nn::Architecture& arch, const Eigen::VectorXf& params);
  const nn::Architecture& arch() const { return net_->arch(); }
  // Forward X (F × n). Then value(layer, unit, k) reads the result for point k: layer
  // kOutputLayer (or the last layer) the network's output `unit`, layer l ≥ 0 hidden layer l;
  // output(unit, k) is value(kOutputLayer, unit, k).
  void forward(const Eigen::MatrixXf& X);
  float value(int layer, int unit, Eigen::Index k) const;
  float output(int unit, Eigen::Index k) const { return value(kOutputLayer, unit, k); }
  const nn::Network<float>& net() const { return *net_; }

 private:
  std::unique_ptr<nn::Network<float>> net_;
};

// One value per pixel (row j = 0 at the bottom): what the shader writes in its raw mode.
// layer kOutputLayer: network output `unit`; kFeatureLayer: input feature `unit` (index into
// the enabled features); l ≥ 0: hidden layer l's neuron `unit`.
std::vector<float> cpu_field(const nn::Architecture& arch, const Eigen::VectorXf& params,
                             const std::vector<nn::Feature>& features, const ViewRect& view,
                             int w, int h, int layer, int unit);

}  // namespace descent::gui
