// nn/loss.h — losses, as a table of rows, and their value and gradient with respect to the
// output layer's pre-activation z (so BCE and cross-entropy use the stable fused forms).
//
// Normalisation (what "mean" means), chosen to match the reference each loss is named after:
//   mse                  (1 / (K n)) Σ (y − t)²            PyTorch MSELoss(reduction='mean')
//   half_squared_error   (1 / n) Σ_samples Σ_k ½ (y − t)²  TensorFlow Playground
//   binary_cross_entropy (1 / (K n)) Σ −[t ln y + (1−t) ln(1−y)], y = σ(z)  BCEWithLogitsLoss
//   cross_entropy        (1 / n) Σ_samples −ln softmax(z)_t                  CrossEntropyLoss
#pragma once

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "nn/activation.h"

namespace nn {

enum class Loss : uint8_t { mse, half_squared_error, binary_cross_entropy, cross_entropy };

struct LossRow {
  Loss id;
  const char* name;
  const char* formula;
};

inline constexpr std::array<LossRow, 4> kLosses{{
    {Loss::mse, "mse", "L = mean over samples and outputs of (y - t)^2"},
    {Loss::half_squared_error, "half_squared_error", "L = mean over samples of sum_k 1/2 (y_k - t_k)^2"},
    {Loss::binary_cross_entropy, "binary_cross_entropy", "L = -mean[t ln y + (1 - t) ln(1 - y)], y = sigmoid(z)"},
    {Loss::cross_entropy, "cross_entropy", "L = -mean ln softmax(z)_class"},
}};

inline const char* name(Loss l) { return kLosses[static_cast<int>(l)].name; }

// Does this output activation make sense with this loss?
inline bool compatible(OutAct out, Loss loss) {
  switch (loss) {
    case Loss::mse:
    case Loss::half_squared_error: return out != OutAct::softmax;
    case Loss::binary_cross_entropy: return out == OutAct::sigmoid;
    case Loss::cross_entropy: return out == OutAct::softmax;
  }
  return false;
}
inline const char* compatible_pairs_text() {
  return "mse or half_squared_error with a linear, sigmoid or tanh output; "
         "binary_cross_entropy with a sigmoid output; cross_entropy with a softmax output";
}

// y = output activation of z (K×n), column-wise for softmax.
template <typename Z, typename Y>
void output_activate(OutAct a, const Eigen::MatrixBase<Z>& z, Eigen::MatrixBase<Y> const& y_) {
  using T = typename Z::Scalar;
  auto& y = const_cast<Eigen::MatrixBase<Y>&>(y_);
  switch (a) {
    case OutAct::linear: y = z; break;
    case OutAct::sigmoid: y = (T(1) / (T(1) + (-z.array()).exp())).matrix(); break;
    case OutAct::tanh: y = z.array().tanh().matrix(); break;
    case OutAct::softmax:
      for (Eigen::Index j = 0; j < z.cols(); ++j) {
        const T m = z.col(j).maxCoeff();
        y.col(j) = (z.col(j).array() - m).exp().matrix();
        y.col(j) /= y.col(j).sum();
      }
      break;
  }
}

// Data loss over a batch: z, y, t are K×n (t one-hot for cross_entropy).
template <typename Z, typename Y, typename Tg>
double loss_value(Loss loss, const Eigen::MatrixBase<Z>& z, const Eigen::MatrixBase<Y>& y,
                  const Eigen::MatrixBase<Tg>& t) {
  const double n = static_cast<double>(z.cols());
  const double kn = static_cast<double>(z.size());
  if (z.cols() == 0) return 0.0;
  switch (loss) {
    case Loss::mse: return (y - t).template cast<double>().squaredNorm() / kn;
    case Loss::half_squared_error: return 0.5 * (y - t).template cast<double>().squaredNorm() / n;
    case Loss::binary_cross_entropy: {
      const auto zd = z.template cast<double>().array();
      const auto td = t.template cast<double>().array();
      // max(z,0) − z t + ln(1 + e^−|z|)
      return (zd.max(0.0) - zd * td + (-zd.abs()).exp().log1p()).sum() / kn;
    }
    case Loss::cross_entropy: {
      double s = 0.0;
      for (Eigen::Index j = 0; j < z.cols(); ++j) {
        const auto zc = z.col(j).template cast<double>();
        const double m = zc.maxCoeff();
        const double lse = m + std::log((zc.array() - m).exp().sum());
        s += lse - zc.dot(t.col(j).template cast<double>());
      }
      return s / n;
    }
  }
  return 0.0;
}

// dL/dz over a batch (K×n), already divided by the loss's normaliser.
template <typename Z, typename Y, typename Tg, typename G>
void loss_gradient(Loss loss, OutAct out, const Eigen::MatrixBase<Z>& z,
                   const Eigen::MatrixBase<Y>& y, const Eigen::MatrixBase<Tg>& t,
                   Eigen::MatrixBase<G> const& g_) {
  using T = typename Z::Scalar;
  auto& g = const_cast<Eigen::MatrixBase<G>&>(g_);
  const T n = static_cast<T>(z.cols());
  const T kn = static_cast<T>(z.size());
  switch (loss) {
    case Loss::mse:
    case Loss::half_squared_error: {
      const T scale = loss == Loss::mse ? T(2) / kn : T(1) / n;
      switch (out) {
        case OutAct::linear: g = scale * (y - t); break;
        case OutAct::sigmoid: g = (scale * (y - t).array() * y.array() * (T(1) - y.array())).matrix(); break;
        case OutAct::tanh: g = (scale * (y - t).array() * (T(1) - y.array().square())).matrix(); break;
        case OutAct::softmax: g.setZero(); break;  // refused by compatible()
      }
      break;
    }
    case Loss::binary_cross_entropy: g = (y - t) / kn; break;  // y = σ(z)
    case Loss::cross_entropy: g = (y - t) / n; break;          // y = softmax(z)
  }
}

}  // namespace nn
