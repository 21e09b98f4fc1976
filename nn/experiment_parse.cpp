// nn/experiment_parse.cpp — experiment files: JSON text → Experiment (see experiment_rules.h).
//
// A small table-driven parser over nlohmann::ordered_json (file order, so "the first problem"
// is the first one a reader of the file meets). Range rules are the ones validate() applies, so
// a GUI edit and a hand-edited file get the same message.
#include "nn/experiment_rules.h"

#include <filesystem>

#include "nn/file_io.h"

namespace nn {

using namespace experiment_rules;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] reading

// data.task: "auto", "classification" or "regression".
void read_task(const json& v, DataSpec& d) {
  if (const json* t = member(v, "task")) {
    d.task = as_string(*t, "data.task");
    if (std::find(kTasks.begin(), kTasks.end(), d.task) == kTasks.end())
      unknown_name("data.task", "task", d.task, kTasks);
  }
}

void parse_generator_data(const json& v, const std::string& p, DataSpec& d) {
  read(v, "generator", p, d.generator);
  if (!find_generator(d.generator))
    unknown_name("data.generator", "generator", d.generator, generator_names());
  read(v, "n", p, d.n, kPointCount);
  read(v, "noise", p, d.noise, kClosedUnit);
  read(v, "train_ratio", p, d.train_ratio, kRatio);
  if (member(v, "classes") && !generator_takes_classes(d.generator)) {
    Names variable;
    for (const auto& g : generators())
      if (generator_takes_classes(g.name)) variable.push_back(g.name);
    fail("data.classes", "generator " + d.generator +
                             " has a fixed class count (\"classes\" is for " +
                             join(variable, " and ") + ")");
  }
  read(v, "classes", p, d.classes, kClassCount);
  if (const json* s = member(v, "seed")) d.seed = as_seed(*s, "data.seed");
}

void parse_csv_data(const json& v, const std::string& p, DataSpec& d) {
  read(v, "csv", p, d.csv);
  if (d.csv.empty()) fail("data.csv", "empty file name");
  read_task(v, d);
  read(v, "train_ratio", p, d.train_ratio, kRatio);
  if (const json* s = member(v, "seed")) d.seed = as_seed(*s, "data.seed");
}

// One point, [x1, (x2,) y] with an optional "train" or "test"; pp is its path.
Point parse_point(const json& row, const std::string& pp, int dims) {
  const size_t m = static_cast<size_t>(dims) + 1;  // coordinates and the label
  if (!row.is_array() || (row.size() != m && row.size() != m + 1) ||
      (row.size() == m + 1 && !row[m].is_string())) {
    const std::string form = dims == 1 ? "[x1, y] or [x1, y, \"train\"|\"test\"]"
                                       : "[x1, x2, y] or [x1, x2, y, \"train\"|\"test\"]";
    fail(pp, "expected " + form + ", got " + (row.is_array() ? count(row.size(), "value") : shown(row)));
  }
  Point pt;
  pt.x1 = as_number(row[0], index_path(pp, 0), kDataValue);
  if (dims == 2) pt.x2 = as_number(row[1], index_path(pp, 1), kDataValue);
  pt.y = as_number(row[m - 1], index_path(pp, m - 1), kDataValue);
  if (row.size() == m + 1) {
    const std::string s = as_string(row[m], index_path(pp, m));
    if (s != "train" && s != "test") fail(index_path(pp, m), "expected \"train\" or \"test\", got " + quote(s));
    pt.test = s == "test";
  }
  return pt;
}

void parse_points_data(const json& v, const std::string& p, DataSpec& d) {
  Dataset& ds = d.points;
  read(v, "dims", p, ds.dims, kDims);
  read_task(v, d);
  std::optional<int> classes;
  if (const json* c = member(v, "classes"))
    classes = static_cast<int>(as_int(*c, "data.classes", kClassCount));
  const json& arr = need_array(*member(v, "points"), "data.points");
  if (arr.size() > kMaxPoints)
    fail("data.points", "at most " + std::to_string(kMaxPoints) + " points, got " +
                            std::to_string(arr.size()));
  for (size_t i = 0; i < arr.size(); ++i) ds.points.push_back(parse_point(arr[i], index_path("data.points", i), ds.dims));
  resolve_points(ds, d.task, classes, p);
  // The spec mirrors the points' own task and class count (as Session::set_data does), so
  // saving and loading again gives the same Experiment.
  d.task = ds.task == Task::classification ? "classification" : "regression";
  d.classes = std::max(2, ds.classes);
  check_points(ds, p);
}

