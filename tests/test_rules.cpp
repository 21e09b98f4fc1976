// tests/test_rules.cpp — the engine's rules that the front ends share (docs/DESIGN.md §1): the
// parameter layout, weights in file form, fitting a recipe to a data set, the preset folder,
// the hyper-parameter table.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "nn/edits.h"
#include "nn/hyperparams.h"
#include "nn/network.h"
#include "nn/presets.h"
#include "nn/session.h"

using namespace nn;

namespace {

Architecture arch_2_3_2_1() {
  Architecture a;
  a.inputs = 2;
  a.hidden = {3, 2};
  a.activations = {Act::tanh, Act::relu};
  a.outputs = 1;
  return a;
}

}  // namespace

TEST_CASE("parameter layout: Architecture's offsets are where Network's W(l) and b(l) live") {
  const Architecture a = arch_2_3_2_1();
  Network<float> net(a);
  for (int l = 0; l < a.layers(); ++l) {
    CHECK(a.w_offset(l) == net.w_offset(l));
    CHECK(a.b_offset(l) == net.b_offset(l));
    CHECK(net.W(l).data() == net.params().data() + a.w_offset(l));
    CHECK(net.b(l).data() == net.params().data() + a.b_offset(l));
    // W(l) is column-major (out × in): w_index walks down a column first.
    for (int r = 0; r < a.fan_out(l); ++r) {
      for (int c = 0; c < a.fan_in(l); ++c) CHECK(&net.W(l)(r, c) == net.params().data() + a.w_index(l, r, c));
      CHECK(&net.b(l)(r) == net.params().data() + a.b_index(l, r));
    }
  }
  CHECK(a.w_offset(a.layers()) == a.parameter_count());
  CHECK(a.parameter_count() == (2 * 3 + 3) + (3 * 2 + 2) + (2 * 1 + 1));
}

TEST_CASE("weights in file form: W row-major per layer, b per layer, and back bit for bit") {
  const Architecture a = arch_2_3_2_1();
  Eigen::VectorXf p(a.parameter_count());
  for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = 0.1f * float(i) - 1.0f / 3.0f;
  const Weights w = weights_from_params(a, p);
  REQUIRE(w.W.size() == 3);
  REQUIRE(w.b.size() == 3);
  CHECK(w.W[0].size() == 6);
  CHECK(w.W[1].size() == 6);
  CHECK(w.b[2].size() == 1);
  // Row-major in the file: W[0][row * in + col] is W(0)(row, col).
  CHECK(w.W[0][1 * 2 + 0] == double(p(a.w_index(0, 1, 0))));
  CHECK(w.W[1][0 * 3 + 2] == double(p(a.w_index(1, 0, 2))));
  CHECK(w.b[1][1] == double(p(a.b_index(1, 1))));
  CHECK(params_from_weights(a, w) == p);

  Weights short_w = w;
  short_w.b[1].pop_back();
  CHECK_THROWS_WITH(params_from_weights(a, short_w), "weights: layer 1 is not 2\xc3\x97" "3");
}

TEST_CASE("weights in file form: a Session saved and reloaded starts from the same parameters") {
  Experiment e = playground_experiment();
  Session s(e);
  for (int i = 0; i < 5; ++i) s.step();
  const Experiment saved = s.to_experiment();
  REQUIRE(saved.weights);
  CHECK(*saved.weights == weights_from_params(s.network().arch(), s.network().params()));
  Session again(saved);
  CHECK(again.network().params() == s.network().params());
}

TEST_CASE("fit recipe to data: many classes take softmax with cross-entropy") {
  Experiment e = playground_experiment();
  REQUIRE(e.network.output != OutAct::softmax);
  CHECK(fit_recipe_to_data(e, Task::classification, 3, 2) == "output softmax with cross_entropy");
  CHECK(e.network.output == OutAct::softmax);
  CHECK(e.loss == Loss::cross_entropy);
  // Fitting again changes nothing and says so.
  CHECK(fit_recipe_to_data(e, Task::classification, 3, 2).empty());
}

TEST_CASE("fit recipe to data: two classes leave softmax for tanh with half squared error") {
  Experiment e = playground_experiment();
  e.network.output = OutAct::softmax;
  e.loss = Loss::cross_entropy;
  CHECK(fit_recipe_to_data(e, Task::classification, 2, 2) == "output tanh with half_squared_error");
  CHECK(e.network.output == OutAct::tanh);
  CHECK(e.loss == Loss::half_squared_error);
}

