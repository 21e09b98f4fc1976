// nn/session.cpp — one training run (see session.h).
#include "nn/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace nn {

namespace {

// Independent, reproducible RNG streams derived from the experiment's seed.
constexpr uint64_t kInitStream = 0x1A2B3C4D5E6F7081ULL;
constexpr uint64_t kShuffleStream = 0x5DEECE66DULL;
constexpr uint64_t kDropoutStream = 0xC0FFEE1234ULL;

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Architecture architecture_of(const Experiment& e, const Dataset& d) {
  Architecture a;
  a.inputs = static_cast<int>(e.features.size());
  a.hidden = e.network.hidden;
  a.activations = e.network.activations;
  a.outputs = output_count(e, d);
  a.output = e.network.output;
  return a;
}

Weights weights_from_params(const Architecture& a, const Eigen::VectorXf& p) {
  Weights w;
  for (int l = 0; l < a.layers(); ++l) {
    const int out = a.fan_out(l), in = a.fan_in(l);
    std::vector<double> rows;
    rows.reserve(size_t(out) * in);
    for (int r = 0; r < out; ++r)
      for (int c = 0; c < in; ++c) rows.push_back(double(p(a.w_index(l, r, c))));
    w.W.push_back(std::move(rows));
    std::vector<double> b(static_cast<size_t>(out));
    for (int r = 0; r < out; ++r) b[r] = double(p(a.b_index(l, r)));
    w.b.push_back(std::move(b));
  }
  return w;
}

Eigen::VectorXf params_from_weights(const Architecture& a, const Weights& w) {
  if (w.W.size() != size_t(a.layers()) || w.b.size() != size_t(a.layers()))
    throw Error("weights: " + std::to_string(w.W.size()) + " layers for a network of " +
                std::to_string(a.layers()));
  Eigen::VectorXf p(a.parameter_count());  // (P)
  for (int l = 0; l < a.layers(); ++l) {
    const int out = a.fan_out(l), in = a.fan_in(l);
    if (w.W[l].size() != size_t(out) * in || w.b[l].size() != size_t(out))
      throw Error("weights: layer " + std::to_string(l) + " is not " + std::to_string(out) + "×" +
                  std::to_string(in));
    for (int r = 0; r < out; ++r)
      for (int c = 0; c < in; ++c) p(a.w_index(l, r, c)) = float(w.W[l][size_t(r) * in + c]);
    for (int r = 0; r < out; ++r) p(a.b_index(l, r)) = float(w.b[l][r]);
  }
  return p;
}

template <typename T>
void initialize_rows(Network<T>& net, int l, int first_row, Init scheme, Rng& rng) {
  const int in = net.arch().fan_in(l), out = net.arch().fan_out(l);
  auto W = net.W(l);
  auto b = net.b(l);
  const double fan_in = in, fan_out = out;
  for (int r = first_row; r < out; ++r) {
    for (int c = 0; c < in; ++c) {
      double w = 0.0;
      switch (scheme) {
        case Init::xavier_uniform: { const double a = std::sqrt(6.0 / (fan_in + fan_out)); w = rng.uniform(-a, a); break; }
        case Init::xavier_normal: w = rng.normal(0.0, std::sqrt(2.0 / (fan_in + fan_out))); break;
        case Init::he_uniform: { const double a = std::sqrt(6.0 / fan_in); w = rng.uniform(-a, a); break; }
        case Init::he_normal: w = rng.normal(0.0, std::sqrt(2.0 / fan_in)); break;
        case Init::playground: w = rng.uniform(-0.5, 0.5); break;
        case Init::zeros: w = 0.0; break;
      }
      W(r, c) = T(w);
    }
    b(r) = scheme == Init::playground ? T(0.1) : T(0);
  }
}

template <typename T>
void initialize(Network<T>& net, Init scheme, Rng& rng) {
  for (int l = 0; l < net.layers(); ++l) initialize_rows(net, l, 0, scheme, rng);
}

template void initialize(Network<float>&, Init, Rng&);
template void initialize(Network<double>&, Init, Rng&);
template void initialize_rows(Network<float>&, int, int, Init, Rng&);
template void initialize_rows(Network<double>&, int, int, Init, Rng&);

// ------------------------------------------------------------------------------------------
Session::Session(const Experiment& e) : Session(e, make_dataset(e)) {}

Session::Session(const Experiment& e, Dataset data)
    : exp_(e), data_(std::move(data)), net_(architecture_of(e, data_)) {
  exp_.progress.reset();  // restored only on request (restore_progress)
  validate(exp_);
  reset();
}

int Session::batch_size() const {
  const int n = static_cast<int>(Xtr_.cols());
  const int b = exp_.training.batch_size;
  return (b <= 0 || b > n) ? std::max(n, 1) : b;
}

int Session::steps_per_epoch() const {
  const int n = static_cast<int>(Xtr_.cols());
  if (n == 0) return 1;
  return (n + batch_size() - 1) / batch_size();
}

double Session::lr() const {
  return lr_at(exp_.training.schedule, exp_.training.optimizer.lr, epoch_);
}

void Session::features_of(double x1, double x2, float* out) const {
  for (size_t f = 0; f < exp_.features.size(); ++f)
    out[f] = static_cast<float>(feature_value(exp_.features[f], x1, x2));
}

// Map the points to network space: feature columns and targets in the output's range.
void Session::build_inputs() {
  const int F = static_cast<int>(exp_.features.size());
  const int K = net_.arch().outputs;
  const int ntr = data_.train_count(), nte = data_.test_count();
  Xtr_.resize(F, ntr);
  Ttr_.resize(K, ntr);
  Xte_.resize(F, nte);
  Tte_.resize(K, nte);
  ytr_.resize(ntr);
  yte_.resize(nte);
  const OutAct out = exp_.network.output;
  int itr = 0, ite = 0;
  for (const Point& p : data_.points) {
    auto& X = p.test ? Xte_ : Xtr_;
    auto& T = p.test ? Tte_ : Ttr_;
    auto& y = p.test ? yte_ : ytr_;
    const int j = p.test ? ite++ : itr++;
    features_of(p.x1, p.x2, &X(0, j));
    y(j) = static_cast<float>(p.y);
    if (data_.task == Task::regression) {
      T(0, j) = static_cast<float>(p.y);
    } else if (K == 1) {  // binary: ±1 for tanh/linear, 0/1 for sigmoid
      const bool positive = p.y > 0.5;
      T(0, j) = out == OutAct::sigmoid ? (positive ? 1.f : 0.f) : (positive ? 1.f : -1.f);
    } else {              // one-hot for softmax
      T.col(j).setZero();
      T(static_cast<int>(p.y), j) = 1.f;
    }
  }
  order_.resize(ntr);
  for (int i = 0; i < ntr; ++i) order_[i] = i;
  const int b = batch_size();
  Xb_.resize(F, b);
  Tb_.resize(K, b);
  net_.reserve(std::max(b, std::min(ntr + nte, 1024)));
}

void Session::reset() {
  init_rng_.reseed(exp_.seed ^ kInitStream);
  shuffle_rng_.reseed(exp_.seed ^ kShuffleStream);
  dropout_rng_.reseed(exp_.seed ^ kDropoutStream);
  net_ = Net(architecture_of(exp_, data_));
  if (exp_.weights) {
    net_.params() = params_from_weights(net_.arch(), *exp_.weights);
  } else {
    initialize(net_, exp_.network.init, init_rng_);
  }
  opt_.reset(exp_.training.optimizer, net_.params().size());
  epoch_ = 0;
  steps_ = 0;
  batch_index_ = 0;
  last_batch_loss_ = kNone;
  step_losses_.clear();
  limits_lifted_ = false;
  divergence_.reset();
  history_.clear();
  build_inputs();
  state_ = Xtr_.cols() == 0 ? RunState::no_data : RunState::running;
  record_epoch();
  layer_stats_.clear();
  if (layer_stats_.every_setting() >= 0) layer_stats_.record(0, net_, Xtr_, Ttr_, exp_.loss);
}

EpochRow Session::evaluate() {
  EpochRow row;
  row.epoch = epoch_;
  row.lr = lr();
  row.penalty = net_.penalty(exp_.training.l1, exp_.training.l2);
  const bool regression = data_.task == Task::regression;
  const int K = net_.arch().outputs;
  const OutAct out = exp_.network.output;
  auto measure = [&](const Eigen::MatrixXf& X, const Eigen::MatrixXf& T, const Eigen::VectorXf& y,
                     double& loss, double& metric) {
    const Eigen::Index n = X.cols();
    if (n == 0) return;
    const Eigen::Index chunk = net_.capacity();
    double loss_sum = 0.0, sse = 0.0;
    long correct = 0;  // an integer count, branch-free: right and wrong answers come in random order
    const float mid = out == OutAct::sigmoid ? 0.5f : 0.0f;
    for (Eigen::Index s = 0; s < n; s += chunk) {
      const Eigen::Index m = std::min(chunk, n - s);
      net_.forward(X.middleCols(s, m));
      const auto Y = net_.output();
      loss_sum += loss_value(exp_.loss, net_.output_z(), Y, T.middleCols(s, m)) * double(m);
      if (regression) {
        for (Eigen::Index j = 0; j < m; ++j) {
          const double d = double(Y(0, j)) - double(y(s + j));
          sse += d * d;
        }
      } else if (K == 1) {
        for (Eigen::Index j = 0; j < m; ++j) correct += long((Y(0, j) > mid) == (y(s + j) > 0.5f));
      } else {
        for (Eigen::Index j = 0; j < m; ++j) {
          Eigen::Index k;
          Y.col(j).maxCoeff(&k);
          correct += long(k == Eigen::Index(y(s + j)));
        }
      }
    }
    loss = loss_sum / double(n);
    if (regression) {
      const double mean = y.cast<double>().mean();
      const double sst = (y.cast<double>().array() - mean).square().sum();
      metric = sst > 0.0 ? 1.0 - sse / sst : kNone;
    } else {
      metric = double(correct) / double(n);
    }
  };
  measure(Xtr_, Ttr_, ytr_, row.train_loss, row.train_metric);
  measure(Xte_, Tte_, yte_, row.test_loss, row.test_metric);
  return row;
}

std::vector<Session::UnitHealth> Session::unit_health(int max_points) {
  std::vector<UnitHealth> out(net_.arch().hidden.size());
  const Eigen::Index n = std::min<Eigen::Index>(Xtr_.cols(), max_points);
  if (n == 0) return out;
  net_.forward(Xtr_.leftCols(n));
  for (size_t l = 0; l < out.size(); ++l) {
    const auto z = net_.pre_activations(int(l)).array();
    const auto a = net_.activations(int(l)).array();
    int dead = 0, saturated = 0;
    out[l].units.resize(size_t(z.rows()));
    for (Eigen::Index u = 0; u < z.rows(); ++u) {  // the rules of nn/layer_stats.h
      const UnitState st = classify_unit(exp_.network.activations[l], z.row(u).transpose(), a.row(u).transpose());
      out[l].units[size_t(u)] = st;
      dead += st == UnitState::dead ? 1 : 0;
      saturated += st == UnitState::saturated ? 1 : 0;
    }
    out[l].dead = double(dead) / double(z.rows());
    out[l].saturated = double(saturated) / double(z.rows());
  }
  return out;
}

void Session::record_epoch() {
  metrics_ = evaluate();
  metrics_current_ = true;
  history_.push(metrics_);
}

void Session::refresh_metrics() {
  if (metrics_current_) return;
  metrics_ = evaluate();
  metrics_current_ = true;
}

// After an edit of the weights, the data or the recipe: the metrics measured again, and the
// history's row for this epoch replaced by them (a stale loss must not stay on the plot or in
// the CSV). New data at epoch 0 restarts the history: nothing was learned on the old data.
void Session::remeasure(bool data_changed) {
  metrics_ = evaluate();
  metrics_current_ = true;
  if (data_changed && epoch_ == 0 && steps_ == 0) history_.clear();
  if (history_.empty() || history_.last().epoch <= epoch_) history_.replace_last(metrics_);
}

// Stops the run if the batch loss, the weights or the epoch's train loss are not finite.
// The history gets one row for the epoch in progress, so plots and CSV show where it blew up.
bool Session::check_divergence(double batch_loss, const EpochRow* epoch_row) {
  const bool loss_bad = !std::isfinite(batch_loss);
  const bool weights_bad = !net_.finite();
  const bool eval_bad = epoch_row && !std::isfinite(epoch_row->train_loss);
  if (!loss_bad && !weights_bad && !eval_bad) return false;
  Divergence d;
  d.epoch = epoch_row ? epoch_ : epoch_ + 1;  // epoch_ counts completed epochs
  d.step = steps_;
  if (loss_bad) d.cause = std::isnan(batch_loss) ? DivergenceCause::loss_nan : DivergenceCause::loss_inf;
  else if (weights_bad) d.cause = DivergenceCause::weights;
  else d.cause = DivergenceCause::train_loss;
  d.lr = lr();
  EpochRow row = epoch_row ? *epoch_row : evaluate();
  metrics_ = row;
  metrics_current_ = true;
  row.epoch = d.epoch;
  history_.push(row);
  divergence_ = std::move(d);
  state_ = RunState::diverged;
  return true;
}

void Session::step() { step_at(lr()); }

void Session::step_at(double lr) {
  if (state_ != RunState::running) return;
  const int n = static_cast<int>(Xtr_.cols());
  const int b = batch_size();
  if (batch_index_ == 0 && exp_.training.shuffle) shuffle_rng_.shuffle(order_.begin(), order_.end());
  const int start = batch_index_ * b;
  const int m = std::min(b, n - start);

  // Forward on the batch: contiguous columns when in order, gathered when shuffled.
  const bool gather = exp_.training.shuffle;
  if (gather) {
    for (int j = 0; j < m; ++j) {
      Xb_.col(j) = Xtr_.col(order_[start + j]);
      Tb_.col(j) = Ttr_.col(order_[start + j]);
    }
  }
  const auto X = gather ? Xb_.leftCols(m) : Xtr_.middleCols(start, m);
  const auto T = gather ? Tb_.leftCols(m) : Ttr_.middleCols(start, m);
  const double p = exp_.training.dropout;
  net_.forward(X, p, p > 0.0 ? &dropout_rng_ : nullptr);
  const double loss = net_.backward(X, T, exp_.loss);   // grads = ∂L/∂θ (overwritten, no zeroing)
  net_.add_penalty_gradient(exp_.training.l1, exp_.training.l2);
  const bool stats_due = batch_index_ + 1 >= steps_per_epoch() &&
                         layer_stats_.due(epoch_ + 1, net_.arch(), n, Xte_.cols(), steps_per_epoch());
  if (stats_due) layer_stats_.before_step(net_);
  opt_.step(net_.params(), net_.grads(), lr);
  ++steps_;
  last_batch_loss_ = loss;
  metrics_current_ = false;

  if (++batch_index_ >= steps_per_epoch()) {
    batch_index_ = 0;
    ++epoch_;
    step_losses_.push(steps_, double(epoch_), loss);
    const EpochRow r = evaluate();
    if (check_divergence(loss, &r)) return;
    metrics_ = r;
    metrics_current_ = true;
    history_.push(r);
    if (stats_due) layer_stats_.record(epoch_, net_, Xtr_, Ttr_, exp_.loss);
    if (limits_lifted_) return;
    if (exp_.training.loss_threshold > 0.0 && r.train_loss < exp_.training.loss_threshold)
      state_ = RunState::converged;
    else if (exp_.training.epochs > 0 && epoch_ >= exp_.training.epochs)
      state_ = RunState::finished;
  } else {
    step_losses_.push(steps_, double(epoch_) + double(batch_index_) / double(steps_per_epoch()), loss);
    check_divergence(loss, nullptr);
  }
}

void Session::go_on() {
  limits_lifted_ = true;
  if (state_ == RunState::finished || state_ == RunState::converged) state_ = RunState::running;
}

void Session::run_epoch() {
  const long e = epoch_;
  while (state_ == RunState::running && epoch_ == e) step();
}

// ------------------------------------------------------------------------------------------
// Editing

void Session::apply(const Experiment& e) {
  validate(e);
  const bool data_changed = !(e.data == exp_.data) || data_seed(e) != data_seed(exp_);
  Dataset data = data_changed ? make_dataset(e) : data_;
  const Architecture new_arch = architecture_of(e, data);
  new_arch.check();

  Experiment old = exp_;
  const Net old_net = net_;
  const Architecture& oa = old_net.arch();
  exp_ = e;
  exp_.weights.reset();
  exp_.progress.reset();
  if (data_changed) data_ = std::move(data);
  if (!(new_arch == oa)) {
    // Keep the weights of every neuron and input that still exists; initialize the rest.
    net_ = Net(new_arch);
    for (int l = 0; l < net_.layers(); ++l) initialize_rows(net_, l, 0, exp_.network.init, init_rng_);
    const int L = net_.layers(), oldL = old_net.layers();
    for (int l = 0; l < L; ++l) {
      // Hidden layers match by index; the output layer matches the old output layer.
      const bool is_output = l == L - 1;
      const int ol = is_output ? oldL - 1 : l;
      if (!is_output && l >= oldL - 1) continue;  // a new hidden layer: freshly initialized
      auto W = net_.W(l);
      const auto oW = old_net.W(ol);
      const int rows = std::min<int>(W.rows(), oW.rows());
      for (int r = 0; r < rows; ++r) {
        net_.b(l)(r) = old_net.b(ol)(r);
        if (l == 0 && ol == 0) {  // inputs are features: match by feature identity
          for (size_t c = 0; c < exp_.features.size(); ++c) {
            auto it = std::find(old.features.begin(), old.features.end(), exp_.features[c]);
            if (it != old.features.end()) W(r, int(c)) = oW(r, int(it - old.features.begin()));
          }
        } else if (l > 0 && ol > 0) {  // inputs are the previous layer's neurons
          const int cols = std::min<int>(W.cols(), oW.cols());
          for (int c = 0; c < cols; ++c) W(r, c) = oW(r, c);
        }
      }
    }
    opt_.reset(exp_.training.optimizer, net_.params().size());
    history_.mark(epoch_, marker_text(MarkerKind::network));
  } else {
    if (!(e.training.optimizer == old.training.optimizer)) {
      opt_.set_spec(e.training.optimizer);
      history_.mark(epoch_, e.training.optimizer.kind != old.training.optimizer.kind
                                 ? marker_text(MarkerKind::optimizer, name(e.training.optimizer.kind))
                                 : marker_text(MarkerKind::lr, short_number(e.training.optimizer.lr)));
    }
  }
  if (!(e.training.schedule == old.training.schedule)) history_.mark(epoch_, marker_text(MarkerKind::schedule));
  if (e.training.batch_size != old.training.batch_size) history_.mark(epoch_, marker_text(MarkerKind::batch_size));
  if (e.loss != old.loss) history_.mark(epoch_, marker_text(MarkerKind::loss, name(e.loss)));
  if (data_changed) history_.mark(epoch_, marker_text(MarkerKind::data));
  build_inputs();
  batch_index_ = 0;
  if (state_ == RunState::no_data || state_ == RunState::finished || state_ == RunState::converged)
    state_ = RunState::running;
  if (Xtr_.cols() == 0) state_ = RunState::no_data;
  if (!limits_lifted_ && exp_.training.epochs > 0 && epoch_ >= exp_.training.epochs && state_ == RunState::running)
    state_ = RunState::finished;
  remeasure(data_changed);
}

void Session::set_data(Dataset d) {
  Experiment e = exp_;
  e.data.source = DataSpec::Source::points;
  e.data.points = d;
  e.data.task = d.task == Task::regression ? "regression" : "classification";
  e.data.classes = std::max(2, d.classes);
  apply(e);
}

void Session::set_parameter(int l, int row, int col, double value) {
  if (l < 0 || l >= net_.layers()) throw Error("layer " + std::to_string(l) + " does not exist");
  if (row < 0 || row >= net_.arch().fan_out(l) || col >= net_.arch().fan_in(l))
    throw Error("layer " + std::to_string(l) + " has no parameter (" + std::to_string(row) + ", " +
                std::to_string(col) + ")");
  if (!std::isfinite(value)) throw Error("a weight must be a finite number");
  if (col < 0) net_.b(l)(row) = float(value);
  else net_.W(l)(row, col) = float(value);
  history_.mark(epoch_, marker_text(col < 0 ? MarkerKind::bias_set : MarkerKind::weight_set));
  remeasure(false);
}

void Session::set_params(const Eigen::VectorXf& p) {
  if (p.size() != net_.params().size())
    throw Error("expected " + std::to_string(net_.params().size()) + " parameters, got " +
                std::to_string(p.size()));
  net_.params() = p;
  if (state_ == RunState::diverged && net_.finite()) {
    divergence_.reset();
    state_ = RunState::running;
    batch_index_ = 0;
    opt_.reset(exp_.training.optimizer, net_.params().size());
  }
  // The history keeps what happened (a diverged row stays); what is shown is measured again.
  if (net_.finite()) {
    metrics_ = evaluate();
    metrics_current_ = true;
  }
}

void Session::restore_progress(const RunProgress& p) {
  epoch_ = p.epoch;
  steps_ = p.steps;
  batch_index_ = 0;
  history_.clear();
  for (const EpochRow& r : p.history) history_.push(r);
  for (const Marker& m : p.markers) history_.mark(m.epoch, m.what);
  step_losses_.clear();
  if (state_ == RunState::running && exp_.training.epochs > 0 && epoch_ >= exp_.training.epochs)
    state_ = RunState::finished;
  remeasure(false);
}

Session::State Session::capture() const {
  State s;
  s.epoch = epoch_;
  s.steps = steps_;
  s.batch_index = batch_index_;
  s.last_batch_loss = last_batch_loss_;
  s.params = net_.params();
  s.optimizer = opt_.state();
  s.shuffle_rng = shuffle_rng_;
  s.dropout_rng = dropout_rng_;
  s.order = order_;
  return s;
}

void Session::restore(const State& s, const History* history) {
  if (s.params.size() != net_.params().size())
    throw Error("a checkpoint of " + std::to_string(s.params.size()) +
                " parameters does not fit this network of " + std::to_string(net_.params().size()));
  if (s.order.size() != order_.size())
    throw Error("a checkpoint over " + std::to_string(s.order.size()) +
                " training points does not fit this data set of " + std::to_string(order_.size()));
  net_.params() = s.params;
  opt_.set_state(s.optimizer);
  shuffle_rng_ = s.shuffle_rng;
  dropout_rng_ = s.dropout_rng;
  order_ = s.order;
  epoch_ = s.epoch;
  steps_ = s.steps;
  batch_index_ = s.batch_index;
  last_batch_loss_ = s.last_batch_loss;
  divergence_.reset();
  state_ = Xtr_.cols() == 0 ? RunState::no_data : RunState::running;
  if (!limits_lifted_ && exp_.training.epochs > 0 && epoch_ >= exp_.training.epochs && state_ == RunState::running)
    state_ = RunState::finished;
  step_losses_.clear();
  if (history) {
    history_ = *history;
    metrics_current_ = false;
    refresh_metrics();
  } else {
    history_.clear();
    record_epoch();
  }
}

Experiment Session::to_experiment() const {
  Experiment e = exp_;
  e.weights = weights_from_params(net_.arch(), net_.params());
  return e;
}

}  // namespace nn
