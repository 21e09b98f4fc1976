// app/gui/field.cpp — the CPU field (see field.h).
#include "gui/field.h"

namespace descent::gui {

void features_at(const std::vector<nn::Feature>& features, double x1, double x2, float* out) {
  for (size_t i = 0; i < features.size(); ++i)
    out[i] = static_cast<float>(nn::feature_value(features[i], x1, x2));
}

Eigen::MatrixXf grid_inputs(const std::vector<nn::Feature>& features, const ViewRect& v, int w,
                            int h) {
  Eigen::MatrixXf X(static_cast<Eigen::Index>(features.size()), Eigen::Index(w) * h);  // (F, w·h)
  for (int j = 0; j < h; ++j) {
    const double x2 = v.y0 + (j + 0.5) / h * (v.y1 - v.y0);
    for (int i = 0; i < w; ++i) {
      const double x1 = v.x0 + (i + 0.5) / w * (v.x1 - v.x0);
      features_at(features, x1, x2, X.col(i + Eigen::Index(j) * w).data());
    }
  }
  return X;
}

void FieldEvaluator::set(const nn::Architecture& arch, const Eigen::VectorXf& params) {
  if (!net_ || !(net_->arch() == arch)) net_ = std::make_unique<nn::Network<float>>(arch);
  if (params.size() == net_->params().size()) net_->params() = params;
  else net_->params().setZero();
}

void FieldEvaluator::forward(const Eigen::MatrixXf& X) { net_->forward(X); }

float FieldEvaluator::value(int layer, int unit, Eigen::Index k) const {
  const int L = net_->layers();
  if (layer < 0 || layer >= L) layer = L - 1;
  return net_->activations(layer)(unit, k);
}

std::vector<float> cpu_field(const nn::Architecture& arch, const Eigen::VectorXf& params,
                             const std::vector<nn::Feature>& features, const ViewRect& view,
                             int w, int h, int layer, int unit) {
  const Eigen::MatrixXf X = grid_inputs(features, view, w, h);
  std::vector<float> out(size_t(w) * h);
  if (layer == kFeatureLayer) {
    for (Eigen::Index k = 0; k < X.cols(); ++k) out[k] = X(unit, k);
    return out;
  }
  FieldEvaluator ev;
  ev.set(arch, params);
  ev.forward(X);
  for (Eigen::Index k = 0; k < X.cols(); ++k) out[k] = ev.value(layer, unit, k);
  return out;
}

}  // namespace descent::gui
