// `descent --headless` looking inside: --layers-csv, --inspect INDEX and --diagnose, run on the
// built binary (as tests/test_cli.cpp does).
#include <catch2/catch.hpp>

#include "tests/cli_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "nn/inspect.h"
#include "nn/session.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code = -1;
  std::string out, err;
  std::vector<std::string> lines() const {
    std::vector<std::string> v;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }
};

// Runs `descent ARGS`, stdout and stderr captured apart (stderr through a file).
Result descent(const std::string& args) {
  const std::string err_file = fs::temp_directory_path() / ("descent-inspect-err-" + std::to_string(getpid()));
  const std::string cmd = test_launcher() + "'" + DESCENT_BINARY + "' " + args + " 2>'" + err_file + "'";
  Result r;
  const int status = cli::run_shell(cmd, r.out);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::ostringstream s;
  s << in.rdbuf();
  r.err = s.str();
  fs::remove(err_file);
  return r;
}

std::string temp_file(const std::string& name) {
  return (fs::temp_directory_path() / ("descent-inspect-" + std::to_string(getpid()) + "-" + name)).string();
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream in(line);
  for (std::string x; std::getline(in, x, ',');) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.push_back("");
  return f;
}

const std::string kPresets = std::string(DESCENT_SOURCE_DIR) + "/assets/presets/";

}  // namespace

TEST_CASE("cli: --layers-csv writes one row per epoch and layer, grad and update empty at epoch 0") {
  const std::string path = temp_file("layers.csv");
  const Result r = descent("--headless vanishing-gradients --epochs 4 --quiet --layers-csv '" + path + "'");
  REQUIRE(r.code == 0);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  fs::remove(path);
  REQUIRE(lines.size() == 1 + 5 * 9);  // epochs 0..4 × 9 weight layers
  CHECK(lines[0] ==
        "epoch,layer,weight_norm,grad_norm,update_ratio,dead_fraction,saturated_fraction,z_mean,z_std,a_mean,a_std,delta_std");
  const auto first = fields(lines[1]);
  REQUIRE(first.size() == 12);
  CHECK(first[0] == "0");
  CHECK(first[1] == "0");
  CHECK(first[3].empty());  // no step yet
  CHECK(std::stod(first[2]) > 0.0);
  const auto last_first_layer = fields(lines[1 + 4 * 9]);
  const auto last_output = fields(lines[1 + 4 * 9 + 8]);
  CHECK(last_first_layer[0] == "4");
  CHECK(last_output[1] == "8");
  // The lesson in numbers: the first layer's gradient is orders of magnitude below the output's.
  CHECK(std::stod(last_first_layer[3]) * 100 < std::stod(last_output[3]));
}

TEST_CASE("cli: --inspect prints the sample's pass as JSON, equal to the engine's inspector") {
  const Result r = descent("--headless playground-default --epochs 0 --inspect 7");
  REQUIRE(r.code == 0);
  REQUIRE(r.lines().size() == 1);  // the JSON alone
  const auto j = nlohmann::json::parse(r.out);
  nn::Session s(nn::load_experiment(kPresets + "playground-default.json"));  // initial weights
  const nn::SamplePass p = nn::inspect_sample(s, 7);
  CHECK(j["index"] == 7);
  CHECK(j["x"].size() == 2);
  CHECK(j["x"][1].get<double>() == p.x(1));
  CHECK(j["target"][0].get<double>() == p.target(0));
  CHECK(j["loss"].get<double>() == Approx(p.loss).epsilon(1e-12));
  REQUIRE(j["layers"].size() == 3);
  CHECK(j["layers"][0]["z"].size() == 4);
  CHECK(j["layers"][1]["dW"].size() == 2);     // one array per neuron of layer 2...
  CHECK(j["layers"][1]["dW"][0].size() == 4);  // ...with one entry per input
  CHECK(j["layers"][1]["dW"][1][3].get<double>() == Approx(p.layers[1].dW(1, 3)).epsilon(1e-12));
  CHECK(j["layers"][2]["delta"][0].get<double>() == Approx(p.layers[2].delta(0)).epsilon(1e-12));
  CHECK(j["layers"][0]["db"][2].get<double>() == Approx(p.layers[0].db(2)).epsilon(1e-12));
}

TEST_CASE("cli: --inspect uses the weights the run ended with") {
  const auto before = nlohmann::json::parse(descent("--headless playground-default --epochs 0 --inspect 3").out);
  const auto after = nlohmann::json::parse(descent("--headless playground-default --epochs 5 --inspect 3").out);
  CHECK(before["x"] == after["x"]);
  CHECK(before["loss"] != after["loss"]);
}

TEST_CASE("cli: --inspect with an index that is not a training point exits 2 with one line") {
  for (const char* bad : {"250", "-1"}) {
    INFO(bad);
    const Result r = descent(std::string("--headless playground-default --inspect ") + bad);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == std::string("descent: --inspect: no training point ") + bad + " (there are 250, 0 to 249)\n");
  }
  const Result r = descent("--headless playground-default --inspect 1.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("--inspect") != std::string::npos);
}

TEST_CASE("cli: --diagnose names the problem of a problem preset and calls playground-default healthy") {
  const Result sick = descent("--headless dying-relu --quiet --diagnose");
  REQUIRE(sick.code == 0);
  const auto lines = sick.lines();
  REQUIRE(lines.size() == 2);  // the final metrics, then one finding
  CHECK(lines[1].rfind("dead_units: ", 0) == 0);
  const Result fine = descent("--headless playground-default --quiet --diagnose");
  REQUIRE(fine.code == 0);
  CHECK(fine.lines().back().rfind("healthy: ", 0) == 0);
}

TEST_CASE("cli: --help lists the flags that look inside") {
  const Result r = descent("--help");
  for (const char* flag : {"--layers-csv FILE", "--inspect INDEX", "--diagnose"}) CHECK(r.out.find(flag) != std::string::npos);
}

TEST_CASE("cli: --layers-csv to a file that cannot be written exits 2 with one line") {
  const Result r = descent("--headless playground-default --epochs 1 --quiet --layers-csv /nonexistent-dir/layers.csv");
  CHECK(r.code == 2);
  CHECK(r.err.rfind("descent: /nonexistent-dir/layers.csv: cannot write", 0) == 0);
}
