// tests/test_experiment.cpp — experiment files: defaults, the documented example, canonical
// writing and round trips, weights shapes, optimizer defaults, validation of in-memory edits,
// building the data set, and a corpus of malformed files (tests/data/bad) with their exact
// messages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "nn/common.h"
#include "nn/experiment.h"
#include "nn/session.h"

namespace fs = std::filesystem;
using namespace nn;

namespace {

const std::string kData = DESCENT_TEST_DATA;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message nn::Error carries for `text`, or "" when it loads.
std::string error_of(std::string_view text, const std::string& where = "run.json") {
  try {
    experiment_from_json(text, where);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string validate_error(const Experiment& e) {
  try {
    validate(e);
  } catch (const Error& err) {
    return err.what();
  }
  return "";
}

std::string generator_list() {
  std::string s;
  for (const auto& g : generators()) s += (s.empty() ? "" : ", ") + std::string(g.name);
  return s;
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::is_directory(dir))
    for (const auto& f : fs::directory_iterator(dir))
      if (f.path().extension() == ".json") out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("experiment: missing keys take the defaults of the structs", "[experiment]") {
  CHECK(experiment_from_json(R"({"descent": 1})") == Experiment{});
  CHECK(experiment_from_json("{}") == Experiment{});
  CHECK(load_experiment(kData + "/good/minimal.json").base_dir == kData + "/good");

  // A partial section keeps the defaults of the keys it leaves out.
  const Experiment e = experiment_from_json(
      R"({"descent": 1, "network": {"hidden": [5, 5, 5]}, "training": {"epochs": 3}})");
  CHECK(e.network.hidden == std::vector<int>{5, 5, 5});
  CHECK(e.network.activations == std::vector<Act>(3, Act::tanh));
  CHECK(e.network.output == NetworkSpec{}.output);
  CHECK(e.training.epochs == 3);
  CHECK(e.training.batch_size == TrainingSpec{}.batch_size);
  CHECK(e.training.optimizer == OptimizerSpec::defaults(Opt::sgd));
}

TEST_CASE("experiment: the example in experiment.h loads with its values", "[experiment]") {
  const Experiment e = load_experiment(kData + "/good/header_example.json");
  CHECK(e.version == 1);
  CHECK(e.title == "Circle, the Playground way");
  CHECK(e.seed == 7);
  CHECK(e.data.source == DataSpec::Source::generator);
  CHECK(e.data.generator == "circle");
  CHECK(e.data.n == 500);
  CHECK(e.data.noise == 0.0);
  CHECK(e.data.train_ratio == 0.5);
  CHECK(e.features == std::vector<Feature>{Feature::x1, Feature::x2});
  CHECK(e.network.hidden == std::vector<int>{4, 2});
  CHECK(e.network.activations == std::vector<Act>{Act::tanh, Act::tanh});
  CHECK(e.network.output == OutAct::tanh);
  CHECK(e.network.init == Init::playground);
  CHECK(e.loss == Loss::half_squared_error);
  CHECK(e.training.optimizer.kind == Opt::sgd);
  CHECK(e.training.optimizer.lr == 0.03);
  CHECK(e.training.schedule == ScheduleSpec{});
  CHECK(e.training.batch_size == 10);
  CHECK_FALSE(e.training.shuffle);
  CHECK(e.training.epochs == 1000);
  CHECK_FALSE(e.weights);
}

TEST_CASE("experiment: the other good fixtures load with their values", "[experiment]") {
  SECTION("blobs, adam, cosine, per-layer activations") {
    const Experiment e = load_experiment(kData + "/good/blobs_adam.json");
    CHECK(e.seed == std::numeric_limits<uint64_t>::max());
    CHECK(e.data.generator == "blobs");
    CHECK(e.data.classes == 4);
    CHECK(e.network.activations == std::vector<Act>{Act::relu, Act::elu, Act::leaky_relu});
    CHECK(e.network.output == OutAct::softmax);
    const OptimizerSpec& o = e.training.optimizer;
    CHECK(o.kind == Opt::adam);
    CHECK(o.beta1 == 0.8);
    CHECK(o.beta2 == 0.95);
    CHECK(o.amsgrad);
    CHECK(o.eps == 1e-8);  // not given: torch's default
    CHECK(e.training.schedule.kind == Sched::cosine);
    CHECK(e.training.schedule.t_max == 500);
    CHECK(e.training.schedule.eta_min == 1e-5);
    CHECK(e.training.schedule.warmup_epochs == 10);
    CHECK(e.training.batch_size == 0);  // "full"
  }
  SECTION("points with -1/+1 labels and explicit weights") {
    const Experiment e = load_experiment(kData + "/good/points_weights.json");
    REQUIRE(e.data.source == DataSpec::Source::points);
    const Dataset& d = e.data.points;
    CHECK(d.task == Task::classification);
    CHECK(d.classes == 2);
    CHECK(d.dims == 2);
    REQUIRE(d.points.size() == 4);
    CHECK(d.points[1] == Point{-2, 3.5, 0, true});
    CHECK(d.points[2] == Point{0.1, 0.2, 1, false});  // no split given: train
    CHECK(e.data.task == "classification");           // the spec mirrors the points
    CHECK(e.data.classes == 2);
    CHECK(e.training.optimizer.centered);
    CHECK(e.training.optimizer.momentum == 0.5);
  }
  SECTION("1-D regression, adagrad, exponential schedule") {
    const Experiment e = load_experiment(kData + "/good/regression_1d.json");
    CHECK(e.network.hidden.empty());
    CHECK(e.network.activations.empty());
    CHECK(e.training.optimizer.kind == Opt::adagrad);
    CHECK(e.training.optimizer.lr == 1e-2);
    CHECK(e.training.optimizer.eps == 1e-10);
    CHECK(e.training.optimizer.lr_decay == 0.01);
    CHECK(e.training.epochs == 0);
  }
}

TEST_CASE("experiment: optimizer hyper-parameters default to torch's, by kind", "[experiment]") {
  auto opt = [](const char* name) {
    return experiment_from_json(std::string(R"({"training": {"optimizer": {"name": ")") + name +
                                "\"}}}")
        .training.optimizer;
  };
  CHECK(opt("sgd").lr == 1e-3);
  CHECK(opt("sgd").momentum == 0.0);
  CHECK(opt("momentum").momentum == 0.9);
  CHECK(opt("nesterov").momentum == 0.9);
  CHECK(opt("nesterov").nesterov());
  CHECK(opt("adagrad").lr == 1e-2);
  CHECK(opt("adagrad").eps == 1e-10);
  CHECK(opt("adagrad").initial_accumulator_value == 0.0);
  CHECK(opt("rmsprop").lr == 1e-2);
  CHECK(opt("rmsprop").alpha == 0.99);
  CHECK(opt("rmsprop").eps == 1e-8);
  CHECK(opt("adam").lr == 1e-3);
  CHECK(opt("adam").eps == 1e-8);
  CHECK(opt("adam").beta1 == 0.9);
  CHECK(opt("adam").beta2 == 0.999);
  for (const auto& row : kOptimizers) CHECK(opt(row.name) == OptimizerSpec::defaults(row.id));

  // Only the kind's own hyper-parameters are written, in torch's signature order.
  Experiment e;
  e.training.optimizer = OptimizerSpec::defaults(Opt::adam);
  const std::string text = experiment_to_json(e);
  CHECK(text.find(R"("optimizer": {
      "name": "adam",
      "lr": 0.001,
      "betas": [0.9, 0.999],
      "eps": 1e-08,
      "weight_decay": 0.0,
      "amsgrad": false
    },)") != std::string::npos);
  CHECK(text.find("momentum") == std::string::npos);
}

TEST_CASE("experiment: canonical text of the defaults", "[experiment]") {
  // Pins the key order and layout: every field, arrays of numbers on one line.
  CHECK(experiment_to_json(Experiment{}) == R"({
  "descent": 1,
  "title": "",
  "notes": "",
  "seed": 1,
  "data": {
    "generator": "circle",
    "n": 500,
    "noise": 0.0,
    "train_ratio": 0.5
  },
  "features": ["x1", "x2"],
  "network": {
    "hidden": [4, 2],
    "activation": "tanh",
    "output": "tanh",
    "init": "xavier_uniform"
  },
  "loss": "half_squared_error",
  "training": {
    "optimizer": {
      "name": "sgd",
      "lr": 0.001,
      "momentum": 0.0,
      "dampening": 0.0,
      "weight_decay": 0.0
    },
    "schedule": {
      "name": "constant",
      "warmup_epochs": 0
    },
    "batch_size": 10,
    "shuffle": true,
    "l1": 0.0,
    "l2": 0.0,
    "dropout": 0.0,
    "epochs": 1000,
    "loss_threshold": 0.0
  }
}
)");
}

TEST_CASE("experiment: save, load, save is byte-identical and load(save(e)) == e", "[experiment]") {
  std::vector<fs::path> files = json_files(kData + "/good");
  const std::vector<fs::path> presets =
      json_files(fs::path(DESCENT_SOURCE_DIR) / "assets" / "presets");
  files.insert(files.end(), presets.begin(), presets.end());
  REQUIRE(files.size() >= 6);
  const fs::path tmp = fs::temp_directory_path() / "descent_test_experiment_roundtrip.json";
  for (const auto& f : files) {
    CAPTURE(f.string());
    const Experiment e = load_experiment(f.string());
    const std::string once = experiment_to_json(e);
    Experiment again = experiment_from_json(once);
    again.base_dir = e.base_dir;
    CHECK(again == e);
    CHECK(experiment_to_json(again) == once);

    save_experiment(tmp.string(), e);
    CHECK(slurp(tmp) == once);
    Experiment reloaded = load_experiment(tmp.string());
    reloaded.base_dir = e.base_dir;
    CHECK(reloaded == e);
  }
  fs::remove(tmp);
}

TEST_CASE("experiment: painted points round-trip as the Session stores them", "[experiment]") {
  // Session::set_data stores task and class count in the spec as well as in the points.
  for (const Task task : {Task::classification, Task::regression}) {
    const bool regression = task == Task::regression;
    Experiment e;
    e.features = {Feature::x1};
    e.network.output = regression ? OutAct::linear : OutAct::softmax;
    e.loss = regression ? Loss::mse : Loss::cross_entropy;
    e.data.source = DataSpec::Source::points;
    e.data.points.task = task;
    e.data.points.dims = 1;
    e.data.points.classes = regression ? 0 : 3;
    e.data.points.points = {{0.25, 0, 2, false}, {-1.5, 0, 0, true}};
    e.data.task = regression ? "regression" : "classification";
    e.data.classes = std::max(2, e.data.points.classes);
    const std::string text = experiment_to_json(e);
    CHECK(experiment_from_json(text) == e);
    CHECK(text.find(regression ? R"([0.25, 2.0, "train"])" : R"([0.25, 2, "train"])") !=
          std::string::npos);
  }
}

TEST_CASE("experiment: doubles and odd values round-trip exactly", "[experiment]") {
  Experiment e;
  e.title = "tabs\tquotes\" and unicode \xce\xbb";
  e.notes = "line 1\nline 2";
  e.seed = std::numeric_limits<uint64_t>::max();
  e.data.noise = 0.1 + 0.2;
  e.data.train_ratio = std::nextafter(1.0, 0.0);
  e.training.optimizer = OptimizerSpec::defaults(Opt::rmsprop);
  e.training.optimizer.lr = 1e30;  // large rates are allowed (a preset may diverge on purpose),
                                   // within float's range (issue 11)
  e.training.optimizer.weight_decay = std::numeric_limits<double>::denorm_min();
  e.training.l2 = 1.0 / 3.0;
  e.training.batch_size = 0;
  e.training.schedule.kind = Sched::step;
  e.training.schedule.gamma = 0.7;
  e.network.activations = {Act::exp, Act::linear};
  e.weights = Weights{{std::vector<double>(8, -0.1), std::vector<double>(8, 1e-17), {M_PI, -M_E}},
                      {{1, 2, 3, 4}, {5, 6}, {7}}};
  REQUIRE(validate_error(e).empty());
  const std::string text = experiment_to_json(e);
  CHECK(text.find(R"("batch_size": "full")") != std::string::npos);
  CHECK(text.find(R"("activation": ["exp", "linear"])") != std::string::npos);
  const Experiment back = experiment_from_json(text);
  CHECK(back == e);
  CHECK(experiment_to_json(back) == text);
}

TEST_CASE("experiment: weights are flattened row-major and checked against the architecture",
          "[experiment]") {
  const Experiment e = load_experiment(kData + "/good/points_weights.json");
  REQUIRE(e.weights);
  const Weights& w = *e.weights;
  REQUIRE(w.W.size() == 2);
  CHECK(w.W[0] == std::vector<double>{0.1, -0.2, 0.30000000000000004, 0.4, -0.5, 1e-300});
  CHECK(w.W[1] == std::vector<double>{1, 2, 3});
  CHECK(w.b == std::vector<std::vector<double>>{{0.1, 0.1, 0.1}, {-0.7}});

  // A softmax output over binary data has 2 outputs; the file's 1-row output layer no longer fits.
  Experiment soft = e;
  soft.network.output = OutAct::softmax;
  soft.loss = Loss::cross_entropy;
  CHECK(validate_error(soft) == "weights.b[1]: expected 2 values (out), got 1");

  Experiment wide = e;
  wide.features.push_back(Feature::x1_sq);  // 3 inputs now
  CHECK(validate_error(wide) ==
        "weights.W[0]: expected 3\xc3\x97"
        "3 (out\xc3\x97in), got 6 values");

  Experiment shallow = e;
  shallow.network.hidden = {3, 3};
  shallow.network.activations = {Act::tanh, Act::tanh};
  CHECK(validate_error(shallow) == "weights.W: expected 3 layers (2 hidden + output), got 2");

  Experiment nan = e;
  nan.weights->b[0][1] = std::numeric_limits<double>::quiet_NaN();
  CHECK(validate_error(nan) == "weights.b[0]: must be finite numbers");

  // With CSV data the output count is unknown until the file is read: rows must agree with b.
  const std::string csv =
      R"({"data": {"csv": "a.csv"}, "features": ["x1"], "network": {"hidden": []},
      "weights": {"W": [[[1], [2], [3]]], "b": [[0, 0, 0]]}})";
  CHECK(experiment_from_json(csv).weights->W[0] == std::vector<double>{1, 2, 3});
}

