// nn/experiment_rules.h — what reading, checking and writing experiment files share (internal
// to nn/experiment*.cpp): messages, the range rules (one definition per rule), typed access to
// JSON values, and facts about data and optimizers.
//
// Files: experiment_parse.cpp (JSON text → Experiment), experiment_validate.cpp (validate()),
// experiment.cpp (Experiment → JSON text, and building the data set an experiment describes).
// Internally every error is thrown as "<json.path>: <reason>"; experiment_from_json prefixes
// "<where>: ".
//
// [SECTION] messages: paths, numbers, "did you mean"
// [SECTION] ranges: one definition per rule, shared by the parser and validate()
// [SECTION] typed access to JSON values
// [SECTION] facts about data and optimizers (keys per kind, hyper-parameters, data shapes)
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nn/common.h"
#include "nn/limits.h"
#include "nn/message.h"
#include "nn/experiment.h"
#include "nn/hyperparams.h"

namespace nn::experiment_rules {

using json = nlohmann::ordered_json;
using Names = std::vector<std::string_view>;

// ---------------------------------------------------------------------------------------------
// [SECTION] messages

[[noreturn]] inline void fail(const std::string& path, const std::string& reason) {
  throw Error(path.empty() ? reason : path + ": " + reason);
}

inline std::string key_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
inline std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Doubles in messages: shortest text that reads back as the same double ("-1", "0.03", "1e-08").
inline std::string num(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

inline std::string dump(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }
// Names the user typed are quoted abbreviated: a 10 MB key must not make a 10 MB message.
inline std::string quote(std::string_view s) { return dump(json(abbreviate(s))); }

// A value as shown after "got": scalars as JSON text (long ones cut), containers by kind.
inline std::string shown(const json& v) {
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  std::string s = dump(v);
  if (s.size() > 40) {
    size_t cut = 36;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
      --cut;  // keep UTF-8 whole
    s = s.substr(0, cut) + "...";
  }
  return s;
}

// "1 value", "3 values"
inline std::string count(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

inline std::string join(const Names& names, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += sep;
    out += names[i];
  }
  return out;
}

// Edit distance (Levenshtein plus adjacent transpositions, so "circel" is one edit from
// "circle"), case-insensitive (so "Adam" suggests "adam").
inline size_t edit_distance(std::string_view a, std::string_view b) {
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (low(a[i - 1]) != low(b[j - 1]))});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[b.size()];
}

// "; did you mean "x"?" for the closest name within a third of the typed length (at least 1
// edit), else "". Ties go to the earlier name in the list.
inline std::string did_you_mean(std::string_view typed, const Names& names) {
  const size_t limit = std::max<size_t>(1, typed.size() / 3);
  std::string_view best;
  size_t best_d = limit + 1;
  for (auto n : names)
    if (const size_t d = edit_distance(typed, n); d < best_d) best_d = d, best = n;
  return best_d <= limit ? "; did you mean " + quote(best) + "?" : "";
}

[[noreturn]] inline void unknown_name(const std::string& path, std::string_view what,
                               std::string_view typed, const Names& names) {
  fail(path, "unknown " + std::string(what) + " " + quote(typed) + "; valid: " + join(names) +
                 did_you_mean(typed, names));
}

template <typename Table>
inline Names names_of(const Table& table) {
  Names out;
  for (const auto& r : table) out.push_back(r.name);
  return out;
}

inline Names generator_names() {
  Names out;
  for (const auto& g : generators()) out.push_back(g.name);
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] ranges: one definition per rule, shared by the parser and validate().

constexpr double kInf = kUnbounded;

using Range = Interval;  // a real interval (nn/hyperparams.h)
struct IntRange {  // an integer interval; hi = LLONG_MAX means "no upper bound"
  long long lo, hi;
  const char* unit = nullptr;
};