DataSpec parse_data(const json& v) {
  const std::string p = "data";
  need_object(v, p);
  DataSpec d;
  // The source is chosen by which of these keys is present.
  const Names sources{"generator", "csv", "points"};
  Names present;
  for (auto s : sources)
    if (member(v, s)) present.push_back(s);
  if (present.size() > 1)
    fail(p, "give one of \"generator\", \"csv\" or \"points\", got both " + quote(present[0]) +
                " and " + quote(present[1]));
  if (!present.empty())
    d.source = static_cast<DataSpec::Source>(std::find(sources.begin(), sources.end(), present[0]) -
                                             sources.begin());
  check_variant_keys(v, p, data_variants(), static_cast<size_t>(d.source), {});
  switch (d.source) {
    case DataSpec::Source::generator: parse_generator_data(v, p, d); break;
    case DataSpec::Source::csv: parse_csv_data(v, p, d); break;
    case DataSpec::Source::points: parse_points_data(v, p, d); break;
  }
  return d;
}

std::vector<Feature> parse_features(const json& v) {
  const json& arr = need_array(v, "features");
  if (arr.empty()) fail("features", "must list at least one feature");
  std::vector<Feature> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string p = index_path("features", i);
    const Feature f = as_enum(arr[i], p, "feature", kFeatures);
    if (std::find(out.begin(), out.end(), f) != out.end())
      fail(p, quote(name(f)) + " is listed twice");
    out.push_back(f);
  }
  return out;
}

NetworkSpec parse_network(const json& v) {
  const std::string p = "network";
  need_object(v, p);
  check_keys(v, p, {"hidden", "activation", "output", "init"});
  NetworkSpec n;
  if (const json* h = member(v, "hidden")) {
    const json& arr = need_array(*h, "network.hidden");
    if (arr.size() > kMaxHiddenLayers)
      fail("network.hidden", "at most " + std::to_string(kMaxHiddenLayers) +
                                 " hidden layers, got " + std::to_string(arr.size()));
    n.hidden.clear();
    for (size_t i = 0; i < arr.size(); ++i)
      n.hidden.push_back(static_cast<int>(as_int(arr[i], index_path("network.hidden", i), kWidth)));
  }
  // Default: every hidden layer gets the default activation.
  n.activations.assign(n.hidden.size(), NetworkSpec{}.activations.front());
  if (const json* a = member(v, "activation")) {
    if (a->is_array()) {
      if (a->size() != n.hidden.size())
        fail("network.activation",
             std::to_string(a->size()) + " names for " + std::to_string(n.hidden.size()) +
                 " hidden layers (give one per layer, or one string for all)");
      for (size_t i = 0; i < a->size(); ++i)
        n.activations[i] =
            as_enum((*a)[i], index_path("network.activation", i), "activation", kActivations);
    } else {
      if (!a->is_string())
        fail("network.activation", "expected a name or an array of names, got " + shown(*a));
      std::fill(n.activations.begin(), n.activations.end(),
                as_enum(*a, "network.activation", "activation", kActivations));
    }
  }
  if (const json* o = member(v, "output"))
    n.output = as_enum(*o, "network.output", "output activation", kOutputs);
  if (const json* i = member(v, "init")) n.init = as_enum(*i, "network.init", "init", kInits);
  return n;
}

OptimizerSpec parse_optimizer(const json& v) {
  const std::string p = "training.optimizer";
  need_object(v, p);
  Opt kind = Opt::sgd;
  if (const json* nm = member(v, "name"))
    kind = as_enum(*nm, key_path(p, "name"), "optimizer", kOptimizers);
  // Hyper-parameters not given take torch's defaults for this kind.
  OptimizerSpec o = OptimizerSpec::defaults(kind);
  check_variant_keys(v, p, optimizer_variants(), static_cast<size_t>(kind), {"name"});
  for (const auto& [k, val] : v.items()) {
    const std::string kp = key_path(p, k);
    if (k == "name") continue;
    if (k == "centered")
      o.centered = as_bool(val, kp);
    else if (k == "amsgrad")
      o.amsgrad = as_bool(val, kp);
    else if (k == "betas") {
      if (!val.is_array() || val.size() != 2)
        fail(kp, "expected [beta1, beta2], got " + shown(val));
      o.beta1 = as_number(val[0], index_path(kp, 0), hyper_param("beta1")->valid);
      o.beta2 = as_number(val[1], index_path(kp, 1), hyper_param("beta2")->valid);
    } else if (const HyperParam* h = real_hyper(k)) {
      o.*(h->field) = as_number(val, kp, h->valid);
    }
  }
  return o;
}

