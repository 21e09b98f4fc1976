// nn/experiment.cpp — experiment files: JSON text ⇄ Experiment, validation, and building the
// data set an experiment describes.
//
// Reading is a small table-driven parser over nlohmann::ordered_json (file order, so "the first
// problem" is the first one a reader of the file meets). Internally every error is thrown as
// "<json.path>: <reason>"; experiment_from_json prefixes "<where>: ". Range rules live in one
// place (the Range constants below) and are applied both while parsing and by validate(), so a
// GUI edit and a hand-edited file get the same message.
#include "nn/experiment.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <utility>

#include "nn/common.h"
#include "nn/file_io.h"
#include "nn/limits.h"

namespace nn {
namespace {

using json = nlohmann::ordered_json;
using Names = std::vector<std::string_view>;

// ---------------------------------------------------------------------------------------------
// Messages

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw Error(path.empty() ? reason : path + ": " + reason);
}

std::string key_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Doubles in messages: shortest text that reads back as the same double ("-1", "0.03", "1e-08").
std::string num(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

std::string dump(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }
// Names the user typed are quoted abbreviated: a 10 MB key must not make a 10 MB message.
std::string quote(std::string_view s) { return dump(json(abbreviate(s))); }

// A value as shown after "got": scalars as JSON text (long ones cut), containers by kind.
std::string shown(const json& v) {
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
std::string count(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string join(const Names& names, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += sep;
    out += names[i];
  }
  return out;
}

// Edit distance (Levenshtein plus adjacent transpositions, so "circel" is one edit from
// "circle"), case-insensitive (so "Adam" suggests "adam").
size_t edit_distance(std::string_view a, std::string_view b) {
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
std::string did_you_mean(std::string_view typed, const Names& names) {
  const size_t limit = std::max<size_t>(1, typed.size() / 3);
  std::string_view best;
  size_t best_d = limit + 1;
  for (auto n : names)
    if (const size_t d = edit_distance(typed, n); d < best_d) best_d = d, best = n;
  return best_d <= limit ? "; did you mean " + quote(best) + "?" : "";
}

[[noreturn]] void unknown_name(const std::string& path, std::string_view what,
                               std::string_view typed, const Names& names) {
  fail(path, "unknown " + std::string(what) + " " + quote(typed) + "; valid: " + join(names) +
                 did_you_mean(typed, names));
}

template <typename Table>
Names names_of(const Table& table) {
  Names out;
  for (const auto& r : table) out.push_back(r.name);
  return out;
}

Names generator_names() {
  Names out;
  for (const auto& g : generators()) out.push_back(g.name);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ranges: one definition per rule, shared by the parser and validate().

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Range {  // a real interval
  double lo, hi;
  bool lo_open = false, hi_open = false;
  // Also a normal float: a value below float's smallest normal number is 0 or a denormal in
  // float, where a learning rate would make every step round to nothing.
  bool float_normal = false;
};
struct IntRange {  // an integer interval; hi = LLONG_MAX means "no upper bound"
  long long lo, hi;
  const char* unit = nullptr;
};

constexpr Range kPositive{0, kInf, true};
constexpr Range kNonNegative{0, kInf};
constexpr Range kClosedUnit{0, 1};                 // noise, dampening
constexpr Range kHalfOpenUnit{0, 1, false, true};  // momentum, alpha, betas, dropout
constexpr Range kRatio{0, 1, true, false};         // train_ratio, gamma
constexpr Range kLearningRate{0, kInf, true, false, true};
constexpr Range kDataValue{-limits::kDataValue, limits::kDataValue};  // see nn/limits.h
constexpr IntRange kPointCount{1, 100000};
constexpr IntRange kClassCount{2, kMaxClasses};
constexpr IntRange kDims{1, 2};
constexpr IntRange kWidth{1, kMaxLayerWidth, "neurons"};
constexpr IntRange kEpochs{0, limits::kEpochs};
constexpr IntRange kAtLeastOne{1, INT_MAX};
constexpr IntRange kNonNegativeInt{0, INT_MAX};
constexpr size_t kMaxPoints = 100000;

std::string describe(const Range& r) {
  if (r.hi == kInf) return std::string(r.lo_open ? "> " : ">= ") + num(r.lo);
  return std::string("in ") + (r.lo_open ? "(" : "[") + num(r.lo) + ", " + num(r.hi) +
         (r.hi_open ? ")" : "]");
}
std::string describe(const IntRange& r) {
  std::string s = r.hi >= INT_MAX ? ">= " + std::to_string(r.lo)
                                  : std::to_string(r.lo) + ".." + std::to_string(r.hi);
  return r.unit ? s + " " + r.unit : s;
}

bool inside(double v, const Range& r) {
  return (r.lo_open ? v > r.lo : v >= r.lo) && (r.hi_open ? v < r.hi : v <= r.hi);
}

void check(double v, const std::string& path, const Range& r) {
  if (!std::isfinite(v)) fail(path, "must be a finite number");
  if (!inside(v, r)) fail(path, "must be " + describe(r) + ", got " + num(v));
  // The network computes in float: a value beyond float's range would be infinite there.
  if (std::fabs(v) > std::numeric_limits<float>::max())
    fail(path, "must be within float's range (±3.4e38), got " + num(v));
  if (r.float_normal && std::fabs(v) < std::numeric_limits<float>::min())
    fail(path, "is 0 in float (the smallest usable value is 1.2e-38), so training would not move; got " + num(v));
}
void check(long long v, const std::string& path, const IntRange& r) {
  if (v < r.lo || v > r.hi) fail(path, "must be " + describe(r) + ", got " + std::to_string(v));
}

// ---------------------------------------------------------------------------------------------
// Typed access to JSON values. Each takes the value's path for its message.

const json* member(const json& obj, std::string_view key) {
  const auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const json& need_object(const json& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + shown(v));
  return v;
}
const json& need_array(const json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + shown(v));
  return v;
}

double as_number(const json& v, const std::string& path, const Range& r) {
  if (!v.is_number()) fail(path, "expected a number, got " + shown(v));
  const double d = v.get<double>();
  check(d, path, r);
  return d;
}

long long as_int(const json& v, const std::string& path, const IntRange& r) {
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

std::string as_string(const json& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + shown(v));
  if (v.get_ref<const std::string&>().size() > limits::kStringBytes)
    fail(path, "text longer than " + std::to_string(limits::kStringBytes / 1024) + " KB");
  return v.get<std::string>();
}

// Seeds: any integer 0 .. 2^64 − 1 (JSON writes a uint64_t as it is).
uint64_t as_seed(const json& v, const std::string& path) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  return static_cast<uint64_t>(as_int(v, path, {0, LLONG_MAX}));
}

bool as_bool(const json& v, const std::string& path) {
  if (!v.is_boolean()) fail(path, "expected true or false, got " + shown(v));
  return v.get<bool>();
}

// A name from one of the tables (kActivations, kLosses, ...): returns the row's id.
template <typename Table>
auto as_enum(const json& v, const std::string& path, std::string_view what, const Table& table) {
  const std::string s = as_string(v, path);
  for (const auto& r : table)
    if (s == r.name) return r.id;
  unknown_name(path, what, s, names_of(table));
}

// Optional members: assign only when the key is present (else the struct's default stays).
void read(const json& obj, std::string_view key, const std::string& path, double& out,
          const Range& r) {
  if (const json* v = member(obj, key)) out = as_number(*v, key_path(path, key), r);
}
void read(const json& obj, std::string_view key, const std::string& path, int& out,
          const IntRange& r) {
  if (const json* v = member(obj, key)) out = static_cast<int>(as_int(*v, key_path(path, key), r));
}
void read(const json& obj, std::string_view key, const std::string& path, bool& out) {
  if (const json* v = member(obj, key)) out = as_bool(*v, key_path(path, key));
}
void read(const json& obj, std::string_view key, const std::string& path, std::string& out) {
  if (const json* v = member(obj, key)) out = as_string(*v, key_path(path, key));
}

// Unknown keys are errors, with a suggestion among the keys valid here.
[[noreturn]] void unknown_key(const std::string& path, const std::string& key, const Names& valid) {
  const std::string hint = did_you_mean(key, valid);
  fail(key_path(path, abbreviate(key)),
       "unknown key" + (hint.empty() ? "; valid keys are: " + join(valid) : hint));
}
void check_keys(const json& obj, const std::string& path, const Names& valid) {
  for (const auto& [k, v] : obj.items())
    if (std::find(valid.begin(), valid.end(), k) == valid.end()) unknown_key(path, k, valid);
}

// Objects whose valid keys depend on a kind (optimizer name, schedule name, data source). A key
// that belongs to another kind gets a message saying whose it is.
struct Variant {
  std::string label;  // "adam", "generator data"
  Names keys;         // valid for this kind (besides `always`)
};
void check_variant_keys(const json& obj, const std::string& path,
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
// Facts about data and optimizers shared by reading, writing and validation.

const Names kTasks{"auto", "classification", "regression"};

// What a generator makes, learned by asking it for zero points: cheap, and it leaves the table
// in data.cpp the only place that knows each generator's class count. `takes_classes`: the
// count is the "classes" parameter (blobs) rather than fixed (2 for most, 3 for spiral3).
struct GeneratorFacts {
  Task task;
  int dims;
  int classes;  // for `classes` asked (0 for regression)
  bool takes_classes;
};
std::optional<GeneratorFacts> generator_facts(std::string_view name, int classes) {
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
bool generator_takes_classes(std::string_view name) {
  const auto f = generator_facts(name, 2);
  return f && f->takes_classes;
}

// Hyper-parameters of each optimizer, in torch.optim's signature order (the order written).
const Names& hyper_keys(Opt k) {
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

// The real-valued hyper-parameters (betas, centered and amsgrad are handled by name).
struct RealHyper {
  std::string_view key;
  double OptimizerSpec::*field;
  Range range;
};
constexpr RealHyper kRealHypers[] = {
    {"lr", &OptimizerSpec::lr, kLearningRate},
    {"momentum", &OptimizerSpec::momentum, kHalfOpenUnit},
    {"dampening", &OptimizerSpec::dampening, kClosedUnit},
    {"weight_decay", &OptimizerSpec::weight_decay, kNonNegative},
    {"eps", &OptimizerSpec::eps, kPositive},
    {"alpha", &OptimizerSpec::alpha, kHalfOpenUnit},
    {"lr_decay", &OptimizerSpec::lr_decay, kNonNegative},
    {"initial_accumulator_value", &OptimizerSpec::initial_accumulator_value, kNonNegative},
};
const RealHyper* real_hyper(std::string_view key) {
  for (const auto& h : kRealHypers)
    if (h.key == key) return &h;
  return nullptr;
}

std::vector<Variant> optimizer_variants() {
  std::vector<Variant> v;
  for (const auto& r : kOptimizers) v.push_back({r.name, hyper_keys(r.id)});
  return v;
}

const Names& schedule_keys(Sched s) {
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

const std::vector<Variant>& data_variants() {  // indexed by DataSpec::Source
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

DataShape known_shape(const DataSpec& d) {
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

DataShape shape_of(const Dataset& d, std::string name) {
  return {d.task, d.task == Task::classification ? d.classes : 0, d.dims, std::move(name)};
}

// Output layer size for an output activation over data of this shape, or the error.
std::optional<int> outputs_for(OutAct out, const DataShape& s) {
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

void check_features_dims(const std::vector<Feature>& features, const DataShape& s) {
  if (!s.dims || *s.dims != 1) return;
  for (size_t i = 0; i < features.size(); ++i)
    if (kFeatures[static_cast<int>(features[i])].uses_x2)
      fail(index_path("features", i),
           std::string(name(features[i])) + " needs 2-D data; " + s.name + " is 1-D");
}

// [out, in] per layer; out = 0 when the output count is not known yet.
std::vector<std::pair<int, int>> layer_shapes(const Experiment& e, std::optional<int> outputs) {
  std::vector<std::pair<int, int>> shapes;
  int in = static_cast<int>(e.features.size());
  for (int h : e.network.hidden) shapes.push_back({h, std::exchange(in, h)});
  shapes.push_back({outputs.value_or(0), in});
  return shapes;
}

std::string layers_text(size_t hidden) {
  return std::to_string(hidden + 1) + " layers (" + std::to_string(hidden) + " hidden + output)";
}
std::string shape_text(int out, int in) {
  return std::to_string(out) + "\xc3\x97" + std::to_string(in) + " (out\xc3\x97in)";
}

// Canonical class labels of painted points, by the same rules as CSV: binary labels may be
// 0/1 or −1/+1; 0..K−1 integers are classes; anything else is regression (under "auto").
void resolve_points(Dataset& d, const std::string& task, std::optional<int> classes,
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

void check_points(const Dataset& d, const std::string& path) {
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

// ---------------------------------------------------------------------------------------------
// Reading

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
    case DataSpec::Source::generator: {
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
      break;
    }
    case DataSpec::Source::csv:
      read(v, "csv", p, d.csv);
      if (d.csv.empty()) fail("data.csv", "empty file name");
      if (const json* t = member(v, "task")) {
        d.task = as_string(*t, "data.task");
        if (std::find(kTasks.begin(), kTasks.end(), d.task) == kTasks.end())
          unknown_name("data.task", "task", d.task, kTasks);
      }
      read(v, "train_ratio", p, d.train_ratio, kRatio);
      if (const json* s = member(v, "seed")) d.seed = as_seed(*s, "data.seed");
      break;
    case DataSpec::Source::points: {
      Dataset& ds = d.points;
      read(v, "dims", p, ds.dims, kDims);
      if (const json* t = member(v, "task")) {
        d.task = as_string(*t, "data.task");
        if (std::find(kTasks.begin(), kTasks.end(), d.task) == kTasks.end())
          unknown_name("data.task", "task", d.task, kTasks);
      }
      std::optional<int> classes;
      if (const json* c = member(v, "classes"))
        classes = static_cast<int>(as_int(*c, "data.classes", kClassCount));
      const json& arr = need_array(*member(v, "points"), "data.points");
      if (arr.size() > kMaxPoints)
        fail("data.points", "at most " + std::to_string(kMaxPoints) + " points, got " +
                                std::to_string(arr.size()));
      const size_t m = static_cast<size_t>(ds.dims) + 1;  // coordinates and the label
      const std::string form = ds.dims == 1 ? "[x1, y] or [x1, y, \"train\"|\"test\"]"
                                            : "[x1, x2, y] or [x1, x2, y, \"train\"|\"test\"]";
      for (size_t i = 0; i < arr.size(); ++i) {
        const std::string pp = index_path("data.points", i);
        const json& row = arr[i];
        if (!row.is_array() || (row.size() != m && row.size() != m + 1) ||
            (row.size() == m + 1 && !row[m].is_string()))
          fail(pp, "expected " + form + ", got " +
                       (row.is_array() ? count(row.size(), "value") : shown(row)));
        Point pt;
        pt.x1 = as_number(row[0], index_path(pp, 0), kDataValue);
        if (ds.dims == 2) pt.x2 = as_number(row[1], index_path(pp, 1), kDataValue);
        pt.y = as_number(row[m - 1], index_path(pp, m - 1), kDataValue);
        if (row.size() == m + 1) {
          const std::string s = as_string(row[m], index_path(pp, m));
          if (s != "train" && s != "test")
            fail(index_path(pp, m), "expected \"train\" or \"test\", got " + quote(s));
          pt.test = s == "test";
        }
        ds.points.push_back(pt);
      }
      resolve_points(ds, d.task, classes, p);
      // The spec mirrors the points' own task and class count (as Session::set_data does), so
      // saving and loading again gives the same Experiment.
      d.task = ds.task == Task::classification ? "classification" : "regression";
      d.classes = std::max(2, ds.classes);
      check_points(ds, p);
      break;
    }
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
      o.beta1 = as_number(val[0], index_path(kp, 0), kHalfOpenUnit);
      o.beta2 = as_number(val[1], index_path(kp, 1), kHalfOpenUnit);
    } else if (const RealHyper* h = real_hyper(k)) {
      o.*(h->field) = as_number(val, kp, h->range);
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
             {"descent", "title", "notes", "seed", "data", "features", "network", "loss",
              "training", "weights"});
  read(doc, "title", "", e.title);
  read(doc, "notes", "", e.notes);
  if (const json* s = member(doc, "seed")) e.seed = as_seed(*s, "seed");
  if (const json* d = member(doc, "data")) e.data = parse_data(*d);
  if (const json* f = member(doc, "features")) e.features = parse_features(*f);
  if (const json* n = member(doc, "network")) e.network = parse_network(*n);
  if (const json* l = member(doc, "loss")) e.loss = as_enum(*l, "loss", "loss", kLosses);
  if (const json* t = member(doc, "training")) e.training = parse_training(*t);
  if (const json* w = member(doc, "weights")) e.weights = parse_weights(*w, e);
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

// ---------------------------------------------------------------------------------------------
// Validation of an Experiment in memory (what a GUI edit could break).

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
    if (const RealHyper* h = real_hyper(key)) check(o.*(h->field), key_path(p, key), h->range);
  if (o.kind == Opt::adam) {
    check(o.beta1, p + ".betas[0]", kHalfOpenUnit);
    check(o.beta2, p + ".betas[1]", kHalfOpenUnit);
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

// ---------------------------------------------------------------------------------------------
// Writing

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
    else if (const RealHyper* h = real_hyper(key))
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

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public API

Experiment experiment_from_json(std::string_view text, const std::string& where) {
  try {
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
  if (e.weights) doc["weights"] = weights_json(*e.weights);
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
  return did_you_mean(typed, names);
}
}  // namespace nn
