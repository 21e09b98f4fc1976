// tests/lab_helpers.h — shared by the learning-rate lab's tests: presets, and "the same
// numbers, bit for bit" for rows and weights (NaN equals NaN when its bits do).
#pragma once

#include <Eigen/Core>
#include <cstring>
#include <string>
#include <vector>

#include "nn/experiment.h"
#include "nn/history.h"

namespace lab_test {

inline nn::Experiment preset(const std::string& slug) {
  return nn::load_experiment(std::string(DESCENT_SOURCE_DIR) + "/assets/presets/" + slug + ".json");
}

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline bool same_row(const nn::EpochRow& a, const nn::EpochRow& b) {
  return a.epoch == b.epoch && same_bits(a.train_loss, b.train_loss) && same_bits(a.test_loss, b.test_loss) &&
         same_bits(a.penalty, b.penalty) && same_bits(a.train_metric, b.train_metric) &&
         same_bits(a.test_metric, b.test_metric) && same_bits(a.lr, b.lr);
}

inline bool same_params(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * size_t(a.size())) == 0;
}

}  // namespace lab_test
