// nn/experiment.cpp — experiment files: Experiment → JSON text (canonical, round-trips
// losslessly), saving, and building the data set an experiment describes (see
// experiment_rules.h; reading is experiment_parse.cpp, checking experiment_validate.cpp).
#include "nn/experiment_rules.h"

#include <filesystem>
#include <fstream>

#include "nn/file_io.h"

namespace nn {

using namespace experiment_rules;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] writing

// Like dump(2), but an array holding no arrays or objects stays on one line ("hidden": [4, 2],
// one point or one weight row per line), which keeps files with points and weights readable.
void write(std::string& out, const json& v, int indent) {
  const auto open_line = [&](int n) {
    out += '\n';
    out.append(static_cast<size_t>(n), ' ');
  };
  if (v.is_object() && !v.empty()) {
    out += '{';
    bool first = true;
    for (const auto& [k, x] : v.items()) {
      if (!std::exchange(first, false)) out += ',';
      open_line(indent + 2);
      out += quote(k) + ": ";
      write(out, x, indent + 2);
    }
    open_line(indent);
    out += '}';
  } else if (v.is_array() &&
             std::any_of(v.begin(), v.end(), [](const json& x) { return x.is_structured(); })) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      open_line(indent + 2);
      write(out, v[i], indent + 2);
    }
    open_line(indent);
    out += ']';
  } else if (v.is_array()) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + dump(v[i]);
    out += ']';
  } else {
    out += dump(v);
  }
}

json label_json(const Dataset& d, double y) {
  return d.task == Task::classification ? json(static_cast<long long>(y)) : json(y);
}

json data_json(const DataSpec& d) {
  json j = json::object();
  switch (d.source) {
    case DataSpec::Source::generator:
      j["generator"] = d.generator;
      j["n"] = d.n;
      j["noise"] = d.noise;
      j["train_ratio"] = d.train_ratio;
      if (generator_takes_classes(d.generator)) j["classes"] = d.classes;
      if (d.seed) j["seed"] = *d.seed;  // only when set: older files stay byte-identical
      break;
    case DataSpec::Source::csv:
      j["csv"] = d.csv;
      j["task"] = d.task;
      j["train_ratio"] = d.train_ratio;
      if (d.seed) j["seed"] = *d.seed;
      break;
    case DataSpec::Source::points: {
      const Dataset& ds = d.points;
      j["dims"] = ds.dims;
      j["task"] = ds.task == Task::classification ? "classification" : "regression";
      if (ds.task == Task::classification) j["classes"] = ds.classes;
      json pts = json::array();
      for (const Point& p : ds.points) {
        json row = json::array({p.x1});
        if (ds.dims == 2) row.push_back(p.x2);
        row.push_back(label_json(ds, p.y));
        row.push_back(p.test ? "test" : "train");
        pts.push_back(std::move(row));
      }
      j["points"] = std::move(pts);
      break;
    }
  }
  return j;
}

json optimizer_json(const OptimizerSpec& o) {
  json j = {{"name", name(o.kind)}};
  for (auto key : hyper_keys(o.kind)) {
    const std::string k(key);
    if (key == "betas")
      j[k] = {o.beta1, o.beta2};
    else if (key == "centered")
      j[k] = o.centered;
    else if (key == "amsgrad")
      j[k] = o.amsgrad;
    else if (const HyperParam* h = real_hyper(key))
      j[k] = o.*(h->field);
  }
  return j;
}

json schedule_json(const ScheduleSpec& s) {
  json j = {{"name", name(s.kind)}};
  for (auto key : schedule_keys(s.kind)) {
    const std::string k(key);
    if (key == "step_size")
      j[k] = s.step_size;
    else if (key == "gamma")
      j[k] = s.gamma;
    else if (key == "t_max")
      j[k] = s.t_max;
    else if (key == "eta_min")
      j[k] = s.eta_min;
    else if (key == "warmup_epochs")
      j[k] = s.warmup_epochs;
  }
  return j;
}

