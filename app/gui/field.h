// app/gui/field.h — the CPU path: the network's output (or one neuron's) over a grid of the
// input plane, computed with nn::Network<float> exactly as training computes it.
//
// Used for the per-neuron thumbnails, the read-out under the pointer, 1-D curves, PNG export
// and the self-test that compares it with the fragment shader (they must agree).
// Grid convention (the same as the GL textures): pixel (i, j) has its centre at
//   x1 = x0 + (i + 0.5) / w · (x1 − x0),  x2 = y0 + (j + 0.5) / h · (y1 − y0),  row j = 0 at the bottom.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "gui/ui.h"
#include "nn/features.h"
#include "nn/network.h"

namespace descent::gui {

// Offsets of W(l) and b(l) in the flat parameter vector (Network's layout, see network.h).
struct ParamLayout {
  std::vector<int> w_off, b_off;
  explicit ParamLayout(const nn::Architecture& a);
  // Index of W(l)(row, col) (W is column-major, out × in) or of b(l)(row) when col < 0.
  int index(const nn::Architecture& a, int l, int row, int col) const {
    return col < 0 ? b_off[l] + row : w_off[l] + col * a.fan_out(l) + row;
  }
};

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
  bool ready() const { return net_ != nullptr; }
  const nn::Architecture& arch() const { return net_->arch(); }
  // Forward X (F × n). Then value(layer, unit, k) reads the result for point k:
  //   layer −2 (or the last layer): network output `unit`; layer l ≥ 0: hidden layer l.
  void forward(const Eigen::MatrixXf& X);
  float value(int layer, int unit, Eigen::Index k) const;
  const nn::Network<float>& net() const { return *net_; }

 private:
  std::unique_ptr<nn::Network<float>> net_;
};

// One value per pixel (row j = 0 at the bottom): what the shader writes in its raw mode.
// layer −2: network output `unit`; −1: input feature `unit` (index into the enabled
// features); l ≥ 0: hidden layer l's neuron `unit`.
std::vector<float> cpu_field(const nn::Architecture& arch, const Eigen::VectorXf& params,
                             const std::vector<nn::Feature>& features, const ViewRect& view,
                             int w, int h, int layer, int unit);

}  // namespace descent::gui
