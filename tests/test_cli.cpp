// The `descent` binary itself: --help, headless runs, the history CSV, --save and reload,
// exit codes and one-line messages for bad files, flags and CSV data, determinism.
#include <catch2/catch.hpp>

#include "tests/cli_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using namespace cli;


std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> f;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      f.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  f.push_back(cur);
  return f;
}

struct Csv {
  std::string header;
  std::vector<std::vector<std::string>> rows;
};

Csv read_history(const std::string& path) {
  Csv c;
  std::istringstream in(read(path));
  std::getline(in, c.header);
  for (std::string l; std::getline(in, l);) c.rows.push_back(split_fields(l));
  return c;
}

// Significant digits of a number written by %g ("0.0012345" → 5, "1.5e-07" → 2).
int significant_digits(const std::string& s) {
  std::string m = s.substr(0, s.find_first_of("eE"));
  std::string digits;
  for (char c : m)
    if (c >= '0' && c <= '9') digits += c;
  const auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? 0 : static_cast<int>(digits.size() - first);
}

std::string g17(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

const char* kHeader = "epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr";

}  // namespace

TEST_CASE("cli: --help exits 0 and documents the headless flags") {
  const Result r = descent("--help");
  CHECK(r.code == 0);
  for (const char* flag : {"--headless", "--csv", "--save", "--epochs"}) {
    INFO(flag);
    CHECK_THAT(r.out, Catch::Contains(flag));
  }
}

TEST_CASE("cli: a headless run writes the history CSV with a row per epoch from 0 in full precision") {
  TempDir t;
  const std::string csv = t.file("f.csv");
  const Result r = descent("--headless " + quote(kPresets + "playground-default.json") + " --epochs 5 --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Playground default"));
  CHECK_THAT(r.out, Catch::Contains("after 5 epochs"));
  const Csv c = read_history(csv);
  CHECK(c.header == kHeader);
  REQUIRE(c.rows.size() == 6);
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const auto& row = c.rows[i];
    INFO("row " << i);
    REQUIRE(row.size() == 7);
    CHECK(row[0] == std::to_string(i));
    for (size_t k = 1; k < row.size(); ++k) {
      INFO("column " << k << ": " << row[k]);
      REQUIRE_FALSE(row[k].empty());  // classification with a test set: every column applies
      char* end = nullptr;
      const double v = std::strtod(row[k].c_str(), &end);
      CHECK(*end == '\0');
      CHECK(row[k] == g17(v));  // printed as %.17g: reads back to the same double
    }
    CHECK(row[6] == "0.029999999999999999");  // lr 0.03 in full
  }
  // Losses are not round numbers: full precision shows as 17 significant digits (%g drops
  // trailing zeros, so a value may show fewer; not all of them).
  int seventeen = 0;
  for (const auto& row : c.rows) seventeen += (significant_digits(row[1]) == 17) + (significant_digits(row[2]) == 17);
  CHECK(seventeen >= 6);
}

TEST_CASE("cli: accuracy columns are empty for regression") {
  TempDir t;
  const std::string csv = t.file("r.csv");
  const Result r = descent("--headless " + quote(kPresets + "linear1d-regression.json") + " --epochs 3 --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const Csv c = read_history(csv);
  CHECK(c.header == kHeader);
  REQUIRE(c.rows.size() == 4);
  for (const auto& row : c.rows) {
    REQUIRE(row.size() == 7);
    CHECK_FALSE(row[1].empty());
    CHECK_FALSE(row[2].empty());
    CHECK(row[4].empty());
    CHECK(row[5].empty());
  }
}

TEST_CASE("cli: test columns are empty when the data set has no test set") {
  TempDir t;
  const std::string exp = t.write("all_train.json", R"({
    "descent": 1, "title": "all train", "seed": 3,
    "data": { "generator": "circle", "n": 60, "train_ratio": 1 },
    "network": { "hidden": [3], "activation": "tanh", "output": "tanh" },
    "training": { "optimizer": { "name": "sgd", "lr": 0.03 }, "epochs": 2 } })");
  const std::string csv = t.file("h.csv");
  const Result r = descent("--headless " + quote(exp) + " --csv " + quote(csv));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const Csv c = read_history(csv);
  CHECK(c.header == kHeader);
  REQUIRE(c.rows.size() == 3);
  for (const auto& row : c.rows) {
    REQUIRE(row.size() == 7);
    CHECK_FALSE(row[1].empty());
    CHECK(row[2].empty());
    CHECK_FALSE(row[4].empty());
    CHECK(row[5].empty());
  }
}

