// nn/experiment_validate.cpp — validate(): the cross-field and range rules of an
// Experiment in memory (what a GUI edit could break), with the parser's messages (see
// experiment_rules.h).
#include "nn/experiment_rules.h"

namespace nn {

using namespace experiment_rules;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] validation of an Experiment in memory (what a GUI edit could break).

void validate_data(const DataSpec& d) {
  switch (d.source) {
    case DataSpec::Source::generator:
      if (!find_generator(d.generator))
        unknown_name("data.generator", "generator", d.generator, generator_names());
      check(d.n, "data.n", kPointCount);
      check(d.noise, "data.noise", kClosedUnit);
      check(d.train_ratio, "data.train_ratio", kRatio);
      if (generator_takes_classes(d.generator)) check(d.classes, "data.classes", kClassCount);
      break;
    case DataSpec::Source::csv:
      if (d.csv.empty()) fail("data.csv", "empty file name");
      if (std::find(kTasks.begin(), kTasks.end(), d.task) == kTasks.end())
        unknown_name("data.task", "task", d.task, kTasks);
      check(d.train_ratio, "data.train_ratio", kRatio);
      break;
    case DataSpec::Source::points: check_points(d.points, "data"); break;
  }
}

void validate_features(const std::vector<Feature>& f) {
  if (f.empty()) fail("features", "must list at least one feature");
  for (size_t i = 0; i < f.size(); ++i)
    if (std::find(f.begin(), f.begin() + static_cast<long>(i), f[i]) !=
        f.begin() + static_cast<long>(i))
      fail(index_path("features", i), quote(name(f[i])) + " is listed twice");
}

void validate_network(const NetworkSpec& n) {
  if (n.hidden.size() > kMaxHiddenLayers)
    fail("network.hidden", "at most " + std::to_string(kMaxHiddenLayers) + " hidden layers, got " +
                               std::to_string(n.hidden.size()));
  for (size_t i = 0; i < n.hidden.size(); ++i)
    check(n.hidden[i], index_path("network.hidden", i), kWidth);
  if (n.activations.size() != n.hidden.size())
    fail("network.activation", std::to_string(n.activations.size()) + " names for " +
                                   std::to_string(n.hidden.size()) +
                                   " hidden layers (give one per layer, or one string for all)");
}

void validate_training(const TrainingSpec& t) {
  const OptimizerSpec& o = t.optimizer;
  const std::string p = "training.optimizer";
  for (auto key : hyper_keys(o.kind))
    if (const HyperParam* h = real_hyper(key)) check(o.*(h->field), key_path(p, key), h->valid);
  if (o.kind == Opt::adam) {
    check(o.beta1, p + ".betas[0]", hyper_param("beta1")->valid);
    check(o.beta2, p + ".betas[1]", hyper_param("beta2")->valid);
  }
  // As torch.optim.SGD: "Nesterov momentum requires a momentum and zero dampening".
  if (o.kind == Opt::nesterov && o.momentum <= 0)
    fail(p + ".momentum", "nesterov needs momentum > 0, got " + num(o.momentum));
  if (o.kind == Opt::nesterov && o.dampening != 0)
    fail(p + ".dampening", "nesterov needs dampening 0, got " + num(o.dampening));
  const ScheduleSpec& s = t.schedule;
  check(s.step_size, "training.schedule.step_size", kAtLeastOne);
  check(s.gamma, "training.schedule.gamma", kRatio);
  check(s.t_max, "training.schedule.t_max", kAtLeastOne);
  check(s.eta_min, "training.schedule.eta_min", kNonNegative);
  check(s.warmup_epochs, "training.schedule.warmup_epochs", kNonNegativeInt);
  check(t.batch_size, "training.batch_size", kNonNegativeInt);  // 0 = full batch
  check(t.l1, "training.l1", kNonNegative);
  check(t.l2, "training.l2", kNonNegative);
  check(t.dropout, "training.dropout", kHalfOpenUnit);
  check(t.epochs, "training.epochs", kEpochs);
  check(t.loss_threshold, "training.loss_threshold", kNonNegative);
}


}  // namespace

namespace experiment_rules {
void validate_weights(const Experiment& e, std::optional<int> outputs) {
  const Weights& w = *e.weights;
  const auto shapes = layer_shapes(e, outputs);
  if (w.W.size() != shapes.size())
    fail("weights.W", "expected " + layers_text(e.network.hidden.size()) + ", got " +
                          std::to_string(w.W.size()));
  if (w.b.size() != shapes.size())
    fail("weights.b", "expected " + layers_text(e.network.hidden.size()) + ", got " +
                          std::to_string(w.b.size()));
  for (size_t l = 0; l < shapes.size(); ++l) {
    const auto [known_out, in] = shapes[l];
    const int out = known_out ? known_out : static_cast<int>(w.b[l].size());
    if (out == 0) fail(index_path("weights.b", l), "expected at least one value, got 0");
    if (w.b[l].size() != static_cast<size_t>(out))
      fail(index_path("weights.b", l), "expected " + count(static_cast<size_t>(out), "value") +
                                           " (out), got " + std::to_string(w.b[l].size()));
    if (w.W[l].size() != static_cast<size_t>(out) * static_cast<size_t>(in))
      fail(index_path("weights.W", l), "expected " + shape_text(out, in) + ", got " +
                                           std::to_string(w.W[l].size()) + " values");
    // Finite in float, the network's type: a double beyond ±3.4e38 is infinite there.
    const auto in_float = [](double x) { return std::fabs(x) <= std::numeric_limits<float>::max(); };
    for (const auto* v : {&w.W[l], &w.b[l]}) {
      const std::string vp = index_path(v == &w.W[l] ? "weights.W" : "weights.b", l);
      if (!std::all_of(v->begin(), v->end(), [](double x) { return std::isfinite(x); }))
        fail(vp, "must be finite numbers");
      if (!std::all_of(v->begin(), v->end(), in_float)) fail(vp, "must be within float's range (±3.4e38)");
    }
  }
}

}  // namespace experiment_rules

// ---------------------------------------------------------------------------------------------
// [SECTION] public API

void validate(const Experiment& e) {
  if (e.version != 1)
    fail("descent",
         "unsupported schema version " + std::to_string(e.version) + " (this build reads 1)");
  validate_data(e.data);
  validate_features(e.features);
  validate_network(e.network);
  validate_training(e.training);
  if (!compatible(e.network.output, e.loss))
    fail("loss", std::string(name(e.loss)) + " does not work with a " + name(e.network.output) +
                     " output; valid pairs: " + compatible_pairs_text());
  const DataShape shape = known_shape(e.data);
  check_features_dims(e.features, shape);
  const std::optional<int> outputs = outputs_for(e.network.output, shape);
  if (e.weights) validate_weights(e, outputs);
}

}  // namespace nn
