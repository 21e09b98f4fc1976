// nn/layer_stats.cpp — per-layer statistics and their bounded history (see layer_stats.h).
#include "nn/layer_stats.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace nn {

namespace {

using ArrayXXf = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic>;

// Mean, standard deviation and percentile bands of `v` (reordered in place). Percentiles are
// nearest-rank on the sorted values: index round(p/100 · (n − 1)).
Distribution distribution(std::vector<float>& v) {
  Distribution d;
  if (v.empty()) return d;
  double sum = 0.0, sq = 0.0;
  for (float x : v) {
    sum += x;
    sq += double(x) * x;
  }
  const double n = double(v.size());
  d.mean = sum / n;
  d.std = std::sqrt(std::max(0.0, sq / n - d.mean * d.mean));
  auto from = v.begin();
  for (size_t i = 0; i < kPercentiles.size(); ++i) {  // ascending: each search starts past the last
    const auto k = v.begin() + std::lround(kPercentiles[i] / 100.0 * (n - 1));
    if (k >= from) {
      std::nth_element(from, k, v.end());
      from = k;
    }
    d.bands[i] = *k;
  }
  return d;
}

// Mean and std over every value of m (units × points); the bands over at most about
// kBandValues of them — every unit, at points spread evenly — since the percentile search is
// what costs (≈ 50 ns a value) and a band needs no more to be drawn.
Distribution distribution_of(const ArrayXXf& m, std::vector<float>& scratch) {
  const Eigen::Index units = m.rows(), points = m.cols();
  const Eigen::Index cols = std::min<Eigen::Index>(points, (kBandValues + units - 1) / std::max<Eigen::Index>(units, 1));
  scratch.clear();
  for (Eigen::Index i = 0; i < cols; ++i) {
    const Eigen::Index j = i * points / cols;
    scratch.insert(scratch.end(), m.data() + j * units, m.data() + (j + 1) * units);
  }
  Distribution d = distribution(scratch);
  if (cols < points) {
    d.mean = double(m.cast<double>().mean());
    d.std = std::sqrt(std::max(0.0, m.cast<double>().square().mean() - d.mean * d.mean));
  }
  return d;
}

bool saturated_value(float a, float lo, float hi) {
  const float margin = float(kSaturationMargin) * (hi - lo);
  return a < lo + margin || a > hi - margin;
}

UnitState saturation(const Eigen::Ref<const Eigen::ArrayXf>& a, float lo, float hi) {
  if (a.size() == 0) return UnitState::ok;
  Eigen::Index n = 0;
  for (Eigen::Index j = 0; j < a.size(); ++j) n += saturated_value(a(j), lo, hi) ? 1 : 0;
  return double(n) >= kSaturatedShare * double(a.size()) ? UnitState::saturated : UnitState::ok;
}

// δ of every layer for each sample's own loss, from the last forward pass (float, as trained).
std::vector<ArrayXXf> deltas(const Network<float>& net, const std::vector<ArrayXXf>& z,
                             const std::vector<ArrayXXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& T, Loss loss) {
  const int L = net.layers();
  const Eigen::Index n = T.cols();
  std::vector<ArrayXXf> d(L);
  Eigen::MatrixXf g(T.rows(), n);
  loss_gradient(loss, net.arch().output, z[L - 1].matrix(), a[L - 1].matrix(), T, g);
  d[L - 1] = g.array() * float(n);  // loss_gradient averages over the batch; undo it per sample
  for (int l = L - 1; l > 0; --l) {
    ArrayXXf slope(z[l - 1].rows(), n);
    derivative(net.arch().activations[l - 1], z[l - 1], a[l - 1], slope);
    d[l - 1] = (net.W(l).transpose() * d[l].matrix()).array() * slope;
  }
  return d;
}

}  // namespace

UnitState classify_unit(Act act, const Eigen::Ref<const Eigen::ArrayXf>& z, const Eigen::Ref<const Eigen::ArrayXf>& a) {
  switch (act) {
    case Act::relu: return z.size() > 0 && (z <= 0.f).all() ? UnitState::dead : UnitState::ok;
    case Act::sigmoid: return saturation(a, 0.f, 1.f);
    case Act::tanh: return saturation(a, -1.f, 1.f);
    default: return UnitState::ok;
  }
}

UnitState classify_output_unit(OutAct act, const Eigen::Ref<const Eigen::ArrayXf>& a) {
  switch (act) {
    case OutAct::sigmoid: return saturation(a, 0.f, 1.f);
    case OutAct::tanh: return saturation(a, -1.f, 1.f);
    default: return UnitState::ok;
  }
}

// ---------------------------------------------------------------------------------------------
void LayerHistory::clear() {
  rows_.clear();
  last_.reset();
  stride_ = 1;
}

void LayerHistory::push(std::shared_ptr<const LayerStatsRow> row) {
  last_ = row;
  const long epoch = row->epoch;
  if (epoch % stride_ != 0) return;
  if (rows_.size() == capacity_) {  // decimate: keep rows at multiples of the doubled stride
    stride_ *= 2;
    size_t k = 0;
    for (auto& r : rows_)
      if (r->epoch % stride_ == 0) rows_[k++] = std::move(r);
    rows_.resize(k);
    if (epoch % stride_ != 0) return;
  }
  rows_.push_back(std::move(row));
}

