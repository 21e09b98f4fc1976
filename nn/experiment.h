// nn/experiment.h — the whole description of a run, plain data with defaults, and its JSON form.
//
// Shape of the file (missing keys take the defaults below; unknown keys are errors):
//   { "descent": 1, "title": "...", "notes": "...",
//     "translations": { "zh": { "title": "...", "notes": "..." } },   (optional; each field too)
//     "seed": 7,
//     "data": { "generator": "circle", "n": 500, "noise": 0.0, "train_ratio": 0.5,
//               "classes": 3, "seed": 8 }
//             | { "csv": "file.csv", "task": "auto", "train_ratio": 0.5, "seed": 8 }
//             | { "points": [[x1, x2, y, "train"|"test"], ...], "task": ..., "classes": K, "dims": 2 },
//     "features": ["x1", "x2"],
//     "network": { "hidden": [4, 2], "activation": "tanh" | ["tanh", "relu"],
//                  "output": "tanh", "init": "playground" },
//     "loss": "half_squared_error",
//     "training": { "optimizer": { "name": "sgd", "lr": 0.03, ... torch.optim names ... },
//                   "schedule": { "name": "constant", "warmup_epochs": 0, ... },
//                   "batch_size": 10 | "full", "shuffle": false, "l1": 0, "l2": 0,
//                   "dropout": 0, "epochs": 1000, "loss_threshold": 0 },
//     "weights": { "W": [ [[row-major out×in]] per layer ], "b": [ [out] per layer ] },
//     "app": { "pace": 20 | "max" },
//     "progress": { "epoch": 120, "steps": 3000,
//                   "history": [[epoch, train_loss, test_loss, penalty, train_metric,
//                                test_metric, lr], ...],   (null for a missing value)
//                   "markers": [[epoch, "what"], ...] } }
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nn/activation.h"
#include "nn/data.h"
#include "nn/features.h"
#include "nn/history.h"
#include "nn/loss.h"
#include "nn/optimizer.h"
#include "nn/schedule.h"

