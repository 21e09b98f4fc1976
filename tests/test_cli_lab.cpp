// The learning-rate lab on the command line: --vary (each run's CSV rows equal the same
// experiment's lone --csv, bit for bit), --lr-find, --landscape (its centre is the lone run's
// train loss), and one-line errors with exit code 2 for bad keys, values and flags.
#include <catch2/catch.hpp>

#include "tests/cli_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using namespace cli;

std::string preset_with(const std::string& slug, const std::string& from, const std::string& to, const TempDir& t) {
  std::ifstream in(kPresets + slug + ".json");
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const std::string path = t.file(slug + "-" + std::to_string(text.size()) + ".json");
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("cli lab: --help documents --vary, --lr-find, --landscape and --grid") {
  const Result r = descent("--help");
  CHECK(r.code == 0);
  for (const char* flag : {"--vary KEY=V1,V2", "--lr-find", "--landscape", "--grid", "suggested lr"}) {
    INFO(flag);
    CHECK_THAT(r.out, Catch::Contains(flag));
  }
}

TEST_CASE("cli lab: each --vary run's CSV rows equal the same experiment's lone --csv, bit for bit") {
  TempDir t;
  const std::string csv = t.file("vary.csv");
  const Result r = descent("--headless " + quote(kPresets + "playground-default.json") +
                           " --epochs 40 --vary training.optimizer.lr=0.003,0.3,3 --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const auto lines = r.lines();
  REQUIRE(lines.size() == 4);  // a heading, then one final line per run
  CHECK(lines[1].rfind("training.optimizer.lr=0.003: 40 epochs: train loss ", 0) == 0);
  CHECK(lines[2].rfind("training.optimizer.lr=0.3: 40 epochs: ", 0) == 0);
  CHECK(lines[3].rfind("training.optimizer.lr=3: ", 0) == 0);
  const auto rows = read_lines(csv);
  REQUIRE_FALSE(rows.empty());
  CHECK(rows[0] == "value,epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr");
  std::map<std::string, std::vector<std::string>> by_value;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto comma = rows[i].find(',');
    by_value[rows[i].substr(0, comma)].push_back(rows[i].substr(comma + 1));
  }
  for (const std::string lr : {"0.003", "0.3", "3"}) {
    INFO("lr " << lr);
    const std::string file = preset_with("playground-default", "\"lr\": 0.03", "\"lr\": " + lr, t);
    const std::string lone = t.file("lone" + lr + ".csv");
    REQUIRE(descent("--headless " + quote(file) + " --epochs 40 --quiet --csv " + quote(lone)).code == 0);
    auto expected = read_lines(lone);
    expected.erase(expected.begin());
    CHECK(by_value[lr] == expected);
    CHECK(by_value[lr].size() == 41);
  }
}

TEST_CASE("cli lab: --vary over the seed, a typed list with brackets, and the activation") {
  TempDir t;
  const std::string csv = t.file("seed.csv");
  Result r = descent("--headless " + quote(kPresets + "playground-default.json") +
                     " --epochs 3 --quiet --vary seed=7,8 --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string lone = t.file("lone.csv");
  REQUIRE(descent("--headless " + quote(kPresets + "playground-default.json") + " --epochs 3 --quiet --csv " + quote(lone)).code == 0);
  const auto rows = read_lines(csv), alone = read_lines(lone);
  REQUIRE(rows.size() == 9);
  for (size_t i = 1; i < alone.size(); ++i) CHECK(rows[i] == "7," + alone[i]);  // seed 7 is the preset itself
  r = descent("--headless " + quote(kPresets + "playground-default.json") +
              " --epochs 2 --quiet --vary 'network.hidden=[4,2],[8]' --csv " + quote(csv));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("network.hidden=[8]: 2 epochs"));
  CHECK(read_lines(csv)[1].rfind("\"[4,2]\",0,", 0) == 0);  // a value with a comma is quoted
  r = descent("--headless " + quote(kPresets + "playground-default.json") +
              " --epochs 2 --quiet --vary network.activation=relu,sigmoid");
  REQUIRE(r.code == 0);
  CHECK(r.lines().size() == 2);
  // A key alone: the values the app proposes (the rate: ÷10, ×1, ×10, ×100).
  r = descent("--headless " + quote(kPresets + "playground-default.json") + " --epochs 2 --quiet --vary training.optimizer.lr");
  REQUIRE(r.code == 0);
  const auto lines = r.lines();
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].rfind("training.optimizer.lr=0.003: ", 0) == 0);
  CHECK(lines[3].rfind("training.optimizer.lr=3: ", 0) == 0);
}