TEST_CASE("cli: --save writes the trained weights and loading the file starts where training ended") {
  TempDir t;
  const std::string a_csv = t.file("a.csv"), out = t.file("out.json");
  Result r = descent("--headless " + quote(kPresets + "overfitting-l2.json") + " --epochs 7 --csv " + quote(a_csv) +
                     " --save " + quote(out));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const auto saved = nlohmann::json::parse(read(out));
  REQUIRE(saved.contains("weights"));

  const std::string b_csv = t.file("b.csv"), again = t.file("again.json");
  r = descent("--headless " + quote(out) + " --epochs 0 --csv " + quote(b_csv) + " --save " + quote(again));
  INFO(r.out);
  REQUIRE(r.code == 0);
  const Csv a = read_history(a_csv), b = read_history(b_csv);
  REQUIRE(a.rows.size() == 8);
  REQUIRE(b.rows.size() == 1);
  CHECK(b.rows[0][0] == "0");
  // Epoch 0 of the reloaded run is the last epoch of the first: same weights, same data.
  for (size_t k = 1; k < 7; ++k) {
    INFO("column " << k);
    CHECK(b.rows[0][k] == a.rows.back()[k]);
  }
  CHECK(nlohmann::json::parse(read(again))["weights"] == saved["weights"]);
}

TEST_CASE("cli: a bad experiment file exits 2 with one line naming the file and the field") {
  TempDir t;
  const std::string bad = t.write("bad_lr.json", R"({ "descent": 1,
    "training": { "optimizer": { "name": "sgd", "lr": -1 } } })");
  const Result r = descent("--headless " + quote(bad));
  CHECK(r.code == 2);
  REQUIRE(r.lines().size() == 1);
  CHECK_THAT(r.out, Catch::Contains("bad_lr.json: training.optimizer.lr: must be > 0, got -1"));

  const Result missing = descent("--headless " + quote(t.file("nope.json")));
  CHECK(missing.code == 2);
  CHECK(missing.lines().size() == 1);
  CHECK_THAT(missing.out, Catch::Contains("nope.json"));
}

TEST_CASE("cli: a bad flag exits 2 with one line") {
  SECTION("unknown flag") {
    const Result r = descent("--headless --bogus");
    CHECK(r.code == 2);
    CHECK(r.lines().size() == 1);
    CHECK_THAT(r.out, Catch::Contains("--bogus"));
  }
  SECTION("--epochs without a number") {
    const Result r = descent("--headless --epochs lots");
    CHECK(r.code == 2);
    CHECK(r.lines().size() == 1);
    CHECK_THAT(r.out, Catch::Contains("--epochs"));
  }
  SECTION("--csv without a file") {
    const Result r = descent("--headless --csv");
    CHECK(r.code == 2);
    CHECK(r.lines().size() == 1);
    CHECK_THAT(r.out, Catch::Contains("--csv"));
  }
}

TEST_CASE("cli: a CSV data file with a bad line exits 2 naming file:line") {
  TempDir t;
  t.write("points.csv", "x1,x2,y\n1,2,0\n2,3,1\n3,abc,0\n4,5,1\n");
  const std::string exp = t.write("from_csv.json", R"({ "descent": 1,
    "data": { "csv": "points.csv", "train_ratio": 0.5 },
    "network": { "hidden": [2], "activation": "tanh", "output": "tanh" },
    "training": { "epochs": 1 } })");
  const Result r = descent("--headless " + quote(exp));
  CHECK(r.code == 2);
  REQUIRE(r.lines().size() == 1);
  CHECK_THAT(r.out, Catch::Contains("points.csv:4") && Catch::Contains("abc"));
}

TEST_CASE("cli: --headless with no file runs the default preset") {
  TempDir t;
  const std::string csv = t.file("d.csv");
  const Result r = descent("--headless --epochs 2 --csv " + quote(csv));
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Playground default") && Catch::Contains("playground-default.json"));
  CHECK(read_history(csv).rows.size() == 3);
}

TEST_CASE("cli: the same experiment run twice gives byte-identical CSV") {
  TempDir t;
  const std::string a = t.file("a.csv"), b = t.file("b.csv");
  const std::string exp = quote(kPresets + "spiral3-softmax.json");
  REQUIRE(descent("--headless " + exp + " --epochs 10 --csv " + quote(a)).code == 0);
  REQUIRE(descent("--headless " + exp + " --epochs 10 --csv " + quote(b)).code == 0);
  const std::string x = read(a);
  CHECK(x.size() > 100);
  CHECK(x == read(b));
}