namespace nn {

enum class Init : uint8_t { xavier_uniform, xavier_normal, he_uniform, he_normal, playground, zeros };

struct InitRow {
  Init id;
  const char* name;
  const char* formula;
};
inline constexpr std::array<InitRow, 6> kInits{{
    {Init::xavier_uniform, "xavier_uniform", "W ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)); b = 0"},
    {Init::xavier_normal, "xavier_normal", "W ~ N(0, 2 / (fan_in + fan_out)); b = 0"},
    {Init::he_uniform, "he_uniform", "W ~ U(-a, a), a = sqrt(6 / fan_in); b = 0"},
    {Init::he_normal, "he_normal", "W ~ N(0, 2 / fan_in); b = 0"},
    {Init::playground, "playground", "W ~ U[-0.5, 0.5); b = 0.1 (TensorFlow Playground)"},
    {Init::zeros, "zeros", "W = 0; b = 0"},
}};
inline const char* name(Init i) { return kInits[static_cast<int>(i)].name; }

struct DataSpec {
  enum class Source : uint8_t { generator, csv, points };
  Source source = Source::generator;
  std::string generator = "circle";  // Source::generator
  std::string csv;                   // Source::csv: path as written (relative to the file)
  int n = 500;
  double noise = 0.0;
  double train_ratio = 0.5;
  int classes = 3;                   // generators with a variable class count (blobs)
  std::string task = "auto";         // csv / points: auto | classification | regression
  Dataset points;                    // Source::points: the points themselves (painted in the app)
  // Generator / csv: seeds the points and the train/test split. Unset: the experiment's seed
  // (files without it load and train as before). Separate so that new data ("Regenerate")
  // leaves the initial weights, which come from the experiment's seed, alone.
  std::optional<uint64_t> seed;
  bool operator==(const DataSpec&) const = default;
};

struct NetworkSpec {
  std::vector<int> hidden{4, 2};
  std::vector<Act> activations{Act::tanh, Act::tanh};  // one per hidden layer
  OutAct output = OutAct::tanh;
  Init init = Init::xavier_uniform;
  bool operator==(const NetworkSpec&) const = default;
};

struct TrainingSpec {
  OptimizerSpec optimizer = OptimizerSpec::defaults(Opt::sgd);
  ScheduleSpec schedule;
  int batch_size = 10;  // 0 = full batch
  bool shuffle = true;
  double l1 = 0.0;      // penalty l1 · Σ|w| on weights (not biases)
  double l2 = 0.0;      // penalty l2 · ½ Σ w² on weights (not biases)
  double dropout = 0.0; // probability of dropping a hidden unit while training
  int epochs = 1000;
  double loss_threshold = 0.0;  // stop when the train loss falls below it (0 = never)
  bool operator==(const TrainingSpec&) const = default;
};

// Explicit weights: W[l] row-major out×in, b[l] of length out.
struct Weights {
  std::vector<std::vector<double>> W;
  std::vector<std::vector<double>> b;
  bool operator==(const Weights&) const = default;
};

// How the app shows the run; headless runs ignore it. pace: epochs per second while playing
// (0 = as fast as the CPU goes, "max" in the file); unset: the app's default pace.
struct AppSpec {
  std::optional<double> pace;
  bool operator==(const AppSpec&) const = default;
};

// How far a run saved by the app had got: its epoch and step counts and its history, so that
// opening the file shows the run where it was. The app restores it (Trainer); a Session and
// the headless CLI ignore it (a file trains from epoch 0 with its weights, as it always did).
struct RunProgress {
  long epoch = 0;
  long steps = 0;
  std::vector<EpochRow> history;
  std::vector<Marker> markers;
  bool operator==(const RunProgress& o) const;  // NaN equals NaN: a missing value round-trips
};

// The title and notes in another language (the English ones are Experiment::title / notes).
// An empty field means "not translated": the English one is shown.
struct ExperimentText {
  std::string title, notes;
  bool operator==(const ExperimentText&) const = default;
};

// The languages a file may carry translations for, besides English (the file's own text).
inline constexpr std::array<const char*, 1> kTranslationLanguages{"zh"};

struct Experiment {
  int version = 1;
  std::string title;
  std::string notes;
  std::map<std::string, ExperimentText> translations;  // "zh" → its title and notes
  uint64_t seed = 1;
  DataSpec data;
  std::vector<Feature> features{Feature::x1, Feature::x2};
  NetworkSpec network;
  Loss loss = Loss::half_squared_error;
  TrainingSpec training;
  std::optional<Weights> weights;
  AppSpec app;
  std::optional<RunProgress> progress;
  std::string base_dir;  // directory of the file it was loaded from (not saved): resolves data.csv

  bool operator==(const Experiment&) const = default;
};

// The title / notes to show in language `lang` ("en", "zh"): the translation's when the file
// has one, else the English.
const std::string& shown_title(const Experiment& e, std::string_view lang);
const std::string& shown_notes(const Experiment& e, std::string_view lang);

// TensorFlow Playground's opening recipe: circle (500 points, half for training), x1 and x2,
// hidden [4, 2] tanh, tanh output, half squared error, SGD lr 0.03, batch 10, in order,
// Playground's init. The app's fallback when no preset is found; the benchmarks' baseline.
Experiment playground_experiment();

// Parse and validate. Throws nn::Error with "<where>: <json.path>: <reason>" for the first
// problem, e.g. "run.json: training.optimizer.lr: must be > 0, got -1". `where` names the
// source in messages (usually the file name).
Experiment experiment_from_json(std::string_view text, const std::string& where = "experiment");
Experiment load_experiment(const std::string& path);
// Canonical JSON text: every field written, fixed key order, 2-space indent, trailing newline.
std::string experiment_to_json(const Experiment& e);
void save_experiment(const std::string& path, const Experiment& e);

// Checks cross-field rules (loss/output pair, features vs data dims, sizes, weights shapes)
// that a GUI edit could also break. Throws nn::Error naming the field.
void validate(const Experiment& e);

// The seed the data is made with: data.seed when set, else the experiment's seed.
inline uint64_t data_seed(const Experiment& e) { return e.data.seed.value_or(e.seed); }

// Build the data set an experiment describes (generate / read CSV / copy points, then split).
Dataset make_dataset(const Experiment& e);

// Layer sizes [inputs, hidden..., outputs] for the experiment over a data set.
int output_count(const Experiment& e, const Dataset& d);

}  // namespace nn