constexpr Range kPositive{0, kInf, true};
constexpr Range kNonNegative{0, kInf};
constexpr Range kClosedUnit{0, 1};                 // noise
constexpr Range kHalfOpenUnit{0, 1, false, true};  // dropout
constexpr Range kRatio{0, 1, true, false};         // train_ratio, gamma
constexpr Range kDataValue{-limits::kDataValue, limits::kDataValue};  // see nn/limits.h
constexpr IntRange kPointCount{1, 100000};
constexpr IntRange kClassCount{2, kMaxClasses};
constexpr IntRange kDims{1, 2};
constexpr IntRange kWidth{1, kMaxLayerWidth, "neurons"};
constexpr IntRange kEpochs{0, limits::kEpochs};
constexpr IntRange kAtLeastOne{1, INT_MAX};
constexpr IntRange kNonNegativeInt{0, INT_MAX};
constexpr size_t kMaxPoints = 100000;
// The app's pace (app.pace), in epochs per second: from one epoch in 100 s (slow motion on a
// big data set) to 1000 (a blur); "max" (0) is no limit.
constexpr Range kPace{0.01, 1000};
constexpr IntRange kProgressSteps{0, LLONG_MAX};
// progress.history holds what a History keeps (nn/history.h: ≤ its capacity + the last row),
// progress.markers at most a History's capacity of markers.
constexpr size_t kProgressRows = 8192, kProgressMarkers = 4096;

inline std::string describe(const Range& r) {
  if (r.hi == kInf) return std::string(r.lo_open ? "> " : ">= ") + num(r.lo);
  return std::string("in ") + (r.lo_open ? "(" : "[") + num(r.lo) + ", " + num(r.hi) +
         (r.hi_open ? ")" : "]");
}
inline std::string describe(const IntRange& r) {
  std::string s = r.hi >= INT_MAX ? ">= " + std::to_string(r.lo)
                                  : std::to_string(r.lo) + ".." + std::to_string(r.hi);
  return r.unit ? s + " " + r.unit : s;
}

inline bool inside(double v, const Range& r) { return r.contains(v); }

inline void check(double v, const std::string& path, const Range& r) {
  if (!std::isfinite(v)) fail(path, "must be a finite number");
  if (!inside(v, r)) fail(path, "must be " + describe(r) + ", got " + num(v));
  // The network computes in float: a value beyond float's range would be infinite there.
  if (std::fabs(v) > std::numeric_limits<float>::max())
    fail(path, "must be within float's range (±3.4e38), got " + num(v));
  if (r.float_normal && std::fabs(v) < std::numeric_limits<float>::min())
    fail(path, "is 0 in float (the smallest usable value is 1.2e-38), so training would not move; got " + num(v));
}
inline void check(long long v, const std::string& path, const IntRange& r) {
  if (v < r.lo || v > r.hi) fail(path, "must be " + describe(r) + ", got " + std::to_string(v));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] typed access to JSON values. Each takes the value's path for its message.

inline const json* member(const json& obj, std::string_view key) {
  const auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

inline const json& need_object(const json& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + shown(v));
  return v;
}
inline const json& need_array(const json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + shown(v));
  return v;
}

inline double as_number(const json& v, const std::string& path, const Range& r) {
  if (!v.is_number()) fail(path, "expected a number, got " + shown(v));
  const double d = v.get<double>();
  check(d, path, r);
  return d;
}

inline long long as_int(const json& v, const std::string& path, const IntRange& r) {
  long long i = 0;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(LLONG_MAX))
      fail(path, "must be " + describe(r) + ", got " + dump(v));
    i = static_cast<long long>(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    i = v.get<long long>();
  } else if (v.is_number_float()) {
    // 4.0 or 1e3 are integers written as reals: accept them when exact.
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) fail(path, "expected an integer, got " + shown(v));
    if (d < -9.2e18 || d > 9.2e18) fail(path, "must be " + describe(r) + ", got " + dump(v));
    i = static_cast<long long>(d);
  } else {
    fail(path, "expected an integer, got " + shown(v));
  }
  check(i, path, r);
  return i;
}

inline std::string as_string(const json& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + shown(v));
  if (v.get_ref<const std::string&>().size() > limits::kStringBytes)
    fail(path, "text longer than " + std::to_string(limits::kStringBytes / 1024) + " KB");
  return v.get<std::string>();
}

// Seeds: any integer 0 .. 2^64 − 1 (JSON writes a uint64_t as it is).
inline uint64_t as_seed(const json& v, const std::string& path) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  return static_cast<uint64_t>(as_int(v, path, {0, LLONG_MAX}));
}

inline bool as_bool(const json& v, const std::string& path) {
  if (!v.is_boolean()) fail(path, "expected true or false, got " + shown(v));
  return v.get<bool>();
}

