// nn/lr_find.cpp — the learning-rate range test (see lr_find.h).
#include "nn/lr_find.h"

#include <algorithm>
#include <cmath>

#include "nn/session.h"

namespace nn {

namespace {

// fastai's "valley": the longest falling run of the curve — the longest subsequence of strictly
// decreasing losses — and the point a little past its middle.
int valley_index(const std::vector<double>& loss) {
  const int n = int(loss.size());
  std::vector<int> len(size_t(n), 1);
  int end = 0;
  for (int i = 1; i < n; ++i) {
    for (int j = 0; j < i; ++j)
      if (loss[size_t(i)] < loss[size_t(j)]) len[size_t(i)] = std::max(len[size_t(i)], len[size_t(j)] + 1);
    if (len[size_t(i)] > len[size_t(end)]) end = i;
  }
  const int start = std::max(0, end - len[size_t(end)]);
  const double third = double(end - start) / 3.0;
  return std::min(n - 1, start + int(third) + int(third / 2.0));
}

}  // namespace

double lr_find_rate(const LrFindOptions& o, int i) {
  if (o.steps <= 1 || i >= o.steps - 1) return o.end_lr;
  return o.start_lr * std::pow(o.end_lr / o.start_lr, double(i) / double(o.steps - 1));
}

bool LrSweep::feed(int step, double lr, double loss) {
  if (!std::isfinite(loss)) {
    stop_ = LrStop{std::isnan(loss) ? LrStop::Kind::loss_nan : LrStop::Kind::loss_inf, lr};
    return false;
  }
  avg_ = o_.beta * avg_ + (1.0 - o_.beta) * loss;
  const double smoothed = avg_ / (1.0 - std::pow(o_.beta, double(points_.size() + 1)));
  points_.push_back({step, lr, loss, smoothed});
  if (points_.size() == 1 || smoothed < best_) best_ = smoothed;
  const double limit = o_.stop_factor * best_;
  above_ = (smoothed > limit && loss > limit) ? above_ + 1 : 0;
  if (above_ >= o_.confirm) {
    stop_ = LrStop{LrStop::Kind::blew_up, lr, o_.stop_factor};
    return false;
  }
  return true;
}

void suggest(LrFindResult& r, int planned_steps) {
  const int first = std::max(0, planned_steps / 10);
  const int last = int(r.points.size()) - 5;  // exclusive
  if (last - first < 3) return;
  std::vector<double> loss;
  for (int i = first; i < last; ++i) loss.push_back(r.points[size_t(i)].smoothed);
  r.valley_index = first + valley_index(loss);
  r.valley = r.points[size_t(r.valley_index)].lr;
  r.minimum_index = first + int(std::min_element(loss.begin(), loss.end()) - loss.begin());
  r.minimum = r.points[size_t(r.minimum_index)].lr / 10.0;
}

LrFindResult lr_find(const Experiment& e, const std::optional<Dataset>& data, const LrFindOptions& o,
                     Progress* progress) {
  Experiment x = e;
  x.training.epochs = 0;  // the sweep decides when to stop, not the experiment
  x.training.loss_threshold = 0.0;
  Session s = data ? Session(x, *data) : Session(x);
  LrSweep sweep(o);
  LrFindResult r;
  std::optional<LrStop> stop;
  if (s.state() == RunState::no_data) stop = LrStop{LrStop::Kind::no_data};
  for (int i = 0; i < o.steps && !stop; ++i) {
    if (progress && progress->cancelled()) {
      stop = LrStop{LrStop::Kind::cancelled};
      break;
    }
    const double lr = lr_find_rate(o, i);
    s.step_at(lr);
    const double loss = s.last_batch_loss();
    if (!sweep.feed(i, lr, loss)) break;
    if (s.state() == RunState::diverged) stop = LrStop{LrStop::Kind::weights, lr};
    if (progress) progress->set(double(i + 1) / double(o.steps));
  }
  r.stop = stop ? *stop : sweep.stop() ? *sweep.stop() : LrStop{LrStop::Kind::reached_end, o.end_lr};
  r.points = sweep.points();
  suggest(r, o.steps);
  if (progress) progress->set(1.0);
  return r;
}

}  // namespace nn