TEST_CASE("experiment: validate names the field a GUI edit broke", "[experiment]") {
  Experiment e;
  REQUIRE(validate_error(e).empty());
  auto with = [&](auto edit) {
    Experiment x = e;
    edit(x);
    return validate_error(x);
  };
  CHECK(with([](Experiment& x) { x.training.optimizer.lr = 0; }) ==
        "training.optimizer.lr: must be > 0, got 0");
  CHECK(with([](Experiment& x) {
          x.training.optimizer.lr = std::numeric_limits<double>::infinity();
        }) == "training.optimizer.lr: must be a finite number");
  CHECK(with([](Experiment& x) { x.network.hidden.push_back(3); }) ==
        "network.activation: 2 names for 3 hidden layers (give one per layer, or one string for "
        "all)");
  CHECK(with([](Experiment& x) { x.network.hidden[0] = 0; }) ==
        "network.hidden[0]: must be 1..256 neurons, got 0");
  CHECK(with([](Experiment& x) { x.features.clear(); }) ==
        "features: must list at least one feature");
  CHECK(with([](Experiment& x) {
          x.features = {Feature::x2, Feature::x2};
        }) == R"(features[1]: "x2" is listed twice)");
  CHECK(with([](Experiment& x) { x.network.output = OutAct::softmax; }) ==
        "loss: half_squared_error does not work with a softmax output; valid pairs: " +
            std::string(compatible_pairs_text()));
  CHECK(with([](Experiment& x) { x.data.generator = "spirals"; }) ==
        R"(data.generator: unknown generator "spirals"; valid: )" + generator_list() +
            R"(; did you mean "spiral"?)");
  CHECK(with([](Experiment& x) { x.data.generator = "spiral3"; }) ==
        "network.output: 3-class data needs a softmax output");
  CHECK(with([](Experiment& x) {
          x.training.optimizer = OptimizerSpec::defaults(Opt::nesterov);
          x.training.optimizer.dampening = 0.5;
        }) == "training.optimizer.dampening: nesterov needs dampening 0, got 0.5");
  CHECK(with([](Experiment& x) { x.training.schedule.t_max = 0; }) ==
        "training.schedule.t_max: must be >= 1, got 0");
  CHECK(with([](Experiment& x) { x.version = 3; }) ==
        "descent: unsupported schema version 3 (this build reads 1)");
  // Painted points: labels must be classes of the data set.
  CHECK(with([](Experiment& x) {
          x.data.source = DataSpec::Source::points;
          x.data.points.points = {{0, 0, 1, false}, {1, 1, 5, true}};
        }) == "data.points[1]: class label must be an integer 0..1, got 5");
}