// A name from one of the tables (kActivations, kLosses, ...): returns the row's id.
template <typename Table>
inline auto as_enum(const json& v, const std::string& path, std::string_view what, const Table& table) {
  const std::string s = as_string(v, path);
  for (const auto& r : table)
    if (s == r.name) return r.id;
  unknown_name(path, what, s, names_of(table));
}

// Optional members: assign only when the key is present (else the struct's default stays).
inline void read(const json& obj, std::string_view key, const std::string& path, double& out,
          const Range& r) {
  if (const json* v = member(obj, key)) out = as_number(*v, key_path(path, key), r);
}
inline void read(const json& obj, std::string_view key, const std::string& path, int& out,
          const IntRange& r) {
  if (const json* v = member(obj, key)) out = static_cast<int>(as_int(*v, key_path(path, key), r));
}
inline void read(const json& obj, std::string_view key, const std::string& path, bool& out) {
  if (const json* v = member(obj, key)) out = as_bool(*v, key_path(path, key));
}
inline void read(const json& obj, std::string_view key, const std::string& path, std::string& out) {
  if (const json* v = member(obj, key)) out = as_string(*v, key_path(path, key));
}

// Unknown keys are errors, with a suggestion among the keys valid here.
[[noreturn]] inline void unknown_key(const std::string& path, const std::string& key, const Names& valid) {
  const std::string hint = did_you_mean(key, valid);
  fail(key_path(path, abbreviate(key)),
       "unknown key" + (hint.empty() ? "; valid keys are: " + join(valid) : hint));
}
inline void check_keys(const json& obj, const std::string& path, const Names& valid) {
  for (const auto& [k, v] : obj.items())
    if (std::find(valid.begin(), valid.end(), k) == valid.end()) unknown_key(path, k, valid);
}

