// nn/lesson_check.cpp — playing a lesson's steps on a Session and measuring what each claims
// (see lesson.h). The metrics are one table: a name, its meaning, and how it is measured over
// the epochs a step played.
#include <cmath>
#include <cstdio>
#include <memory>

#include "nn/lesson.h"
#include "nn/session.h"
#include "nn/setting.h"

namespace nn {

namespace {

// What one run of a step leaves to measure.
struct StepRun {
  Session* s = nullptr;
  double loss_before = kNone;
  std::vector<double> losses;  // train loss after each epoch the step played
  EpochRow end;                // the metrics at the end of the step
};

double last_row(const StepRun& r, double EpochRow::*field) { return r.end.*field; }

double loss_noise(const StepRun& r) {
  if (r.losses.size() < 3) return kNone;  // two differences at least
  std::vector<double> d;
  for (size_t i = 1; i < r.losses.size(); ++i) d.push_back(r.losses[i] - r.losses[i - 1]);
  double mean = 0, var = 0;
  for (double x : d) mean += x;
  mean /= double(d.size());
  for (double x : d) var += (x - mean) * (x - mean);
  return var / double(d.size() - 1);
}

// The weights (not biases) of every layer, visited in turn.
template <typename F>
void each_weight(const Session& s, F f) {
  const Net& n = s.network();
  const Architecture& a = n.arch();
  for (int l = 0; l < n.layers(); ++l) {
    const Eigen::Index count = Eigen::Index(a.fan_out(l)) * a.fan_in(l);
    for (Eigen::Index k = 0; k < count; ++k) f(double(n.params()[a.w_offset(l) + k]));
  }
}

double weight_norm(const StepRun& r) {
  double ss = 0;
  each_weight(*r.s, [&](double w) { ss += w * w; });
  return std::sqrt(ss);
}

double small_weights(const StepRun& r) {
  double small = 0, all = 0;
  each_weight(*r.s, [&](double w) { all += 1, small += std::fabs(w) < 0.01; });
  return all > 0 ? small / all : kNone;
}

double dead_fraction(const StepRun& r) {
  double worst = 0;
  for (const auto& h : r.s->unit_health()) worst = std::max(worst, h.dead);
  return worst;
}

double grad_ratio(const StepRun& r) {
  const auto row = r.s->layer_stats().latest();
  if (!row || row->layers.size() < 2) return kNone;
  const double first = row->layers.front().grad_norm, last = row->layers.back().grad_norm;
  return last > 0 ? first / last : kNone;
}

struct Metric {
  LessonMetricRow row;
  double (*measure)(const StepRun&);
};

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> table{
      {{"train_loss", "the train loss at the end of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::train_loss); }},
      {{"test_loss", "the test loss at the end of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::test_loss); }},
      {{"train_accuracy", "train accuracy (R\xc2\xb2 for regression) at the end of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::train_metric); }},
      {{"test_accuracy", "test accuracy (R\xc2\xb2 for regression) at the end of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::test_metric); }},
      {{"gap", "test loss \xe2\x88\x92 train loss at the end of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::test_loss) - last_row(r, &EpochRow::train_loss); }},
      {{"loss_change", "train loss at the end \xe2\x88\x92 at the start of the step"}, [](const StepRun& r) { return last_row(r, &EpochRow::train_loss) - r.loss_before; }},
      {{"loss_noise", "variance of the epoch-to-epoch changes of the train loss during the step"}, loss_noise},
      {{"dead_fraction", "the largest share of dead ReLU units in a hidden layer"}, dead_fraction},
      {{"weight_norm", "\xe2\x80\x96W\xe2\x80\x96, the norm of all weights (not biases)"}, weight_norm},
      {{"small_weights", "the share of weights with |w| < 0.01"}, small_weights},
      {{"grad_ratio", "the first layer's gradient norm \xc3\xb7 the last layer's, at the last epoch"}, grad_ratio},
      {{"diverged", "1 when the run diverged, else 0"}, [](const StepRun& r) { return r.s->divergence() ? 1.0 : 0.0; }},
      {{"epochs", "epochs completed at the end of the step"}, [](const StepRun& r) { return double(r.s->epoch()); }},
  };
  return table;
}

const Metric& metric(const std::string& name) {
  for (const auto& m : metrics())
    if (name == m.row.name) return m;
  throw Error("unknown metric " + name);  // the loader admits only the table's names
}

// Plays the step's action on `s` and records what the metrics need.
StepRun play(Session& s, const LessonAction& a) {
  StepRun r{&s, s.history().empty() ? s.evaluate().train_loss : s.history().last().train_loss, {}, {}};
  if (a.kind == LessonAction::Kind::steps) {
    for (long i = 0; i < a.count && !s.stopped(); ++i) s.step();
    r.end = s.evaluate();  // mid-epoch: no History row yet
    r.losses.push_back(r.end.train_loss);
    return r;
  }
  for (long i = 0; i < a.count && !s.stopped(); ++i) {
    s.run_epoch();
    r.losses.push_back(s.history().last().train_loss);
  }
  r.end = s.history().last();
  return r;
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

// The same step with the twin's settings, from the same point: the weights, optimizer state
// and batch order before the step when the network keeps its shape, else fresh weights.
double twin_value(const LessonStep& step, const LessonCheck& c, const Session::State& before) {
  Experiment e = step.experiment;
  for (const auto& [k, v] : c.twin) e = with_setting(e, k, v);
  Session t(e);
  t.set_layer_stats_every(1);
  if (t.network().params().size() == before.params.size() && before.epoch > 0) t.restore(before);
  return metric(c.metric).measure(play(t, step.action));
}

LessonCheckResult judge(const LessonCheck& c, double value, std::optional<double> twin) {
  LessonCheckResult res;
  const double bound = twin ? c.by * *twin : *c.bound;
  res.ok = std::isfinite(value) && (c.above ? value > bound : value < bound);
  std::string with;
  for (const auto& [k, v] : c.twin) with += (with.empty() ? "" : ", ") + k + " = " + v;
  res.claim = c.metric + " " + fmt(value) + (c.above ? " > " : " < ") +
              (twin ? (c.by != 1.0 ? fmt(c.by) + " \xc3\x97 " : "") + fmt(*twin) + " (the run with " + with + ")"
                    : fmt(bound));
  return res;
}

}  // namespace

const std::vector<LessonMetricRow>& lesson_metrics() {
  static const std::vector<LessonMetricRow> rows = [] {
    std::vector<LessonMetricRow> out;
    for (const auto& m : metrics()) out.push_back(m.row);
    return out;
  }();
  return rows;
}

std::vector<LessonCheckResult> check_lesson(const Lesson& lesson) {
  std::vector<LessonCheckResult> out;
  std::unique_ptr<Session> s;
  for (size_t i = 0; i < lesson.steps.size(); ++i) {
    const LessonStep& step = lesson.steps[i];
    const std::string where = "steps[" + std::to_string(i) + "]";
    try {
      if (step.loads || !s) s = std::make_unique<Session>(step.experiment);
      else if (!step.settings.empty()) s->apply(step.experiment);
      if (step.reset) s->reset();
      s->set_layer_stats_every(1);
      const Session::State before = s->capture();
      const StepRun run = play(*s, step.action);
      for (size_t k = 0; k < step.checks.size(); ++k) {
        const LessonCheck& c = step.checks[k];
        const double v = metric(c.metric).measure(run);
        if (!std::isfinite(v) && c.metric != "train_loss" && c.metric != "test_loss")
          throw Error("check[" + std::to_string(k) + "]: " + c.metric + " has no value here (" +
                      metric(c.metric).row.meaning + ")");
        std::optional<double> twin;
        if (!c.twin.empty()) twin = twin_value(step, c, before);
        LessonCheckResult r = judge(c, v, twin);
        r.step = i;
        r.index = k;
        out.push_back(std::move(r));
      }
    } catch (const Error& e) {
      throw Error(where + ": " + e.what());
    }
  }
  return out;
}

}  // namespace nn
