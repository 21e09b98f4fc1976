// nn/setting.h — one setting of an experiment, named by its JSON path, set to a typed value.
//
// The learning-rate lab compares runs that differ in one setting. A setting is named as in the
// experiment file ("training.optimizer.lr", "training.batch_size", "network.activation", "seed")
// and its values are typed as a user would type them: JSON text (0.03, true, [8, 8]) or, when
// that is not JSON, a plain word (relu, full). Every value goes through the file parser, so a
// bad value gets exactly the message a bad file would.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nn/experiment.h"

namespace nn {

// "; did you mean "x"?" for the closest name, or "" (defined in nn/experiment.cpp).
std::string suggest_name(std::string_view typed, const std::vector<std::string_view>& names);

// The experiment with the setting at `path` set to `value`. Changing which variant an object
// is (training.optimizer.name, training.schedule.name, data.generator) keeps the keys both
// variants have (lr, weight_decay, warmup_epochs, n, noise, ...) and takes the new variant's
// defaults for the rest. Explicit weights are kept while they still fit the network.
// Throws nn::Error "<path>: <what>", e.g. `training.optimzer: unknown setting "optimzer"; did
// you mean "optimizer"?` or `training.optimizer.lr: must be > 0, got -1`.
Experiment with_setting(const Experiment& e, std::string_view path, std::string_view value);

// "0.1,0.3,[8,8]" → {"0.1", "0.3", "[8,8]"}: commas inside brackets or quotes do not split.
std::vector<std::string> split_values(std::string_view list);

// One experiment per value, in order. Varying "seed" keeps the data set: data.seed is pinned to
// the base's data seed, so the seed changes the initial weights, the batch order and the
// dropout masks only. Throws nn::Error as with_setting, for the first bad value.
std::vector<Experiment> variants(const Experiment& base, std::string_view path,
                                 const std::vector<std::string>& values);

// The settings the app offers to compare, with the values it proposes (2–8 of them).
struct CompareSettingRow {
  const char* label;  // as in the top bar's menu
  const char* path;   // JSON path
  std::vector<std::string> (*defaults)(const Experiment& e);
};
const std::vector<CompareSettingRow>& compare_settings();
// The proposed values for `path` (learning rate: the current one ÷10, ×1, ×10, ×100); for a
// path not in the table, the current value alone.
std::vector<std::string> default_values(const Experiment& e, std::string_view path);
// The current value at `path`, as JSON text ("0.03", "\"tanh\"", "[4,2]").
std::string current_value(const Experiment& e, std::string_view path);

}  // namespace nn