TEST_CASE("fit recipe to data: regression takes a linear output and keeps a loss it allows") {
  Experiment e = playground_experiment();
  e.loss = Loss::mse;
  CHECK(fit_recipe_to_data(e, Task::regression, 0, 2) == "output linear with mse");
  CHECK(e.network.output == OutAct::linear);
  CHECK(e.loss == Loss::mse);
  Experiment bce = playground_experiment();
  bce.network.output = OutAct::sigmoid;
  bce.loss = Loss::binary_cross_entropy;
  CHECK(fit_recipe_to_data(bce, Task::regression, 0, 2) == "output linear with half_squared_error");
}

TEST_CASE("fit recipe to data: 1-D data turns the features of x2 off, 2-D data turns x2 on") {
  Experiment e = playground_experiment();
  e.features = {Feature::x1, Feature::x2, Feature::x1_x2};
  CHECK(fit_recipe_to_data(e, Task::classification, 2, 1) == "features of x2 off (1-D data)");
  CHECK(e.features == std::vector<Feature>{Feature::x1});
  CHECK(fit_recipe_to_data(e, Task::classification, 2, 2) == "x2 on");
  CHECK(e.features == std::vector<Feature>{Feature::x1, Feature::x2});
  Experiment only_x2 = playground_experiment();
  only_x2.features = {Feature::x2_sq};
  fit_recipe_to_data(only_x2, Task::classification, 2, 1);  // (no sentence: the count is the same)
  CHECK(only_x2.features == std::vector<Feature>{Feature::x1});
}

TEST_CASE("presets: every *.json of the folder, sorted, with its title or why it does not load") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("descent-presets-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "b-good.json") << R"({"title": "A good one"})";
  std::ofstream(dir / "a-untitled.json") << "{}";
  std::ofstream(dir / "c-bad.json") << R"({"seed": "x"})";
  std::ofstream(dir / "notes.txt") << "not a preset";
  const std::vector<Preset> p = scan_presets(dir.string());
  REQUIRE(p.size() == 3);
  CHECK(p[0].name == "a-untitled");
  CHECK(p[0].title.empty());
  CHECK(p[0].error.empty());
  CHECK(p[1].name == "b-good");
  CHECK(p[1].title == "A good one");
  CHECK(p[1].path == (dir / "b-good.json").string());
  CHECK(p[2].name == "c-bad");
  CHECK(p[2].error.find("seed") != std::string::npos);
  fs::remove_all(dir);
  CHECK_THROWS_WITH(scan_presets(dir.string()), Catch::StartsWith(dir.string() + ": "));
}

TEST_CASE("presets: the shipped folder lists playground-default with its title") {
  const std::vector<Preset> p = scan_presets(std::string(DESCENT_SOURCE_DIR) + "/assets/presets");
  const auto it = std::find_if(p.begin(), p.end(), [](const Preset& x) { return x.name == "playground-default"; });
  REQUIRE(it != p.end());
  CHECK(it->error.empty());
  CHECK(it->title == load_experiment(it->path).title);
}

TEST_CASE("hyper-parameters: one table gives the parser its ranges and the recipe window its rows") {
  // The parser's message for a value outside a row's valid range comes from that row.
  const auto error_of = [](const std::string& text) {
    try {
      experiment_from_json(text, "run.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of(R"({"training": {"optimizer": {"name": "momentum", "momentum": 1}}})") ==
        "run.json: training.optimizer.momentum: must be in [0, 1), got 1");
  CHECK(error_of(R"({"training": {"optimizer": {"name": "adam", "betas": [0.9, 1]}}})") ==
        "run.json: training.optimizer.betas[1]: must be in [0, 1), got 1");
  CHECK(error_of(R"({"training": {"optimizer": {"name": "sgd", "lr": 0}}})") ==
        "run.json: training.optimizer.lr: must be > 0, got 0");
  // Every recipe row names a table row (or is a flag), and every slider lies inside what a
  // file may hold, so a value the window offers always validates.
  for (const auto& row : kRecipeRows) {
    if (row.flag) continue;
    const HyperParam* h = hyper_param(row.key);
    REQUIRE(h != nullptr);
    CHECK(h->valid.contains(h->slider_lo));
    CHECK(h->valid.contains(h->slider_hi));
  }
  CHECK(hyper_param("lr")->valid.contains(kLearningRateRange.lo));
  CHECK(kLearningRateRange.lo == 1e-5);
  CHECK(kLearningRateRange.hi == 10.0);
  // Each optimizer's defaults are valid values of its rows.
  for (const auto& opt : kOptimizers) {
    const OptimizerSpec d = OptimizerSpec::defaults(opt.id);
    for (const auto& h : kHyperParams) CHECK(h.valid.contains(d.*(h.field)));
  }
}
