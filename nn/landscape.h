// nn/landscape.h — a 2-D slice of the real network's training loss around its current weights
// (Li, Xu, Taylor, Studer, Goldstein 2018, "Visualizing the loss landscape of neural nets"),
// and the loss along the straight line from the initial to the current weights.
//
// The plane: θ(α, β) = θ + α·d1 + β·d2, with d1, d2 filter-normalized random directions: each
// neuron's incoming weights ("filter") in a Gaussian direction scaled to the norm of that
// neuron's weights in θ, so that the picture does not depend on how each layer happens to be
// scaled; biases are not moved (the paper's default). α, β run over [−radius, radius] on an
// N × N grid, N odd so that (0, 0) — the current weights — is a grid point: its loss is the
// run's train loss, to the last bit (the same evaluation, Session::evaluate).
// The optimizer's path (kept checkpoints) is drawn on the plane as each checkpoint's least-
// squares projection onto span(d1, d2) around θ.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "nn/background.h"
#include "nn/data.h"
#include "nn/experiment.h"

namespace nn {

// The plane's two directions.
//   random:  filter-normalized random directions (above).
//   path:    the trajectory's first two principal directions (Li et al., section 7): the PCA of
//            the kept checkpoints' offsets from the current weights, as unit vectors; the grid's
//            radius is then 1.25 × the path's largest coordinate, so the whole path is on it.
enum class Plane : uint8_t { random, path };

struct LandscapeOptions {
  int grid = 21;          // N (odd, 3–201)
  double radius = 1.0;    // α, β ∈ [−radius, radius] (Plane::random)
  Plane plane = Plane::random;
  uint64_t seed = 1;      // of the random directions
  int line_points = 41;   // the 1-D line: t from −0.5 to 1.5 (0: initial weights, 1: current)
};

struct PathPoint {
  long epoch = 0;
  double alpha = 0.0, beta = 0.0;
};

struct Landscape {
  int n = 0;
  std::vector<double> coords;   // (n) α (and β) values, coords[(n−1)/2] == 0 exactly
  std::vector<double> loss;     // (n·n) train loss at (coords[i], coords[j]): loss[j·n + i]
  double centre_loss = 0.0;     // loss at (0, 0): the current weights
  double min_loss = 0.0, max_loss = 0.0;  // finite values only (non-finite are stored as is)
  std::vector<PathPoint> path;  // the trajectory on the plane, in the order given
  std::vector<double> line_t, line_loss;  // loss at (1 − t)·θ0 + t·θ
  Eigen::VectorXf d1, d2;       // the directions (P)
  bool cancelled = false;
};

// Filter-normalized random direction for the network of `e` over `data` at weights `theta`.
Eigen::VectorXf filter_normalized_direction(const Experiment& e, const Dataset& data,
                                            const Eigen::VectorXf& theta, Rng& rng);

// A plane along the path needs this many points of the trajectory (weights of the network's
// size); with fewer, path_directions throws. The app checks it before it asks, and says why in
// its own words.
inline constexpr size_t kMinPathPoints = 2;

// The trajectory's first two principal directions around `theta` (unit vectors; a zero vector
// where the trajectory spans fewer dimensions). Throws nn::Error with fewer than kMinPathPoints.
std::pair<Eigen::VectorXf, Eigen::VectorXf> path_directions(
    const Eigen::VectorXf& theta, const std::vector<std::pair<long, Eigen::VectorXf>>& trajectory);

// Computes the slice. `initial` are the run's initial weights; `trajectory` the kept
// checkpoints' (epoch, weights). Throws nn::Error for bad options or weights of the wrong size.
Landscape compute_landscape(const Experiment& e, const Dataset& data, const Eigen::VectorXf& current,
                            const Eigen::VectorXf& initial,
                            const std::vector<std::pair<long, Eigen::VectorXf>>& trajectory,
                            const LandscapeOptions& o = {}, Progress* progress = nullptr);

}  // namespace nn