ScheduleSpec parse_schedule(const json& v) {
  const std::string p = "training.schedule";
  need_object(v, p);
  ScheduleSpec s;
  if (const json* nm = member(v, "name"))
    s.kind = as_enum(*nm, key_path(p, "name"), "schedule", kSchedules);
  std::vector<Variant> variants;
  for (const auto& r : kSchedules) variants.push_back({r.name, schedule_keys(r.id)});
  check_variant_keys(v, p, variants, static_cast<size_t>(s.kind), {"name"});
  read(v, "step_size", p, s.step_size, kAtLeastOne);
  read(v, "gamma", p, s.gamma, kRatio);
  read(v, "t_max", p, s.t_max, kAtLeastOne);
  read(v, "eta_min", p, s.eta_min, kNonNegative);
  read(v, "warmup_epochs", p, s.warmup_epochs, kNonNegativeInt);
  return s;
}

TrainingSpec parse_training(const json& v) {
  const std::string p = "training";
  need_object(v, p);
  check_keys(v, p,
             {"optimizer", "schedule", "batch_size", "shuffle", "l1", "l2", "dropout", "epochs",
              "loss_threshold"});
  TrainingSpec t;
  if (const json* o = member(v, "optimizer")) t.optimizer = parse_optimizer(*o);
  if (const json* s = member(v, "schedule")) t.schedule = parse_schedule(*s);
  if (const json* b = member(v, "batch_size")) {
    if (b->is_string() && b->get<std::string>() == "full")
      t.batch_size = 0;
    else if (b->is_number())
      t.batch_size = static_cast<int>(as_int(*b, "training.batch_size", kAtLeastOne));
    else
      fail("training.batch_size", "expected an integer >= 1 or \"full\", got " + shown(*b));
  }
  read(v, "shuffle", p, t.shuffle);
  read(v, "l1", p, t.l1, kNonNegative);
  read(v, "l2", p, t.l2, kNonNegative);
  read(v, "dropout", p, t.dropout, kHalfOpenUnit);
  read(v, "epochs", p, t.epochs, kEpochs);
  read(v, "loss_threshold", p, t.loss_threshold, kNonNegative);
  return t;
}

// Weights come as W[layer][row][col] and b[layer][i]; they are checked against the architecture
// (rows = out, columns = in) while the row structure is still visible, then flattened.
Weights parse_weights(const json& v, const Experiment& e) {
  need_object(v, "weights");
  check_keys(v, "weights", {"W", "b"});
  if (!member(v, "W") || !member(v, "b")) fail("weights", "needs both \"W\" and \"b\"");
  std::optional<int> outputs;
  try {
    outputs = outputs_for(e.network.output, known_shape(e.data));
  } catch (const Error&) {
    // An impossible output layer is reported by validate(); rows are checked against b here.
  }
  const auto shapes = layer_shapes(e, outputs);
  const json& W = need_array(*member(v, "W"), "weights.W");
  const json& B = need_array(*member(v, "b"), "weights.b");
  if (W.size() != shapes.size())
    fail("weights.W",
         "expected " + layers_text(e.network.hidden.size()) + ", got " + std::to_string(W.size()));
  if (B.size() != shapes.size())
    fail("weights.b",
         "expected " + layers_text(e.network.hidden.size()) + ", got " + std::to_string(B.size()));
  Weights w;
  for (size_t l = 0; l < shapes.size(); ++l) {
    const std::string wp = index_path("weights.W", l), bp = index_path("weights.b", l);
    const json& rows = need_array(W[l], wp);
    const int in = shapes[l].second;
    const int out = shapes[l].first ? shapes[l].first : static_cast<int>(rows.size());
    if (out == 0) fail(wp, "expected at least one row, got 0");
    if (rows.size() != static_cast<size_t>(out))
      fail(wp,
           "expected " + shape_text(out, in) + ", got " + std::to_string(rows.size()) + " rows");
    std::vector<double> flat;
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string rp = index_path(wp, r);
      const json& row = need_array(rows[r], rp);
      if (row.size() != static_cast<size_t>(in))
        fail(rp, "expected " + count(static_cast<size_t>(in), "column") + " (in), got " +
                     std::to_string(row.size()));
      for (size_t c = 0; c < row.size(); ++c)
        flat.push_back(as_number(row[c], index_path(rp, c), {-kInf, kInf}));
    }
    const json& bias = need_array(B[l], bp);
    if (bias.size() != static_cast<size_t>(out))
      fail(bp, "expected " + count(static_cast<size_t>(out), "value") + " (out), got " +
                   std::to_string(bias.size()));
    std::vector<double> bv;
    for (size_t i = 0; i < bias.size(); ++i)
      bv.push_back(as_number(bias[i], index_path(bp, i), {-kInf, kInf}));
    w.W.push_back(std::move(flat));
    w.b.push_back(std::move(bv));
  }
  return w;
}

