// nn/doctor.cpp — the rules (see doctor.h).
#include "nn/doctor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nn {

namespace {

// What the rules read, computed once from the evidence. NaN: not known (too early, no stats).
struct Facts {
  double grad_ratio = kNone;     // first layer's per-weight gradient RMS / the output layer's
  double dead_share = kNone;     // of ReLU hidden units
  int relu_units = 0;
  double saturated_share = kNone;  // of sigmoid/tanh hidden units
  int squashing_units = 0;
  double update_ratio = kNone;   // geometric mean over layers and the latest rows
  bool diverged = false;
  double lr = kNone;
  long epoch = 0;                // latest epoch in the history
  double loss_start = kNone, loss_half = kNone, loss_now = kNone, loss_min = kNone;
  double test_now = kNone, test_min = kNone, gap_now = kNone, gap_at_test_min = kNone;
  double train_at_test_min = kNone;
};

// A share as the explanations quote it: a whole percent ("%.0f %%" of this).
double pct(double v) { return double(std::lround(100.0 * v)); }

// The latest `k` rows of the layer history (its kept rows, then the latest if not among them).
std::vector<const LayerStatsRow*> latest_rows(const LayerHistory& h, int k) {
  std::vector<const LayerStatsRow*> v;
  for (const auto& r : h.rows()) v.push_back(r.get());
  if (h.last() && (v.empty() || v.back() != h.last().get())) v.push_back(h.last().get());
  if (int(v.size()) > k) v.erase(v.begin(), v.end() - k);
  return v;
}

double rms(const LayerStats& s) { return s.grad_norm / std::sqrt(double(s.fan_in) * s.fan_out); }

void gradient_facts(const LayerHistory& h, const Thresholds& t, Facts& f) {
  double log_sum = 0.0, update_sum = 0.0;
  int n = 0;
  std::vector<double> updates;
  for (const LayerStatsRow* r : latest_rows(h, t.gradient_rows)) {
    if (r->layers.size() < 2) continue;
    const double first = rms(r->layers.front()), last = rms(r->layers.back());
    if (!(first > 0.0) || !(last > 0.0) || !std::isfinite(first) || !std::isfinite(last)) continue;
    log_sum += std::log(first / last);
    double log_update = 0.0;  // geometric mean over the layers
    for (const auto& l : r->layers) log_update += std::log(std::max(l.update_ratio, 1e-30));
    update_sum += log_update / double(r->layers.size());
    ++n;
  }
  if (n > 0) {
    f.grad_ratio = std::exp(log_sum / n);
    f.update_ratio = std::exp(update_sum / n);
  }
}

void unit_facts(const LayerHistory& h, const Architecture& arch, Facts& f) {
  if (!h.last()) return;
  const auto& layers = h.last()->layers;
  double dead = 0, saturated = 0;
  for (size_t l = 0; l + 1 < layers.size() && l < arch.activations.size(); ++l) {
    const Act a = arch.activations[l];
    const int units = layers[l].fan_out;
    if (a == Act::relu) {
      f.relu_units += units;
      dead += layers[l].dead_fraction * units;
    } else if (a == Act::sigmoid || a == Act::tanh) {
      f.squashing_units += units;
      saturated += layers[l].saturated_fraction * units;
    }
  }
  if (f.relu_units > 0) f.dead_share = dead / f.relu_units;
  if (f.squashing_units > 0) f.saturated_share = saturated / f.squashing_units;
}

// Mean of `field` over rows [from, from + k) of the finite ones.
template <typename F>
double mean_of(const std::vector<const EpochRow*>& rows, size_t from, size_t k, F field) {
  double s = 0.0;
  size_t n = 0;
  for (size_t i = from; i < rows.size() && i < from + k; ++i, ++n) s += field(*rows[i]);
  return n ? s / double(n) : kNone;
}

void loss_facts(const History& h, const Thresholds& t, Facts& f) {
  std::vector<const EpochRow*> rows;
  for (const auto& r : h.rows())
    if (std::isfinite(r.train_loss)) rows.push_back(&r);
  if (!h.empty() && std::isfinite(h.last().train_loss) && (rows.empty() || rows.back()->epoch != h.last().epoch))
    rows.push_back(&h.last());
  if (rows.empty()) return;
  const size_t k = size_t(t.trend_rows), n = rows.size();
  const auto train = [](const EpochRow& r) { return r.train_loss; };
  const auto test = [](const EpochRow& r) { return r.test_loss; };
  f.epoch = rows.back()->epoch;
  f.loss_start = rows.front()->train_loss;
  const size_t tail = n > k ? n - k : 0;
  f.loss_now = mean_of(rows, tail, k, train);
  const auto half = std::find_if(rows.begin(), rows.end(), [&](const EpochRow* r) { return r->epoch * 2 >= f.epoch; });
  f.loss_half = mean_of(rows, size_t(half - rows.begin()), k, train);
  f.loss_min = f.loss_start;
  for (const EpochRow* r : rows) f.loss_min = std::min(f.loss_min, r->train_loss);
  if (!std::isfinite(rows.back()->test_loss)) return;
  // The test loss's lowest running mean (over k rows) and where it was.
  for (size_t i = 0; i + k <= n; ++i) {
    const double m = mean_of(rows, i, k, test);
    if (!(m >= f.test_min)) {
      f.test_min = m;
      f.train_at_test_min = mean_of(rows, i, k, train);
    }
  }
  f.test_now = mean_of(rows, tail, k, test);
  f.gap_now = f.test_now - f.loss_now;
  f.gap_at_test_min = f.test_min - f.train_at_test_min;
}

// What a rule found: which of its wordings, and the numbers that wording quotes, in order.
struct Reading {
  int form = 0;
  std::vector<double> numbers;
};
using Test = std::optional<Reading> (*)(const Facts&, const Thresholds&);

struct Rule {
  Problem id;
  const char* name;
  Test test;                // the finding's numbers, or nothing
  const char* reason[2];    // printf formats of the evidence in words, by form; each "%" takes a double
  const char* advice;       // what to try
  std::vector<Problem> not_when;  // findings that explain it better
};

bool flat(const Facts& f, const Thresholds& t) {
  return f.epoch >= t.min_epochs && f.loss_half > 0.0 && (f.loss_half - f.loss_now) / f.loss_half < t.flat_drop;
}
// The numbers of the "fell only" words that open lr_too_low's and underfitting's reasons.
std::vector<double> flat_numbers(const Facts& f) {
  return {pct(std::max(0.0, (f.loss_half - f.loss_now) / f.loss_half)), f.loss_half, f.loss_now};
}
#define DESCENT_FLAT_WORDS "the train loss fell only %.0f %% over the last half of the run (%.2g to %.2g)"

const Rule kRules[] = {
    {Problem::vanishing_gradients, "vanishing_gradients",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!(f.grad_ratio < t.vanishing_ratio)) return std::nullopt;
       return Reading{0, {f.grad_ratio}};
     },
     {"the first layer's gradient per weight is %.2g of the output layer's, so the early layers barely learn"},
     "try relu or tanh instead of sigmoid, fewer layers, or xavier/he initialization", {Problem::dead_units}},
    {Problem::exploding_gradients, "exploding_gradients",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!(f.grad_ratio > t.exploding_ratio)) return std::nullopt;
       return Reading{0, {f.grad_ratio}};
     },
     {"the first layer's gradient per weight is %.2g times the output layer's: it grows as it flows back"},
     "try a smaller initialization (xavier), fewer layers, or a lower learning rate", {Problem::lr_too_high}},
    {Problem::dead_units, "dead_units",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!(f.dead_share >= t.dead_share)) return std::nullopt;
       return Reading{0, {pct(f.dead_share)}};
     },
     {"%.0f %% of the ReLU units output 0 on every training point and get no gradient"},
     "try a lower learning rate, leaky_relu or elu, or he initialization", {}},
    {Problem::saturated_units, "saturated_units",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!(f.saturated_share >= t.saturated_share)) return std::nullopt;
       return Reading{0, {pct(f.saturated_share)}};
     },
     {"%.0f %% of the sigmoid/tanh units sit on a flat tail (near 0/1 or ±1) where their slope is tiny"},
     "try a smaller initialization (xavier), normalized inputs, a lower learning rate, or relu", {}},
    {Problem::lr_too_high, "lr_too_high",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (f.diverged) return Reading{1, {f.lr}};
       if (f.epoch < t.min_epochs || !(f.loss_now > t.rising_factor * f.loss_min) ||
           !(f.loss_now - f.loss_min > t.rise_of_start * f.loss_start))
         return std::nullopt;
       return Reading{0, {f.loss_min, f.loss_now, f.lr}};
     },
     {"the train loss climbed from its lowest %.2g back to %.2g at a learning rate of %.2g",
      "the loss blew up (training diverged) at a learning rate of %.2g"},
     "divide the learning rate by 10 (or use adam)", {}},
    {Problem::lr_too_low, "lr_too_low",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!flat(f, t) || !(f.loss_now >= t.underfit_level * f.loss_start) || !(f.update_ratio < t.update_ratio_low))
         return std::nullopt;
       std::vector<double> n = flat_numbers(f);
       n.push_back(f.update_ratio);
       return Reading{0, n};
     },
     {DESCENT_FLAT_WORDS ", and a step moves a layer's weights by about %.2g of their size (about 1e-3 is healthy)"},
     "multiply the learning rate by 10 to 100 (or use adam)", {Problem::vanishing_gradients, Problem::dead_units}},
    {Problem::overfitting, "overfitting",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (f.epoch < t.min_epochs || !(f.test_now > (1.0 + t.overfit_rise) * f.test_min) ||
           !(f.loss_now < f.train_at_test_min) || !(f.gap_now > f.gap_at_test_min))
         return std::nullopt;
       return Reading{0, {pct(f.test_now / f.test_min - 1.0), f.test_min, f.test_now}};
     },
     {"the test loss rose %.0f %% above its lowest (%.2g to %.2g) while the train loss kept falling: the network "
      "memorizes the training points"},
     "try L2 (e.g. 0.01), dropout, more training data, a smaller network, or stop earlier", {}},
    {Problem::underfitting, "underfitting",
     [](const Facts& f, const Thresholds& t) -> std::optional<Reading> {
       if (!flat(f, t) || !(f.loss_now >= t.underfit_level * f.loss_start)) return std::nullopt;
       std::vector<double> n = flat_numbers(f);
       n.push_back(pct(f.loss_now / f.loss_start));
       return Reading{0, n};
     },
     {DESCENT_FLAT_WORDS " and is still %.0f %% of where it started"},
     "try a bigger network, more features (x1_sq, x1_x2, sin), or more epochs",
     {Problem::vanishing_gradients, Problem::dead_units, Problem::saturated_units, Problem::lr_too_low,
      Problem::lr_too_high}},
};
#undef DESCENT_FLAT_WORDS

