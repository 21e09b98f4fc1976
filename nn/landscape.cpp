// nn/landscape.cpp — the loss landscape (see landscape.h).
#include "nn/landscape.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "nn/session.h"

namespace nn {

namespace {

constexpr uint64_t kDirectionStream = 0x4C414E44ULL;  // "LAND"

// The training loss at weights p: Session::evaluate, the evaluation the run reports.
double train_loss_at(Session& s, const Eigen::VectorXf& p) {
  s.set_params(p);
  return s.evaluate().train_loss;
}

void check_options(const LandscapeOptions& o) {
  if (o.grid < 3 || o.grid > 201 || o.grid % 2 == 0)
    throw Error("grid: must be odd, 3 to 201 (the current weights are its centre), got " + std::to_string(o.grid));
  if (!(o.radius > 0.0) || !std::isfinite(o.radius)) throw Error("radius: must be > 0");
  if (o.line_points < 0 || o.line_points > 1001) throw Error("line points: must be 0 to 1001");
}

// Least-squares coordinates of v in span(d1, d2).
PathPoint project(const Eigen::VectorXf& v, const Eigen::VectorXf& d1, const Eigen::VectorXf& d2) {
  const Eigen::VectorXd a = d1.cast<double>(), b = d2.cast<double>(), x = v.cast<double>();
  const double aa = a.dot(a), ab = a.dot(b), bb = b.dot(b), ax = a.dot(x), bx = b.dot(x);
  const double det = aa * bb - ab * ab;
  PathPoint p;
  if (det > 1e-12 * aa * bb) {
    p.alpha = (bb * ax - ab * bx) / det;
    p.beta = (aa * bx - ab * ax) / det;
  } else if (aa > 0.0) {  // a line, not a plane (a path with one direction only)
    p.alpha = ax / aa;
  }
  return p;
}

}  // namespace

// Sets L.d1, L.d2 as the options ask; returns the grid's radius.
static double choose_plane(Landscape& L, const Experiment& e, const Dataset& data, const Eigen::VectorXf& current,
                           const std::vector<std::pair<long, Eigen::VectorXf>>& trajectory, const LandscapeOptions& o) {
  if (o.plane == Plane::random) {
    Rng rng(o.seed ^ kDirectionStream);
    L.d1 = filter_normalized_direction(e, data, current, rng);
    L.d2 = filter_normalized_direction(e, data, current, rng);
    return o.radius;
  }
  std::tie(L.d1, L.d2) = path_directions(current, trajectory);
  double reach = 0.0;
  for (const auto& [epoch, w] : trajectory) {
    if (w.size() != current.size()) continue;
    const PathPoint pp = project(w - current, L.d1, L.d2);
    reach = std::max({reach, std::abs(pp.alpha), std::abs(pp.beta)});
  }
  return reach > 0.0 ? 1.25 * reach : o.radius;
}

Eigen::VectorXf filter_normalized_direction(const Experiment& e, const Dataset& data,
                                            const Eigen::VectorXf& theta, Rng& rng) {
  Net net(architecture_of(e, data));
  if (theta.size() != net.params().size())
    throw Error("expected " + std::to_string(net.params().size()) + " weights, got " + std::to_string(theta.size()));
  net.params() = theta;
  Net dir(net.arch());
  dir.params().setZero();  // biases stay where they are
  for (int l = 0; l < net.layers(); ++l) {
    auto D = dir.W(l);
    const auto W = net.W(l);
    for (Eigen::Index r = 0; r < D.rows(); ++r) {
      for (Eigen::Index c = 0; c < D.cols(); ++c) D(r, c) = float(rng.normal());
      const double dn = D.row(r).cast<double>().norm(), wn = W.row(r).cast<double>().norm();
      D.row(r) *= dn > 0.0 ? float(wn / dn) : 0.f;
    }
  }
  return dir.params();
}

std::pair<Eigen::VectorXf, Eigen::VectorXf> path_directions(
    const Eigen::VectorXf& theta, const std::vector<std::pair<long, Eigen::VectorXf>>& trajectory) {
  std::vector<Eigen::VectorXd> cols;
  for (const auto& [epoch, w] : trajectory)
    if (w.size() == theta.size()) cols.push_back((w - theta).cast<double>());
  if (cols.size() < kMinPathPoints)
    throw Error("a plane along the path needs at least " + std::to_string(kMinPathPoints) + " kept checkpoints");
  Eigen::MatrixXd X(theta.size(), Eigen::Index(cols.size()));
  for (size_t k = 0; k < cols.size(); ++k) X.col(Eigen::Index(k)) = cols[k];
  // Principal directions from the small Gram matrix XᵀX (k × k) rather than the P × P one.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(X.transpose() * X);
  const Eigen::Index k = X.cols();
  auto direction = [&](Eigen::Index i) -> Eigen::VectorXf {
    const Eigen::VectorXd d = X * eig.eigenvectors().col(i);  // eigenvalues ascend: last is largest
    const double n = d.norm();
    return n > 1e-12 * std::max(1.0, X.norm()) ? Eigen::VectorXf((d / n).cast<float>())
                                                : Eigen::VectorXf::Zero(theta.size());
  };
  return {direction(k - 1), direction(k - 2)};
}

Landscape compute_landscape(const Experiment& e, const Dataset& data, const Eigen::VectorXf& current,
                            const Eigen::VectorXf& initial,
                            const std::vector<std::pair<long, Eigen::VectorXf>>& trajectory,
                            const LandscapeOptions& o, Progress* progress) {
  check_options(o);
  Session s(e, data);
  if (current.size() != s.network().params().size() || initial.size() != current.size())
    throw Error("expected " + std::to_string(s.network().params().size()) + " weights, got " +
                std::to_string(current.size()));
  Landscape L;
  L.n = o.grid;
  const double radius = choose_plane(L, e, data, current, trajectory, o);
  const int half = (L.n - 1) / 2;
  for (int i = 0; i < L.n; ++i) L.coords.push_back(radius * double(i - half) / double(half));

  const double total = double(L.n) * L.n + o.line_points;
  double done = 0.0;
  Eigen::VectorXf p(current.size());
  L.loss.assign(size_t(L.n) * L.n, std::numeric_limits<double>::quiet_NaN());
  for (int j = 0; j < L.n && !L.cancelled; ++j) {
    for (int i = 0; i < L.n && !L.cancelled; ++i) {  // a cancel waits one evaluation at most
      const float a = float(L.coords[size_t(i)]), b = float(L.coords[size_t(j)]);
      if (i == half && j == half) p = current;  // the centre: the weights themselves
      else p = current + a * L.d1 + b * L.d2;
      L.loss[size_t(j) * L.n + i] = train_loss_at(s, p);
      done += 1.0;
      if (progress) {
        progress->set(done / total);
        L.cancelled = progress->cancelled();
      }
    }
  }
  L.centre_loss = L.loss[size_t(half) * L.n + half];
  L.min_loss = std::numeric_limits<double>::infinity();
  L.max_loss = -L.min_loss;
  for (double v : L.loss)
    if (std::isfinite(v)) L.min_loss = std::min(L.min_loss, v), L.max_loss = std::max(L.max_loss, v);

  for (const auto& [epoch, w] : trajectory) {
    if (w.size() != current.size()) continue;
    PathPoint pp = project(w - current, L.d1, L.d2);
    pp.epoch = epoch;
    L.path.push_back(pp);
  }

  // The line from θ0 to θ, as (1 − t)·θ0 + t·θ: exactly θ0 at t = 0 and θ at t = 1.
  const int lo = -(o.line_points - 1) / 4;
  for (int k = 0; k < o.line_points && !L.cancelled; ++k) {
    const double t = double(lo + k) / double(std::max(1, (o.line_points - 1) / 2));
    p = ((1.0 - t) * initial.cast<double>() + t * current.cast<double>()).cast<float>();
    L.line_t.push_back(t);
    L.line_loss.push_back(train_loss_at(s, p));
    if (progress) {
      progress->set((done += 1.0) / total);
      L.cancelled = progress->cancelled();
    }
  }
  if (progress) progress->set(1.0);
  return L;
}

}  // namespace nn