json weights_json(const Weights& w) {
  json W = json::array(), B = json::array();
  for (size_t l = 0; l < w.W.size(); ++l) {
    // Rows of `in` values, one per bias; a layer whose sizes disagree is written as one row.
    const size_t out = l < w.b.size() ? w.b[l].size() : 0;
    const bool whole = out > 0 && w.W[l].size() % out == 0;
    const size_t in = whole ? w.W[l].size() / out : w.W[l].size();
    json rows = json::array();
    for (size_t r = 0; r * in < w.W[l].size() || (r == 0 && !whole); ++r)
      rows.push_back(std::vector<double>(
          w.W[l].begin() + static_cast<long>(r * in),
          w.W[l].begin() + static_cast<long>(std::min(w.W[l].size(), (r + 1) * in))));
    W.push_back(std::move(rows));
  }
  for (const auto& b : w.b) B.push_back(b);
  return {{"W", std::move(W)}, {"b", std::move(B)}};
}

json history_value_json(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json progress_json(const RunProgress& g) {
  json rows = json::array(), markers = json::array();
  for (const EpochRow& r : g.history) {
    json row = json::array({r.epoch});
    for (double v : {r.train_loss, r.test_loss, r.penalty, r.train_metric, r.test_metric, r.lr})
      row.push_back(history_value_json(v));
    rows.push_back(std::move(row));
  }
  for (const Marker& m : g.markers) markers.push_back(json::array({m.epoch, m.what}));
  return {{"epoch", g.epoch}, {"steps", g.steps}, {"history", std::move(rows)}, {"markers", std::move(markers)}};
}

bool same_value(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

bool RunProgress::operator==(const RunProgress& o) const {
  if (epoch != o.epoch || steps != o.steps || history.size() != o.history.size() ||
      markers.size() != o.markers.size())
    return false;
  for (size_t i = 0; i < history.size(); ++i) {
    const EpochRow &a = history[i], &b = o.history[i];
    if (a.epoch != b.epoch || !same_value(a.train_loss, b.train_loss) || !same_value(a.test_loss, b.test_loss) ||
        !same_value(a.penalty, b.penalty) || !same_value(a.train_metric, b.train_metric) ||
        !same_value(a.test_metric, b.test_metric) || !same_value(a.lr, b.lr))
      return false;
  }
  for (size_t i = 0; i < markers.size(); ++i)
    if (markers[i].epoch != o.markers[i].epoch || markers[i].what != o.markers[i].what) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] public API

std::string experiment_to_json(const Experiment& e) {
  const NetworkSpec& n = e.network;
  const TrainingSpec& t = e.training;
  json features = json::array();
  for (Feature f : e.features) features.push_back(name(f));
  // One string when every hidden layer has the same activation (or there are none).
  json activation;
  if (n.activations.empty())
    activation = name(NetworkSpec{}.activations.front());
  else if (std::all_of(n.activations.begin(), n.activations.end(),
                       [&](Act a) { return a == n.activations[0]; }))
    activation = name(n.activations[0]);
  else
    for (Act a : n.activations) activation.push_back(name(a));

  json doc = {
      {"descent", e.version},
      {"title", e.title},
      {"notes", e.notes},
  };
  // Only when there are some (files without them stay byte-identical), beside the English.
  if (!e.translations.empty()) {
    json& tr = doc["translations"] = json::object();
    for (const auto& [lang, t] : e.translations) {
      json& x = tr[lang] = json::object();
      if (!t.title.empty()) x["title"] = t.title;
      if (!t.notes.empty()) x["notes"] = t.notes;
    }
  }
  const json rest = {
      {"seed", e.seed},
      {"data", data_json(e.data)},
      {"features", std::move(features)},
      {"network",
       {{"hidden", n.hidden},
        {"activation", std::move(activation)},
        {"output", name(n.output)},
        {"init", name(n.init)}}},
      {"loss", name(e.loss)},
      {"training",
       {{"optimizer", optimizer_json(t.optimizer)},
        {"schedule", schedule_json(t.schedule)},
        {"batch_size", t.batch_size == 0 ? json("full") : json(t.batch_size)},
        {"shuffle", t.shuffle},
        {"l1", t.l1},
        {"l2", t.l2},
        {"dropout", t.dropout},
        {"epochs", t.epochs},
        {"loss_threshold", t.loss_threshold}}},
  };
  for (const auto& [k, v] : rest.items()) doc[k] = v;
  if (e.weights) doc["weights"] = weights_json(*e.weights);
  // Only when set: files without them stay byte-identical.
  if (e.app.pace) doc["app"] = {{"pace", *e.app.pace == 0.0 ? json("max") : json(*e.app.pace)}};
  if (e.progress) doc["progress"] = progress_json(*e.progress);
  std::string out;
  write(out, doc, 0);
  return out + "\n";
}

void save_experiment(const std::string& path, const Experiment& e) {
  // A save never writes a file that cannot be loaded: weights that diverged are refused here.
  if (e.weights) {
    try {
      validate_weights(e, std::nullopt);
    } catch (const Error& err) {
      throw Error(path + ": not saved: " + err.what());
    }
  }
  write_file(path, experiment_to_json(e));  // whole or not at all (nn/file_io.h)
}

// Generated data: the data seed (data.seed, else the experiment's seed) makes the points, and
// seed ^ kSplitSalt shuffles the split, so the split's random stream is not a replay of the one
// that placed the points (the Rng would otherwise start identically). CSV files without a split
// column are split the same way; painted points carry their own split.
Dataset make_dataset(const Experiment& e) {
  constexpr uint64_t kSplitSalt = 0x73706c6974ULL;  // "split"
  const DataSpec& s = e.data;
  Dataset d;
  std::string name_for_errors;
  switch (s.source) {
    case DataSpec::Source::generator: {
      const GeneratorRow* g = find_generator(s.generator);
      if (!g) unknown_name("data.generator", "generator", s.generator, generator_names());
      d = g->generate(s.n, s.noise, data_seed(e), s.classes);
      split(d, s.train_ratio, data_seed(e) ^ kSplitSalt);
      name_for_errors = "generator " + s.generator;
      break;
    }
    case DataSpec::Source::csv: {
      const std::string path = (std::filesystem::path(e.base_dir) / s.csv).string();
      CsvData c = read_csv(path, s.task);
      d = std::move(c.data);
      if (!c.has_split) split(d, s.train_ratio, data_seed(e) ^ kSplitSalt);
      name_for_errors = s.csv;
      break;
    }
    case DataSpec::Source::points:
      d = s.points;
      name_for_errors = "data.points";
      break;
  }
  check_features_dims(e.features, shape_of(d, name_for_errors));
  return d;
}

int output_count(const Experiment& e, const Dataset& d) {
  std::string what = e.data.source == DataSpec::Source::csv      ? e.data.csv
                     : e.data.source == DataSpec::Source::points ? std::string("data.points")
                                                                 : "generator " + e.data.generator;
  return outputs_for(e.network.output, shape_of(d, std::move(what))).value_or(1);
}

namespace {
const ExperimentText* translation(const Experiment& e, std::string_view lang) {
  const auto it = e.translations.find(std::string(lang));
  return it == e.translations.end() ? nullptr : &it->second;
}
}  // namespace

const std::string& shown_title(const Experiment& e, std::string_view lang) {
  const ExperimentText* t = translation(e, lang);
  return t && !t->title.empty() ? t->title : e.title;
}

const std::string& shown_notes(const Experiment& e, std::string_view lang) {
  const ExperimentText* t = translation(e, lang);
  return t && !t->notes.empty() ? t->notes : e.notes;
}

Experiment playground_experiment() {
  Experiment e;
  e.title = "Playground default";
  e.data.generator = "circle";
  e.data.n = 500;
  e.data.noise = 0.0;
  e.data.train_ratio = 0.5;
  e.features = {Feature::x1, Feature::x2};
  e.network.hidden = {4, 2};
  e.network.activations = {Act::tanh, Act::tanh};
  e.network.output = OutAct::tanh;
  e.network.init = Init::playground;
  e.loss = Loss::half_squared_error;
  e.training.optimizer = OptimizerSpec::defaults(Opt::sgd);
  e.training.optimizer.lr = 0.03;
  e.training.batch_size = 10;
  e.training.shuffle = false;
  return e;
}

}  // namespace nn

namespace nn {
// Exported for nn/setting.cpp (declared in nn/setting.h): one home for name suggestions.
std::string suggest_name(std::string_view typed, const std::vector<std::string_view>& names) {
  return experiment_rules::did_you_mean(typed, names);
}
}  // namespace nn