// ---------------------------------------------------------------------------------------------
LayerStatsRow sample_layer_stats(Network<float>& net, const Eigen::Ref<const Eigen::MatrixXf>& X,
                                 const Eigen::Ref<const Eigen::MatrixXf>& T, Loss loss) {
  const int L = net.layers();
  const Architecture& arch = net.arch();
  LayerStatsRow row;
  row.layers.resize(L);
  std::vector<ArrayXXf> z(L), a(L);
  if (X.cols() > 0) {
    net.forward(X);
    for (int l = 0; l < L; ++l) {
      z[l] = net.pre_activations(l).array();
      a[l] = net.activations(l).array();
    }
  }
  const std::vector<ArrayXXf> d = X.cols() > 0 ? deltas(net, z, a, T, loss) : std::vector<ArrayXXf>(L);
  std::vector<float> scratch;
  for (int l = 0; l < L; ++l) {
    LayerStats& s = row.layers[l];
    s.fan_in = arch.fan_in(l);
    s.fan_out = arch.fan_out(l);
    s.weight_norm = net.W(l).cast<double>().norm();
    s.units.assign(s.fan_out, UnitState::ok);
    if (X.cols() == 0) continue;
    for (int u = 0; u < s.fan_out; ++u)
      s.units[u] = l == L - 1 ? classify_output_unit(arch.output, a[l].row(u).transpose())
                              : classify_unit(arch.activations[l], z[l].row(u).transpose(), a[l].row(u).transpose());
    const auto count = [&](UnitState st) { return double(std::count(s.units.begin(), s.units.end(), st)); };
    s.dead_fraction = count(UnitState::dead) / s.fan_out;
    s.saturated_fraction = count(UnitState::saturated) / s.fan_out;
    s.z = distribution_of(z[l], scratch);
    s.a = distribution_of(a[l], scratch);
    s.delta = distribution_of(d[l], scratch);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
namespace {
// Cost model of the automatic spacing, in nanoseconds of one core of the CI machine (Zen 4),
// fitted to tests/bench's cases with rows every epoch and never (thread CPU time, quiet machine):
//   a row    ≈ points × (4 ns a multiply-add of one forward pass + 100 ns a unit: its share of
//              the percentile searches, the unit rules and the copies)   [0.2 ms for
//              playground_default, 1 ms for playground_heavy, 8–10 ms for the 64-64-64 nets]
//   an epoch ≈ 0.011 ns a multiply-add (forward + backward + update of the training set, then
//              the evaluation of every point; fullbatch_10k's rate, the fastest, so that the
//              estimate errs toward fewer rows) + 80 ns a layer per optimizer step (calls,
//              setup)   [6.8 µs playground_default, 25 µs playground_heavy, 4.6 ms fullbatch_10k]
// Only the ratio matters; the spacing is a power of two, so a slower or faster machine moves it
// by a factor of two at most.
constexpr double kRowNsPerMac = 4.0, kRowNsPerUnit = 100.0;
constexpr double kEpochNsPerMac = 0.011, kStepNsPerLayer = 80.0;
}  // namespace

long LayerStatsRecorder::interval(const Architecture& arch, Eigen::Index n_train, Eigen::Index n_test,
                                  int steps_per_epoch) const {
  if (every_ > 0) return every_;
  double macs = 0.0, units = 0.0;
  for (int l = 0; l < arch.layers(); ++l) {
    macs += double(arch.fan_in(l)) * arch.fan_out(l);
    units += arch.fan_out(l);
  }
  const double points = double(std::min<Eigen::Index>(n_train, kStatsPoints));
  const double row_ns = points * (kRowNsPerMac * macs + kRowNsPerUnit * units);
  const double epoch_ns = kEpochNsPerMac * double(3 * n_train + n_train + n_test) * macs +
                          kStepNsPerLayer * arch.layers() * double(steps_per_epoch);
  const double epochs = row_ns / (kStatsBudget * std::max(epoch_ns, 1.0));
  if (epochs <= 1.0) return 1;
  return long(std::bit_ceil(static_cast<unsigned long>(std::ceil(std::min(epochs, 1e15)))));
}

void LayerStatsRecorder::clear() {
  history_.clear();
  have_step_ = false;
}

void LayerStatsRecorder::before_step(const Network<float>& net) {
  params_before_ = net.params();
  grad_norms_.resize(net.layers());
  for (int l = 0; l < net.layers(); ++l) {
    const Eigen::Map<const Eigen::MatrixXf> g(net.grads().data() + net.w_offset(l), net.arch().fan_out(l),
                                              net.arch().fan_in(l));
    grad_norms_[l] = g.cast<double>().norm();
  }
  have_step_ = true;
}

void LayerStatsRecorder::record(long epoch, Network<float>& net, const Eigen::MatrixXf& Xtr,
                                const Eigen::MatrixXf& Ttr, Loss loss) {
  const Eigen::Index n = Xtr.cols(), m = std::min<Eigen::Index>(n, kStatsPoints);
  Xs_.resize(Xtr.rows(), m);
  Ts_.resize(Ttr.rows(), m);
  for (Eigen::Index i = 0; i < m; ++i) {  // evenly spread over the set, the same points every time
    Xs_.col(i) = Xtr.col(i * n / m);
    Ts_.col(i) = Ttr.col(i * n / m);
  }
  auto row = std::make_shared<LayerStatsRow>(sample_layer_stats(net, Xs_, Ts_, loss));
  row->epoch = epoch;
  const bool step_matches = have_step_ && params_before_.size() == net.params().size();
  for (int l = 0; step_matches && l < net.layers(); ++l) {
    LayerStats& s = row->layers[l];
    const Eigen::Map<const Eigen::MatrixXf> before(params_before_.data() + net.w_offset(l), s.fan_out, s.fan_in);
    s.grad_norm = grad_norms_[l];
    const double w0 = before.cast<double>().norm();
    s.update_ratio = w0 > 0.0 ? (net.W(l) - before).cast<double>().norm() / w0 : kNone;
  }
  have_step_ = false;
  history_.push(std::move(row));
}

}  // namespace nn