AppSpec parse_app(const json& v) {
  need_object(v, "app");
  check_keys(v, "app", {"pace"});
  AppSpec a;
  if (const json* p = member(v, "pace")) {
    if (p->is_string() && p->get<std::string>() == "max") a.pace = 0.0;
    else if (p->is_number()) a.pace = as_number(*p, "app.pace", kPace);
    else fail("app.pace", "expected epochs per second " + describe(kPace) + " or \"max\", got " + shown(*p));
  }
  return a;
}

// A history value: a number, or null for a value that does not exist (no test set, or made
// non-finite by a diverged run).
double history_value(const json& v, const std::string& path) {
  if (v.is_null()) return kNone;
  if (!v.is_number()) fail(path, "expected a number or null, got " + shown(v));
  return v.get<double>();  // any double: a loss need not fit a float
}

EpochRow parse_history_row(const json& v, const std::string& p) {
  const json& a = need_array(v, p);
  if (a.size() != 7)
    fail(p, "expected [epoch, train_loss, test_loss, penalty, train_metric, test_metric, lr], got " +
                count(a.size(), "value"));
  EpochRow r;
  r.epoch = long(as_int(a[0], index_path(p, 0), kEpochs));
  r.train_loss = history_value(a[1], index_path(p, 1));
  r.test_loss = history_value(a[2], index_path(p, 2));
  r.penalty = history_value(a[3], index_path(p, 3));
  r.train_metric = history_value(a[4], index_path(p, 4));
  r.test_metric = history_value(a[5], index_path(p, 5));
  r.lr = history_value(a[6], index_path(p, 6));
  return r;
}