TEST_CASE("experiment: errors name the source, the path and the problem", "[experiment]") {
  CHECK(error_of(R"({"descent": 1, "training": {"optimiser": {}}})") ==
        R"(run.json: training.optimiser: unknown key; did you mean "optimizer"?)");
  CHECK(error_of(R"({"training": {"optimizer": {"name": "sgd", "lr": -1}}})") ==
        "run.json: training.optimizer.lr: must be > 0, got -1");
  CHECK(error_of(R"({"network": {"hidden": [4, 2, 300]}})", "experiment") ==
        "experiment: network.hidden[2]: must be 1..256 neurons, got 300");
  // The position is that of the last character read: the end of the offending token.
  CHECK(error_of("{\n  \"a\": 1\n  \"b\": 2\n}") ==
        "run.json: invalid JSON at line 3, column 5: syntax error while parsing object - "
        "unexpected string literal; expected '}'");
  CHECK(error_of("") == "run.json: empty file");
  CHECK(error_of("42") == "run.json: top level must be a JSON object, got 42");
  CHECK(error_of(R"({"title": "ok", "loss": "cross_entropy", "network": {"output": "softmax"},
      "data": {"generator": "linear1d"}, "features": ["x1"]})") ==
        "run.json: network.output: softmax needs classification data; generator linear1d is "
        "regression");

  const std::string missing = kData + "/bad/no_such_file.json";
  try {
    load_experiment(missing);
    FAIL("loaded a missing file");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == missing + ": cannot open: No such file or directory");
  }
}