// Objects whose valid keys depend on a kind (optimizer name, schedule name, data source). A key
// that belongs to another kind gets a message saying whose it is.
struct Variant {
  std::string label;  // "adam", "generator data"
  Names keys;         // valid for this kind (besides `always`)
};
inline void check_variant_keys(const json& obj, const std::string& path,
                        const std::vector<Variant>& variants, size_t chosen, const Names& always) {
  const Variant& mine = variants[chosen];
  for (const auto& item : obj.items()) {
    const std::string& k = item.key();
    auto has = [&](const Names& ks) { return std::find(ks.begin(), ks.end(), k) != ks.end(); };
    if (has(always) || has(mine.keys)) continue;
    Names owners;
    for (const auto& var : variants)
      if (has(var.keys)) owners.push_back(var.label);
    if (!owners.empty()) {
      std::string whose = owners.size() == 1
                              ? std::string(owners[0]) + "'s parameter"
                              : "a parameter of " + join(Names(owners.begin(), owners.end() - 1)) +
                                    " and " + std::string(owners.back());
      fail(key_path(path, abbreviate(k)), whose + "; " + mine.label + " has " +
                                  (mine.keys.empty() ? "no parameters" : join(mine.keys)));
    }
    Names valid = always;
    valid.insert(valid.end(), mine.keys.begin(), mine.keys.end());
    unknown_key(path, k, valid);
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] facts about data and optimizers shared by reading, writing and validation.

inline const Names kTasks{"auto", "classification", "regression"};

// What a generator makes, learned by asking it for zero points: cheap, and it leaves the table
// in data.cpp the only place that knows each generator's class count. `takes_classes`: the
// count is the "classes" parameter (blobs) rather than fixed (2 for most, 3 for spiral3).
struct GeneratorFacts {
  Task task;
  int dims;
  int classes;  // for `classes` asked (0 for regression)
  bool takes_classes;
};
inline std::optional<GeneratorFacts> generator_facts(std::string_view name, int classes) {
  const GeneratorRow* g = find_generator(name);
  if (!g) return std::nullopt;
  try {
    const int a = g->generate(0, 0.0, 0, 2).classes, b = g->generate(0, 0.0, 0, 3).classes;
    const int k = a == b ? a : g->generate(0, 0.0, 0, classes).classes;
    return GeneratorFacts{g->task, g->dims, g->task == Task::classification ? k : 0, a != b};
  } catch (const Error&) {  // e.g. blobs refusing a class count out of range
    return std::nullopt;
  }
}
inline bool generator_takes_classes(std::string_view name) {
  const auto f = generator_facts(name, 2);
  return f && f->takes_classes;
}

// Hyper-parameters of each optimizer, in torch.optim's signature order (the order written).
inline const Names& hyper_keys(Opt k) {
  static const Names sgd{"lr", "momentum", "dampening", "weight_decay"};
  static const Names adagrad{"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"};
  static const Names rmsprop{"lr", "alpha", "eps", "weight_decay", "momentum", "centered"};
  static const Names adam{"lr", "betas", "eps", "weight_decay", "amsgrad"};
  switch (k) {
    case Opt::sgd:
    case Opt::momentum:
    case Opt::nesterov: return sgd;
    case Opt::adagrad: return adagrad;
    case Opt::rmsprop: return rmsprop;
    case Opt::adam: return adam;
  }
  return sgd;
}

// The real-valued hyper-parameters and their ranges: nn/hyperparams.h (betas, a pair in the
// file, and the flags centered and amsgrad are handled by name).
inline const HyperParam* real_hyper(std::string_view key) {
  if (key == "beta1" || key == "beta2") return nullptr;  // written as "betas"
  return hyper_param(key);
}

inline std::vector<Variant> optimizer_variants() {
  std::vector<Variant> v;
  for (const auto& r : kOptimizers) v.push_back({r.name, hyper_keys(r.id)});
  return v;
}

inline const Names& schedule_keys(Sched s) {
  static const Names constant{"warmup_epochs"};
  static const Names step{"step_size", "gamma", "warmup_epochs"};
  static const Names exponential{"gamma", "warmup_epochs"};
  static const Names cosine{"t_max", "eta_min", "warmup_epochs"};
  switch (s) {
    case Sched::constant: return constant;
    case Sched::step: return step;
    case Sched::exponential: return exponential;
    case Sched::cosine: return cosine;
  }
  return constant;
}

inline const std::vector<Variant>& data_variants() {  // indexed by DataSpec::Source
  static const std::vector<Variant> v{
      {"generator data", {"generator", "n", "noise", "train_ratio", "classes", "seed"}},
      {"csv data", {"csv", "task", "train_ratio", "seed"}},
      {"points data", {"points", "dims", "task", "classes"}},
  };
  return v;
}

// What is known about an experiment's data without reading a file.
struct DataShape {
  std::optional<Task> task;
  int classes = 0;  // when task is classification and known
  std::optional<int> dims;
  std::string name;  // for messages: "generator linear1d", "data.points", "file.csv"
};

inline DataShape known_shape(const DataSpec& d) {
  DataShape s;
  switch (d.source) {
    case DataSpec::Source::generator:
      s.name = "generator " + d.generator;
      if (const auto g = generator_facts(d.generator, d.classes)) {
        s.task = g->task;
        s.dims = g->dims;
        s.classes = g->classes;
      }
      break;
    case DataSpec::Source::csv:
      s.name = d.csv;
      if (d.task == "regression") s.task = Task::regression;  // "classification": K unknown yet
      break;
    case DataSpec::Source::points:
      s.name = "data.points";
      s.task = d.points.task;
      s.classes = d.points.classes;
      s.dims = d.points.dims;
      break;
  }
  return s;
}

inline DataShape shape_of(const Dataset& d, std::string name) {
  return {d.task, d.task == Task::classification ? d.classes : 0, d.dims, std::move(name)};
}

// Output layer size for an output activation over data of this shape, or the error.
inline std::optional<int> outputs_for(OutAct out, const DataShape& s) {
  if (!s.task) return std::nullopt;
  if (*s.task == Task::regression) {
    if (out == OutAct::softmax)
      fail("network.output", "softmax needs classification data; " + s.name + " is regression");
    return 1;
  }
  if (s.classes == 0) return std::nullopt;  // classification, class count not known yet
  if (s.classes > 2) {
    if (out != OutAct::softmax)
      fail("network.output", std::to_string(s.classes) + "-class data needs a softmax output");
    return s.classes;
  }
  return out == OutAct::softmax ? 2 : 1;
}

inline void check_features_dims(const std::vector<Feature>& features, const DataShape& s) {
  if (!s.dims || *s.dims != 1) return;
  for (size_t i = 0; i < features.size(); ++i)
    if (kFeatures[static_cast<int>(features[i])].uses_x2)
      fail(index_path("features", i),
           std::string(name(features[i])) + " needs 2-D data; " + s.name + " is 1-D");
}

// [out, in] per layer; out = 0 when the output count is not known yet.
inline std::vector<std::pair<int, int>> layer_shapes(const Experiment& e, std::optional<int> outputs) {
  std::vector<std::pair<int, int>> shapes;
  int in = static_cast<int>(e.features.size());
  for (int h : e.network.hidden) shapes.push_back({h, std::exchange(in, h)});
  shapes.push_back({outputs.value_or(0), in});
  return shapes;
}

inline std::string layers_text(size_t hidden) {
  return std::to_string(hidden + 1) + " layers (" + std::to_string(hidden) + " hidden + output)";
}
inline std::string shape_text(int out, int in) {
  return std::to_string(out) + "\xc3\x97" + std::to_string(in) + " (out\xc3\x97in)";
}

// Canonical class labels of painted points, by the same rules as CSV: binary labels may be
// 0/1 or −1/+1; 0..K−1 integers are classes; anything else is regression (under "auto").
inline void resolve_points(Dataset& d, const std::string& task, std::optional<int> classes,
                    const std::string& path) {
  auto integral = [](double y) { return y == std::floor(y); };
  const bool plus_minus =
      !d.points.empty() &&
      std::all_of(d.points.begin(), d.points.end(),
                  [](const Point& p) { return p.y == 1.0 || p.y == -1.0; }) &&
      std::any_of(d.points.begin(), d.points.end(), [](const Point& p) { return p.y == -1.0; });
  const bool class_like = std::all_of(d.points.begin(), d.points.end(), [&](const Point& p) {
    return integral(p.y) && p.y >= 0 && p.y < kMaxClasses;
  });
  if (task == "regression") {
    if (classes) fail(key_path(path, "classes"), "regression data has no classes");
    d.task = Task::regression;
    d.classes = 0;
    return;
  }
  if (task == "auto" && !classes && !plus_minus && !class_like) {
    d.task = Task::regression;
    d.classes = 0;
    return;
  }
  d.task = Task::classification;
  if (plus_minus && classes.value_or(2) == 2)
    for (auto& p : d.points) p.y = p.y > 0 ? 1.0 : 0.0;
  int k = 2;
  for (const auto& p : d.points)
    if (integral(p.y) && p.y >= 0 && p.y < kMaxClasses) k = std::max(k, static_cast<int>(p.y) + 1);
  d.classes = classes.value_or(k);
}

inline void check_points(const Dataset& d, const std::string& path) {
  check(d.dims, key_path(path, "dims"), kDims);
  if (d.points.size() > kMaxPoints)
    fail(key_path(path, "points"), "at most " + std::to_string(kMaxPoints) + " points, got " +
                                       std::to_string(d.points.size()));
  if (d.task == Task::classification) check(d.classes, key_path(path, "classes"), kClassCount);
  for (size_t i = 0; i < d.points.size(); ++i) {
    const Point& p = d.points[i];
    const std::string pp = index_path(key_path(path, "points"), i);
    if (!std::isfinite(p.x1) || !std::isfinite(p.x2) || !std::isfinite(p.y))
      fail(pp, "must be finite numbers");
    if (!inside(p.x1, kDataValue) || !inside(p.x2, kDataValue) || !inside(p.y, kDataValue))
      fail(pp, "values must be within ±1e9 (the limit for data values; rescale the data)");
    if (d.task == Task::classification && (p.y != std::floor(p.y) || p.y < 0 || p.y >= d.classes))
      fail(pp, "class label must be an integer 0.." + std::to_string(d.classes - 1) + ", got " +
                   num(p.y));
  }
}

// A whole JSON document whose top level is an object (experiments, lessons): syntax errors
// as "invalid JSON at line L, column C: ...", nesting bounded by limits::kJsonDepth.
json parse_document(std::string_view text);

// Weights' shapes and values (experiment_validate.cpp); `outputs` is the output layer's width
// when the data fixes it. save_experiment uses it too: a save never writes an unloadable file.
void validate_weights(const Experiment& e, std::optional<int> outputs);

}  // namespace nn::experiment_rules