RunProgress parse_progress(const json& v) {
  const std::string p = "progress";
  need_object(v, p);
  check_keys(v, p, {"epoch", "steps", "history", "markers"});
  RunProgress g;
  if (const json* e = member(v, "epoch")) g.epoch = long(as_int(*e, "progress.epoch", kEpochs));
  if (const json* s = member(v, "steps")) g.steps = long(as_int(*s, "progress.steps", kProgressSteps));
  if (const json* h = member(v, "history")) {
    const json& rows = need_array(*h, "progress.history");
    if (rows.size() > kProgressRows)
      fail("progress.history", "at most " + std::to_string(kProgressRows) + " rows, got " + std::to_string(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string rp = index_path("progress.history", i);
      g.history.push_back(parse_history_row(rows[i], rp));
      if (i > 0 && g.history[i].epoch <= g.history[i - 1].epoch)
        fail(index_path(rp, 0), "epochs must increase, got " + std::to_string(g.history[i].epoch) +
                                    " after " + std::to_string(g.history[i - 1].epoch));
      if (g.history[i].epoch > g.epoch)
        fail(index_path(rp, 0), "is past progress.epoch " + std::to_string(g.epoch));
    }
  }
  if (const json* m = member(v, "markers")) {
    const json& ms = need_array(*m, "progress.markers");
    if (ms.size() > kProgressMarkers)
      fail("progress.markers", "at most " + std::to_string(kProgressMarkers) + ", got " + std::to_string(ms.size()));
    for (size_t i = 0; i < ms.size(); ++i) {
      const std::string mp = index_path("progress.markers", i);
      const json& a = need_array(ms[i], mp);
      if (a.size() != 2) fail(mp, "expected [epoch, \"what\"], got " + count(a.size(), "value"));
      g.markers.push_back({long(as_int(a[0], index_path(mp, 0), kEpochs)), as_string(a[1], index_path(mp, 1))});
    }
  }
  return g;
}

// "translations": { "zh": { "title": "...", "notes": "..." } }: languages and fields both
// strict, so a typo ("nots", "cn") is an error with a suggestion, not a silently lost text.
std::map<std::string, ExperimentText> parse_translations(const json& v) {
  need_object(v, "translations");
  check_keys(v, "translations", Names(kTranslationLanguages.begin(), kTranslationLanguages.end()));
  std::map<std::string, ExperimentText> out;
  for (const auto& [lang, t] : v.items()) {
    const std::string p = key_path("translations", lang);
    need_object(t, p);
    check_keys(t, p, {"title", "notes"});
    ExperimentText& x = out[lang];
    read(t, "title", p, x.title);
    read(t, "notes", p, x.notes);
  }
  return out;
}

Experiment parse_experiment(const json& doc) {
  Experiment e;
  // The version first: a newer file may well have keys this build does not know.
  if (const json* v = member(doc, "descent")) {
    const long long version = as_int(*v, "descent", {LLONG_MIN, LLONG_MAX});
    if (version != 1)
      fail("descent",
           "unsupported schema version " + std::to_string(version) + " (this build reads 1)");
  }
  check_keys(doc, "",
             {"descent", "title", "notes", "translations", "seed", "data", "features", "network", "loss",
              "training", "weights", "app", "progress"});
  read(doc, "title", "", e.title);
  read(doc, "notes", "", e.notes);
  if (const json* t = member(doc, "translations")) e.translations = parse_translations(*t);
  if (const json* s = member(doc, "seed")) e.seed = as_seed(*s, "seed");
  if (const json* d = member(doc, "data")) e.data = parse_data(*d);
  if (const json* f = member(doc, "features")) e.features = parse_features(*f);
  if (const json* n = member(doc, "network")) e.network = parse_network(*n);
  if (const json* l = member(doc, "loss")) e.loss = as_enum(*l, "loss", "loss", kLosses);
  if (const json* t = member(doc, "training")) e.training = parse_training(*t);
  if (const json* w = member(doc, "weights")) e.weights = parse_weights(*w, e);
  if (const json* a = member(doc, "app")) e.app = parse_app(*a);
  if (const json* g = member(doc, "progress")) e.progress = parse_progress(*g);
  return e;
}

// "invalid JSON at line L, column C: <reason>", the position computed from nlohmann's byte count.
[[noreturn]] void syntax_error(std::string_view text, const json::parse_error& pe) {
  // pe.byte counts the characters read, the offending one included.
  const size_t at = std::min<size_t>(pe.byte > 0 ? pe.byte - 1 : 0, text.size());
  const size_t line =
      1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
  const size_t column = (nl == std::string_view::npos || nl >= at) ? at + 1 : at - nl;
  // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>".
  std::string reason = pe.what();
  if (const size_t c = reason.find(": "); c != std::string::npos) reason = reason.substr(c + 2);
  fail("", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
               ": " + reason);
}

// nlohmann reports a number too large for a double (1e999) without a position:
// "[json.exception.out_of_range.406] number overflow parsing '1e999'". Find the token.
[[noreturn]] void number_overflow(std::string_view text, const json::out_of_range& oe) {
  const std::string what = oe.what();
  const size_t q1 = what.find('\''), q2 = what.rfind('\'');
  const std::string token =
      q1 < q2 && q2 != std::string::npos ? what.substr(q1 + 1, q2 - q1 - 1) : "";
  const size_t at = token.empty() ? std::string_view::npos : text.find(token);
  if (at == std::string_view::npos) fail("", "invalid JSON: number too large: " + token);
  const size_t line =
      1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  fail("", "invalid JSON at line " + std::to_string(line) + ", column " +
               std::to_string(nl == std::string_view::npos ? at + 1 : at - nl) +
               ": number too large: " + token);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] public API

json experiment_rules::parse_document(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) fail("", "empty file");
  json doc;
  try {
    // Nesting is bounded before a deep tree is built (nn/limits.h).
    doc = json::parse(text, [](int depth, json::parse_event_t, json&) {
      if (depth > limits::kJsonDepth)
        fail("", "nesting deeper than " + std::to_string(limits::kJsonDepth) + " levels");
      return true;
    });
  } catch (const json::parse_error& pe) {
    syntax_error(text, pe);
  } catch (const json::out_of_range& oe) {
    number_overflow(text, oe);
  }
  if (!doc.is_object()) fail("", "top level must be a JSON object, got " + shown(doc));
  return doc;
}

Experiment experiment_from_json(std::string_view text, const std::string& where) {
  try {
    const json doc = parse_document(text);
    Experiment e = parse_experiment(doc);
    validate(e);
    return e;
  } catch (const Error& err) {
    throw Error(where + ": " + err.what());
  } catch (const json::exception& err) {  // not expected: every access is type-checked
    throw Error(where + ": " + err.what());
  }
}

Experiment load_experiment(const std::string& path) {
  try {
    Experiment e = experiment_from_json(read_file(path, limits::kExperimentFileBytes), path);
    e.base_dir = std::filesystem::path(path).parent_path().string();
    return e;
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while loading the experiment");
  }
}

}  // namespace nn