TEST_CASE("experiment: every malformed file in tests/data/bad fails with its exact message",
          "[experiment]") {
  struct Case {
    const char* file;
    const char* message;  // after "<path>: "
  };
  const std::vector<Case> cases{
      {"activation_count.json",
       R"m(network.activation: 3 names for 2 hidden layers (give one per layer, or one string for all))m"},
      {"activation_typo.json",
       R"m(network.activation: unknown activation "tanhh"; valid: linear, sigmoid, tanh, relu, leaky_relu, elu, softplus, exp; did you mean "tanh"?)m"},
      {"batch_size_string.json",
       R"m(training.batch_size: expected an integer >= 1 or "full", got "all")m"},
      {"batch_size_zero.json", R"m(training.batch_size: must be >= 1, got 0)m"},
      {"betas_on_sgd.json",
       R"m(training.optimizer.betas: adam's parameter; sgd has lr, momentum, dampening, weight_decay)m"},
      {"betas_one.json", R"m(training.optimizer.betas[1]: must be in [0, 1), got 1)m"},
      {"classes_on_circle.json",
       R"m(data.classes: generator circle has a fixed class count ("classes" is for blobs))m"},
      {"dropout_one.json", R"m(training.dropout: must be in [0, 1), got 1)m"},
      {"duplicate_feature.json", R"m(features[2]: "x1" is listed twice)m"},
      {"empty.json", R"m(empty file)m"},
      {"epochs_fraction.json", R"m(training.epochs: expected an integer, got 2.5)m"},
      {"eps_on_momentum.json",
       R"m(training.optimizer.eps: a parameter of adagrad, rmsprop and adam; momentum has lr, momentum, dampening, weight_decay)m"},
      {"init_unknown.json",
       R"m(network.init: unknown init "glorot"; valid: xavier_uniform, xavier_normal, he_uniform, he_normal, playground, zeros)m"},
      {"layer_not_integer.json", R"m(network.hidden[1]: expected an integer, got 2.5)m"},
      {"layer_too_wide.json", R"m(network.hidden[2]: must be 1..256 neurons, got 300)m"},
      {"loss_output_mismatch.json",
       R"m(loss: binary_cross_entropy does not work with a tanh output; valid pairs: mse or half_squared_error with a linear, sigmoid or tanh output; binary_cross_entropy with a sigmoid output; cross_entropy with a softmax output)m"},
      {"lr_negative.json", R"m(training.optimizer.lr: must be > 0, got -1)m"},
      {"lr_string.json", R"m(training.optimizer.lr: expected a number, got "abc")m"},
      {"multiclass_without_softmax.json",
       R"m(network.output: 3-class data needs a softmax output)m"},
      {"n_too_large.json", R"m(data.n: must be 1..100000, got 100001)m"},
      {"nesterov_without_momentum.json",
       R"m(training.optimizer.momentum: nesterov needs momentum > 0, got 0)m"},
      {"network_not_object.json", R"m(network: expected an object, got an array)m"},
      {"no_features.json", R"m(features: must list at least one feature)m"},
      {"noise_on_csv.json",
       R"m(data.noise: generator data's parameter; csv data has csv, task, train_ratio, seed)m"},
      {"noise_out_of_range.json", R"m(data.noise: must be in [0, 1], got 1.5)m"},
      {"number_overflow.json", R"m(invalid JSON at line 1, column 37: number too large: 1e999)m"},
      {"optimiser_typo.json", R"m(training.optimiser: unknown key; did you mean "optimizer"?)m"},
      {"optimizer_name_case.json",
       R"m(training.optimizer.name: unknown optimizer "Adam"; valid: sgd, momentum, nesterov, adagrad, rmsprop, adam; did you mean "adam"?)m"},
      {"output_unknown.json",
       R"m(network.output: unknown output activation "relu"; valid: linear, sigmoid, tanh, softmax)m"},
      {"point_bad_split.json", R"m(data.points[1][3]: expected "train" or "test", got "tset")m"},
      {"point_label_out_of_range.json",
       R"m(data.points[1]: class label must be an integer 0..1, got 2)m"},
      {"point_too_few_values.json",
       R"m(data.points[1]: expected [x1, x2, y] or [x1, x2, y, "train"|"test"], got 2 values)m"},
      {"point_wrong_arity.json",
       R"m(data.points[1]: expected [x1, y] or [x1, y, "train"|"test"], got 3 values)m"},
      {"schedule_key_of_other.json",
       R"m(training.schedule.gamma: a parameter of step and exponential; cosine has t_max, eta_min, warmup_epochs)m"},
      {"schedule_unknown.json",
       R"m(training.schedule.name: unknown schedule "linear"; valid: constant, step, exponential, cosine)m"},
      {"schema_version_2.json", R"m(descent: unsupported schema version 2 (this build reads 1))m"},
      {"seed_negative.json", R"m(seed: must be >= 0, got -5)m"},
      {"data_seed_negative.json", R"m(data.seed: must be >= 0, got -3)m"},
      {"data_seed_string.json", R"m(data.seed: expected an integer, got "8")m"},
      {"data_seed_on_points.json",
       R"m(data.seed: a parameter of generator data and csv data; points data has points, dims, task, classes)m"},
      {"shuffle_not_bool.json", R"m(training.shuffle: expected true or false, got "yes")m"},
      {"softmax_on_regression.json",
       R"m(network.output: softmax needs classification data; generator reg-plane is regression)m"},
      {"syntax_trailing_comma.json",
       R"m(invalid JSON at line 4, column 1: syntax error while parsing object key - unexpected '}'; expected string literal)m"},
      {"syntax_unterminated.json",
       R"m(invalid JSON at line 3, column 19: syntax error while parsing value - invalid string: control character U+000A (LF) must be escaped to \u000A or \n; last read: '"no end<U+000A>')m"},
      {"task_unknown.json",
       R"m(data.task: unknown task "regresion"; valid: auto, classification, regression; did you mean "regression"?)m"},
      {"title_not_string.json", R"m(title: expected a string, got an array)m"},
      {"too_many_layers.json", R"m(network.hidden: at most 16 hidden layers, got 17)m"},
      {"top_level_array.json", R"m(top level must be a JSON object, got an array)m"},
      {"train_ratio_zero.json", R"m(data.train_ratio: must be in (0, 1], got 0)m"},
      {"two_data_sources.json",
       R"m(data: give one of "generator", "csv" or "points", got both "generator" and "csv")m"},
      {"unknown_feature.json",
       R"m(features[1]: unknown feature "x1x2"; valid: x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2; did you mean "x1_x2"?)m"},
      {"unknown_generator.json",
       R"m(data.generator: unknown generator "circel"; valid: @GENERATORS@; did you mean "circle"?)m"},
      {"unknown_key_no_suggestion.json",
       R"m(network.colour: unknown key; valid keys are: hidden, activation, output, init)m"},
      {"unknown_loss.json",
       R"m(loss: unknown loss "binary_crossentropy"; valid: mse, half_squared_error, binary_cross_entropy, cross_entropy; did you mean "binary_cross_entropy"?)m"},
      {"unknown_top_key.json", R"m(trainig: unknown key; did you mean "training"?)m"},
      {"version_string.json", R"m(descent: expected an integer, got "1")m"},
      {"weights_bias_length.json", R"m(weights.b[1]: expected 1 value (out), got 2)m"},
      {"weights_columns.json", R"m(weights.W[0][2]: expected 2 columns (in), got 1)m"},
      {"weights_layers.json", R"m(weights.W: expected 3 layers (2 hidden + output), got 2)m"},
      {"weights_rows.json", R"m(weights.W[1]: expected 2×4 (out×in), got 3 rows)m"},
      {"weights_without_b.json", R"m(weights: needs both "W" and "b")m"},
      {"x2_on_1d_data.json", R"m(features[1]: x2 needs 2-D data; generator linear1d is 1-D)m"},
  };
  std::set<std::string> covered;
  for (const auto& c : cases) {
    const std::string path = kData + "/bad/" + c.file;
    CAPTURE(path);
    covered.insert(c.file);
    std::string got;
    try {
      load_experiment(path);
    } catch (const Error& e) {
      got = e.what();
    }
    // The list of generators comes from data.cpp's table.
    std::string want = c.message;
    if (const size_t at = want.find("@GENERATORS@"); at != std::string::npos)
      want.replace(at, 12, generator_list());
    CHECK(got == path + ": " + want);
  }
  // Each file in the corpus is covered above (a new fixture needs its expected message).
  for (const auto& f : json_files(kData + "/bad")) {
    CAPTURE(f.filename().string());
    CHECK(covered.count(f.filename().string()) == 1);
  }
  CHECK(cases.size() >= 20);
}

TEST_CASE("experiment: no input crashes the parser", "[experiment]") {
  // Every prefix of every fixture, and each fixture with one byte changed, either loads or
  // fails with nn::Error (run under ASan/UBSan).
  std::vector<fs::path> files = json_files(kData + "/good");
  const auto bad = json_files(kData + "/bad");
  files.insert(files.end(), bad.begin(), bad.end());
  const std::string junk = "\"[]{},:0-e.\\ta\x01\xff";
  int loaded = 0, refused = 0;
  for (const auto& f : files) {
    const std::string text = slurp(f);
    for (size_t cut = 0; cut <= text.size(); cut += 3) {
      const std::string t = text.substr(0, cut);
      try {
        experiment_from_json(t);
        ++loaded;
      } catch (const Error&) {
        ++refused;
      }
    }
    for (size_t at = 0; at < text.size(); at += 5) {
      std::string t = text;
      t[at] = junk[at % junk.size()];
      try {
        experiment_from_json(t);
        ++loaded;
      } catch (const Error&) {
        ++refused;
      }
    }
  }
  CHECK(loaded > 0);
  CHECK(refused > 0);
  // Deep nesting is refused without recursion trouble.
  CHECK_THROWS_AS(
      experiment_from_json("{\"data\": " + std::string(10000, '[') + std::string(10000, ']') + "}"),
      Error);
}

TEST_CASE("experiment: make_dataset generates, reads or copies, then splits", "[experiment]") {
  SECTION("generator: the seed makes the points and the split") {
    Experiment e = load_experiment(kData + "/good/header_example.json");
    e.data.n = 100;
    e.data.train_ratio = 0.7;
    const Dataset d = make_dataset(e);
    CHECK(d.points.size() == 100);
    CHECK(d.train_count() == 70);
    CHECK(d.test_count() == 30);
    CHECK(d.task == Task::classification);
    CHECK(make_dataset(e) == d);  // deterministic
    e.seed += 1;
    CHECK_FALSE(make_dataset(e) == d);
    CHECK(output_count(e, d) == 1);
  }
  SECTION("blobs: K classes need a softmax with K outputs") {
    const Experiment e = load_experiment(kData + "/good/blobs_adam.json");
    const Dataset d = make_dataset(e);
    CHECK(d.classes == 4);
    CHECK(d.points.size() == 400);
    CHECK(output_count(e, d) == 4);
    Experiment tanh = e;
    tanh.network.output = OutAct::tanh;
    CHECK_THROWS_WITH(output_count(tanh, d), "network.output: 4-class data needs a softmax output");
  }
  SECTION("csv: read relative to the experiment's directory, split by ratio when unsplit") {
    const Experiment e = load_experiment(kData + "/good/csv_nesterov.json");
    const Dataset d = make_dataset(e);
    REQUIRE(d.points.size() == 4);
    CHECK(d.points[2].x1 == 2.25);
    CHECK(d.train_count() == 3);
    CHECK(output_count(e, d) == 1);
  }
  SECTION("points: copied as they are") {
    const Experiment e = load_experiment(kData + "/good/points_weights.json");
    const Dataset d = make_dataset(e);
    CHECK(d == e.data.points);
    Experiment soft = e;
    soft.network.output = OutAct::softmax;
    CHECK(output_count(soft, d) == 2);
  }
  SECTION("1-D regression: one output; x2 features refused") {
    Experiment e = load_experiment(kData + "/good/regression_1d.json");
    const Dataset d = make_dataset(e);
    CHECK(d.dims == 1);
    CHECK(d.task == Task::regression);
    CHECK(d.train_count() == 100);
    CHECK(output_count(e, d) == 1);
    e.network.output = OutAct::softmax;
    CHECK_THROWS_WITH(
        output_count(e, d),
        "network.output: softmax needs classification data; generator linear1d is regression");
    Experiment x2 = load_experiment(kData + "/good/regression_1d.json");
    x2.features = {Feature::x1, Feature::x1_x2};
    CHECK_THROWS_WITH(make_dataset(x2),
                      "features[1]: x1_x2 needs 2-D data; generator linear1d is 1-D");
  }
}

TEST_CASE("experiment: data.seed is written only when set and round-trips", "[experiment]") {
  Experiment e;
  CHECK_FALSE(e.data.seed);
  CHECK(experiment_to_json(e).find("\"seed\": 1,") != std::string::npos);
  const std::string without = experiment_to_json(e);
  CHECK(without.find("\"seed\"", without.find("\"data\"")) == std::string::npos);

  e.data.seed = 8;
  const std::string text = experiment_to_json(e);
  CHECK(text.find(R"("train_ratio": 0.5,
    "seed": 8
  },)") != std::string::npos);
  const Experiment back = experiment_from_json(text);
  CHECK(back.data.seed == std::optional<uint64_t>(8));
  CHECK(back == e);
  CHECK(experiment_to_json(back) == text);

  // The whole uint64_t range, as for the experiment's seed; csv data takes one too.
  e.data.seed = std::numeric_limits<uint64_t>::max();
  CHECK(experiment_from_json(experiment_to_json(e)) == e);
  const Experiment csv =
      experiment_from_json(R"({"data": {"csv": "a.csv", "seed": 0}, "features": ["x1"]})");
  CHECK(csv.data.seed == std::optional<uint64_t>(0));
  CHECK(experiment_to_json(csv).find(R"("seed": 0)") != std::string::npos);
  CHECK(data_seed(csv) == 0);
  CHECK(data_seed(Experiment{}) == 1);
}

TEST_CASE("experiment: without data.seed the data are exactly those of the experiment's seed",
          "[experiment]") {
  Experiment e = load_experiment(kData + "/good/header_example.json");
  REQUIRE_FALSE(e.data.seed);
  // The formula data were made with before data.seed existed: points from the experiment's
  // seed, split from seed ^ "split".
  Dataset before = find_generator(e.data.generator)->generate(e.data.n, e.data.noise, e.seed, e.data.classes);
  split(before, e.data.train_ratio, e.seed ^ 0x73706c6974ULL);
  CHECK(make_dataset(e) == before);
  Experiment same = e;
  same.data.seed = e.seed;
  CHECK(make_dataset(same) == before);
  // The presets have no data seed: their data (and so their results) did not change.
  for (const auto& f : json_files(fs::path(DESCENT_SOURCE_DIR) / "assets" / "presets")) {
    CAPTURE(f.string());
    CHECK_FALSE(load_experiment(f.string()).data.seed);
  }
}

TEST_CASE("experiment: a new data seed changes the data, not the initial weights", "[experiment]") {
  Experiment e = load_experiment(kData + "/good/header_example.json");
  Experiment other = e;
  other.data.seed = e.seed + 1;
  const Dataset d0 = make_dataset(e), d1 = make_dataset(other);
  CHECK_FALSE(d0 == d1);
  CHECK(d0.points.size() == d1.points.size());
  CHECK(d0.train_count() == d1.train_count());
  // A different split too: the split seed follows the data seed.
  Experiment split_only = e;
  split_only.data.seed = e.seed;
  CHECK(make_dataset(split_only) == d0);

  Session a(e), b(other);
  CHECK(a.network().params() == b.network().params());  // initial weights: the experiment's seed
  CHECK_FALSE(a.data() == b.data());

  // What the Data panel's Regenerate does: apply with the next data seed. The data change,
  // the weights stay, and Reset goes back to the very same initial weights as before.
  const Eigen::VectorXf w0 = a.network().params();
  a.run_epoch();
  const Eigen::VectorXf trained = a.network().params();
  a.apply(other);
  CHECK(a.data() == d1);
  CHECK(a.network().params() == trained);
  a.reset();
  CHECK(a.network().params() == w0);
  CHECK(a.data() == d1);

  // Changing the experiment's seed alone leaves data with their own seed alone.
  Experiment reseeded = other;
  reseeded.seed = e.seed + 100;
  CHECK(make_dataset(reseeded) == d1);
}