const Rule& rule(Problem p) {
  return *std::find_if(std::begin(kRules), std::end(kRules), [&](const Rule& r) { return r.id == p; });
}

// The reason in words: the rule's format with the reading's numbers (at most four; a format
// takes only those it names, printf ignores the rest).
std::string reason_words(const Rule& r, const Reading& x) {
  double v[4] = {kNone, kNone, kNone, kNone};
  for (size_t i = 0; i < x.numbers.size() && i < 4; ++i) v[i] = x.numbers[i];
  char b[512];
  std::snprintf(b, sizeof b, r.reason[x.form], v[0], v[1], v[2], v[3]);
  return b;
}

}  // namespace

const char* name(Problem p) {
  for (const Rule& r : kRules)
    if (r.id == p) return r.name;
  return "?";
}

const char* reason_format(Problem p, int form) {
  const Rule& r = rule(p);
  return form == 1 && r.reason[1] ? r.reason[1] : r.reason[0];
}

const char* advice(Problem p) { return rule(p).advice; }

std::vector<Finding> diagnose(const Evidence& e, const Thresholds& t) {
  Facts f;
  f.diverged = e.diverged;
  f.lr = e.lr;
  if (e.layers) gradient_facts(*e.layers, t, f);
  if (e.layers && e.arch) unit_facts(*e.layers, *e.arch, f);
  if (e.history) loss_facts(*e.history, t, f);
  std::vector<Finding> found;
  for (const Rule& r : kRules)
    if (auto x = r.test(f, t)) found.push_back({r.id, reason_words(r, *x) + "; " + r.advice + ".", x->form, x->numbers});
  // Drop a finding when one that explains it better was made.
  std::vector<Finding> out;
  for (const Finding& x : found) {
    const Rule& r = rule(x.id);
    const bool explained = std::any_of(found.begin(), found.end(), [&](const Finding& y) {
      return std::find(r.not_when.begin(), r.not_when.end(), y.id) != r.not_when.end();
    });
    if (!explained) out.push_back(x);
  }
  return out;
}

}  // namespace nn