TEST_CASE("cli lab: a bad --vary key or value exits 2 with one line and a did-you-mean") {
  const std::string exp = quote(kPresets + "playground-default.json");
  struct Case {
    std::string args, line;
  };
  const std::vector<Case> cases{
      {"--vary training.optimzer.lr=0.1",
       "--vary: training.optimzer: unknown setting \"optimzer\"; did you mean \"optimizer\"?"},
      {"--vary training.optimizer.lr=0.1,-1", "--vary: training.optimizer.lr: must be > 0, got -1"},
      {"--vary training.optimizer.name=adam,sgdd", "did you mean \"sgd\"?"},
      {"--vary network.activation=tahn", "did you mean \"tanh\"?"},
      {"--vary =0.1", "--vary: expected KEY=V1,V2,..."},
      {"--vary training.optimizer.lr=", "--vary: expected KEY=V1,V2,..."},
      {"--vary network.hiden", "network.hiden: unknown setting \"hiden\"; did you mean \"hidden\"?"},
      {"--vary training.optimizer.lr=1,2,3,4,5,6,7,8,9", "at most 8 values, got 9"},
      {"--vary seed=1 --lr-find", "one at a time"},
      {"--landscape x.csv --grid 4", "--grid: must be odd"},
      {"--grid 5", "--grid: only with --landscape"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const Result r = descent("--headless " + exp + " " + c.args);
    INFO(r.out);
    CHECK(r.code == 2);
    REQUIRE(r.lines().size() == 1);
    CHECK_THAT(r.out, Catch::StartsWith("descent: "));
    CHECK_THAT(r.out, Catch::Contains(c.line));
  }
  const Result gui = descent(exp + " --vary seed=1,2");
  CHECK(gui.code == 2);
  CHECK_THAT(gui.out, Catch::Contains("need --headless"));
}

TEST_CASE("cli lab: --lr-find prints the suggestion and writes step,lr,loss,smoothed_loss") {
  TempDir t;
  const std::string csv = t.file("lr.csv");
  const Result r = descent("--headless " + quote(kPresets + "spiral-deep-adam.json") + " --lr-find --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const auto lines = r.lines();
  REQUIRE_FALSE(lines.empty());
  REQUIRE(lines.back().rfind("suggested lr: ", 0) == 0);
  const double lr = std::stod(lines.back().substr(14));
  CHECK(lr >= 0.0008);  // where spiral-deep-adam reaches its bar (see test_lab_tools.cpp)
  CHECK(lr <= 0.015);
  const auto rows = read_lines(csv);
  REQUIRE(rows.size() == 101);
  CHECK(rows[0] == "step,lr,loss,smoothed_loss");
  CHECK(rows[1].rfind("0,9.9999999999999995e-07,", 0) == 0);
  double prev = 0.0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const double v = std::stod(rows[i].substr(rows[i].find(',') + 1));
    CHECK(v > prev);
    prev = v;
  }
}

TEST_CASE("cli lab: --landscape writes the grid, the path and the line, and its centre is the lone run's train loss") {
  TempDir t;
  const std::string out = t.file("land.csv"), csv = t.file("h.csv");
  const std::string exp = quote(kPresets + "playground-default.json");
  const Result r = descent("--headless " + exp + " --epochs 30 --landscape " + quote(out) + " --grid 5");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("landscape: 5x5 around epoch 30"));
  const auto grid = read_lines(out);
  REQUIRE(grid.size() == 26);
  CHECK(grid[0] == "alpha,beta,loss");
  REQUIRE(descent("--headless " + exp + " --epochs 30 --quiet --csv " + quote(csv)).code == 0);
  const auto hist = read_lines(csv);
  const std::string last = hist.back();  // epoch 30
  const std::string train_loss = last.substr(3, last.find(',', 3) - 3);
  CHECK(grid[13] == "0,0," + train_loss);  // row 13: the centre (alpha = beta = 0)
  const auto path = read_lines(t.file("land-path.csv"));
  REQUIRE(path.size() >= 3);
  CHECK(path[0] == "epoch,alpha,beta");
  CHECK(path[1].rfind("0,", 0) == 0);
  CHECK(path.back() == "30,0,0");
  const auto line = read_lines(t.file("land-line.csv"));
  REQUIRE(line.size() == 42);
  CHECK(line[31] == "1," + train_loss);
}
