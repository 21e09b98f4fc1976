// nn/setting.cpp — settings by JSON path (see setting.h).
#include "nn/setting.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "nn/common.h"

namespace nn {
namespace {

using json = nlohmann::ordered_json;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

// The object that holds the last segment of `path` in `doc`, checking every segment exists.
json& parent_of(json& doc, const std::vector<std::string>& segs) {
  json* node = &doc;
  std::string where;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& key = segs[i];
    const std::string here = where.empty() ? key : where + "." + key;
    if (!node->is_object()) throw Error(where + ": is a value, not a group of settings");
    if (key.empty()) throw Error(std::string(here.empty() ? "--vary" : here) + ": empty setting name");
    if (!node->contains(key)) {
      std::vector<std::string> keys;
      for (auto it = node->begin(); it != node->end(); ++it) keys.push_back(it.key());
      const std::vector<std::string_view> names(keys.begin(), keys.end());
      throw Error(here + ": unknown setting \"" + key + "\"" + suggest_name(key, names));
    }
    if (i + 1 == segs.size()) return *node;
    node = &(*node)[key];
    where = here;
  }
  return *node;
}

json typed_value(std::string_view text) {
  json v = json::parse(text.begin(), text.end(), nullptr, false);
  if (v.is_discarded()) return json(std::string(text));
  return v;
}

// Keys that choose which variant an object is; changing one resets the variant's other keys.
bool is_selector(const std::string& key) { return key == "name" || key == "generator"; }

Experiment parse(const json& doc, const Experiment& base) {
  Experiment e = experiment_from_json(doc.dump(), "");
  e.base_dir = base.base_dir;
  return e;
}

// experiment_from_json prefixes its `where` (here "") and ": "; drop that.
std::string reason(const Error& err) {
  std::string s = err.what();
  return s.rfind(": ", 0) == 0 ? s.substr(2) : s;
}

// Rebuild a variant object from its new selector: the new variant's defaults (what the file
// parser fills in and the canonical writer writes), then every key the old object shares.
void switch_variant(json& doc, const std::vector<std::string>& segs, const json& v, const Experiment& base) {
  auto object_at = [&](json& root) {
    json* o = &root;
    for (size_t i = 0; i + 1 < segs.size(); ++i) o = &(*o)[segs[i]];
    return o;
  };
  json* obj = object_at(doc);
  const json old = *obj;
  *obj = json::object({{segs.back(), v}});
  json fresh = json::parse(experiment_to_json(parse(doc, base)));
  json* same = object_at(fresh);
  for (auto it = same->begin(); it != same->end(); ++it)
    if (it.key() != segs.back() && old.contains(it.key())) *it = old[it.key()];
  *obj = *same;
}

}  // namespace

Experiment with_setting(const Experiment& e, std::string_view path, std::string_view value) {
  json doc = json::parse(experiment_to_json(e));
  const auto segs = split_path(path);
  try {
    json& parent = parent_of(doc, segs);
    const json v = typed_value(value);
    if (is_selector(segs.back()) && parent[segs.back()] != v) switch_variant(doc, segs, v, e);
    else parent[segs.back()] = v;
    try {
      return parse(doc, e);
    } catch (const Error&) {
      if (!doc.contains("weights")) throw;
      doc.erase("weights");  // the setting changed the network's shape: weights from the seed
      return parse(doc, e);
    }
  } catch (const Error& err) {
    throw Error(reason(err));  // the parser's messages and ours name the path themselves
  }
}

std::vector<std::string> split_values(std::string_view list) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (char c : list) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '[' || c == '{')) ++depth;
    else if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& v : out) {  // trim blanks around each value
    const auto a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
    v = a == std::string::npos ? "" : v.substr(a, b - a + 1);
  }
  return out;
}

std::vector<Experiment> variants(const Experiment& base, std::string_view path,
                                 const std::vector<std::string>& values) {
  Experiment b = base;
  if (path == "seed" && b.data.source != DataSpec::Source::points) b.data.seed = data_seed(base);
  std::vector<Experiment> out;
  for (const auto& v : values) {
    if (v.empty()) throw Error(std::string(path) + ": empty value");
    out.push_back(with_setting(b, path, v));
  }
  return out;
}

std::string current_value(const Experiment& e, std::string_view path) {
  json doc = json::parse(experiment_to_json(e));
  const auto segs = split_path(path);
  return parent_of(doc, segs)[segs.back()].dump();
}

// ---------------------------------------------------------------------------------------------
// What the app proposes to compare.

namespace {

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);  // what a user typing the value would get
  return buf;
}

std::vector<std::string> lr_values(const Experiment& e) {
  const double lr = e.training.optimizer.lr;
  return {number(lr / 10), number(lr), number(lr * 10), number(lr * 100)};
}
std::vector<std::string> optimizer_values(const Experiment&) { return {"sgd", "momentum", "rmsprop", "adam"}; }
std::vector<std::string> batch_values(const Experiment&) { return {"1", "10", "30", "full"}; }
std::vector<std::string> activation_values(const Experiment&) { return {"tanh", "relu", "sigmoid", "linear"}; }
std::vector<std::string> init_values(const Experiment&) { return {"playground", "xavier_uniform", "he_normal", "zeros"}; }
std::vector<std::string> l2_values(const Experiment&) { return {"0", "0.001", "0.01", "0.1"}; }
std::vector<std::string> dropout_values(const Experiment&) { return {"0", "0.1", "0.25", "0.5"}; }
std::vector<std::string> momentum_values(const Experiment&) { return {"0", "0.5", "0.9", "0.99"}; }
std::vector<std::string> schedule_values(const Experiment&) { return {"constant", "step", "exponential", "cosine"}; }
std::vector<std::string> seed_values(const Experiment& e) {
  return {std::to_string(e.seed), std::to_string(e.seed + 1), std::to_string(e.seed + 2), std::to_string(e.seed + 3)};
}

}  // namespace

const std::vector<CompareSettingRow>& compare_settings() {
  static const std::vector<CompareSettingRow> rows{
      {"learning rate", "training.optimizer.lr", lr_values},
      {"optimizer", "training.optimizer.name", optimizer_values},
      {"batch size", "training.batch_size", batch_values},
      {"activation", "network.activation", activation_values},
      {"init", "network.init", init_values},
      {"L2", "training.l2", l2_values},
      {"dropout", "training.dropout", dropout_values},
      {"momentum", "training.optimizer.momentum", momentum_values},
      {"schedule", "training.schedule.name", schedule_values},
      {"seed", "seed", seed_values},
  };
  return rows;
}

std::vector<std::string> default_values(const Experiment& e, std::string_view path) {
  for (const auto& r : compare_settings())
    if (path == r.path) return r.defaults(e);
  return {current_value(e, path)};
}

}  // namespace nn
