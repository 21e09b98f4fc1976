// tests/test_data.cpp — data sets: generators, train/test split, CSV import/export.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include "nn/common.h"
#include "nn/data.h"

using nn::Dataset;
using nn::Task;

namespace {

std::string fixture(const std::string& name) { return std::string(DESCENT_TEST_DATA) + "/csv/" + name; }

std::set<double> labels(const Dataset& d) {
  std::set<double> s;
  for (const auto& p : d.points) s.insert(p.y);
  return s;
}

// Message of the nn::Error that `f` throws ("" when it throws nothing).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const nn::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// ---- Generators -------------------------------------------------------------------------

TEST_CASE("generator table: unique names, lookup, unknown is nullptr", "[data]") {
  const auto& rows = nn::generators();
  REQUIRE(rows.size() == 12);
  std::set<std::string> names;
  for (const auto& r : rows) {
    names.insert(r.name);
    REQUIRE(nn::find_generator(r.name) == &r);
    REQUIRE(std::string(r.description).size() > 0);
  }
  REQUIRE(names.size() == rows.size());
  for (const char* n : {"circle", "xor", "gauss", "spiral", "reg-plane", "reg-gauss", "moons", "checkerboard",
                        "spiral3", "blobs", "linear1d", "sine1d"})
    REQUIRE(nn::find_generator(n) != nullptr);
  REQUIRE(nn::find_generator("nope") == nullptr);
  REQUIRE(nn::find_generator("") == nullptr);
  REQUIRE(nn::find_generator("Circle") == nullptr);
}

TEST_CASE("every generator: size, dims, task, labels, determinism", "[data]") {
  for (const auto& g : nn::generators()) {
    for (const double noise : {0.0, 0.25, 0.5}) {
      INFO(g.name << " noise " << noise);
      const int classes = 3;
      for (const int n : {0, 1, 7, 200}) {
        const Dataset d = g.generate(n, noise, 42, classes);
        REQUIRE(static_cast<int>(d.points.size()) == n);
        REQUIRE(d.task == g.task);
        REQUIRE(d.dims == g.dims);
        REQUIRE(d.train_count() == n);
        REQUIRE(d.test_count() == 0);
        if (g.task == Task::regression) REQUIRE(d.classes == 0);
        else REQUIRE(d.classes >= 2);
        for (const auto& p : d.points) {
          REQUIRE(std::isfinite(p.x1));
          REQUIRE(std::isfinite(p.x2));
          REQUIRE(std::isfinite(p.y));
          if (g.dims == 1) REQUIRE(p.x2 == 0.0);
          if (g.task == Task::classification) {
            REQUIRE(p.y == std::floor(p.y));
            REQUIRE(p.y >= 0);
            REQUIRE(p.y < d.classes);
          }
        }
      }
      const Dataset a = g.generate(200, noise, 7, classes);
      REQUIRE(a == g.generate(200, noise, 7, classes));
      // Playground's spirals have no randomness at all without noise.
      const bool fixed = noise == 0.0 && std::string(g.name).starts_with("spiral");
      REQUIRE((a == g.generate(200, noise, 8, classes)) == fixed);
      if (g.task == Task::classification) {
        // Every class appears in a set of 200.
        REQUIRE(static_cast<int>(labels(a).size()) == a.classes);
      } else {
        REQUIRE(labels(a).size() > 50);  // continuous values (reg-gauss is 0 between bumps)
        const std::string name = g.name;
        for (const auto& p : a.points) {
          if (name == "reg-gauss") REQUIRE(std::abs(p.y) <= 1.0);
          if (name == "reg-plane") REQUIRE(std::abs(p.y) <= 1.2 * (1 + noise));
          if (name == "sine1d" && noise == 0.0) REQUIRE(std::abs(p.y) <= 1.0);
          if (name == "linear1d" && noise == 0.0) REQUIRE(std::abs(p.y) <= 10.0);
        }
      }
      // Points stay roughly in Playground's [-6, 6] plane.
      for (const auto& p : a.points) {
        REQUIRE(std::abs(p.x1) <= 10.0);
        REQUIRE(std::abs(p.x2) <= 10.0);
      }
    }
  }
}

TEST_CASE("class counts: the second class gets the odd point", "[data]") {
  for (const char* name : {"circle", "gauss", "spiral", "moons"}) {
    INFO(name);
    const Dataset d = nn::find_generator(name)->generate(7, 0.0, 1, 2);
    int ones = 0;
    for (const auto& p : d.points) ones += p.y == 1.0;
    REQUIRE(ones == 3);
    // Class 1 is generated first, as in Playground.
    REQUIRE(d.points.front().y == 1.0);
    REQUIRE(d.points.back().y == 0.0);
  }
  const Dataset s3 = nn::find_generator("spiral3")->generate(8, 0.0, 1, 0);
  REQUIRE(s3.classes == 3);
  int count[3] = {};
  for (const auto& p : s3.points) ++count[static_cast<int>(p.y)];
  REQUIRE(count[0] == 2);
  REQUIRE(count[1] == 3);
  REQUIRE(count[2] == 3);
}

TEST_CASE("circle: class 1 inside radius 2.5, class 0 in the ring 3.5..5 at noise 0", "[data]") {
  const Dataset d = nn::find_generator("circle")->generate(500, 0.0, 3, 0);
  for (const auto& p : d.points) {
    const double r = std::hypot(p.x1, p.x2);
    if (p.y == 1.0) REQUIRE(r < 2.5);
    else {
      REQUIRE(r >= 3.5 - 1e-12);
      REQUIRE(r <= 5.0 + 1e-12);
    }
  }
  // With noise the labels are taken at a jittered point: some disagree with the clean radius.
  const Dataset noisy = nn::find_generator("circle")->generate(500, 0.5, 3, 0);
  int flipped = 0;
  for (const auto& p : noisy.points) flipped += (std::hypot(p.x1, p.x2) < 2.5) != (p.y == 1.0);
  REQUIRE(flipped > 0);
}

TEST_CASE("xor: label is the sign of x1*x2 at noise 0, padded off the axes", "[data]") {
  const Dataset d = nn::find_generator("xor")->generate(500, 0.0, 5, 0);
  for (const auto& p : d.points) {
    REQUIRE(p.y == (p.x1 * p.x2 >= 0 ? 1.0 : 0.0));
    REQUIRE(std::abs(p.x1) >= 0.3);
    REQUIRE(std::abs(p.x2) >= 0.3);
    REQUIRE(std::abs(p.x1) <= 5.3);
  }
}

TEST_CASE("gauss: class 1 around (2,2), class 0 around (-2,-2), spread grows with noise", "[data]") {
  const auto* g = nn::find_generator("gauss");
  auto spread = [&](double noise) {
    const Dataset d = g->generate(2000, noise, 11, 0);
    double m1x = 0, m0x = 0, var = 0;
    for (const auto& p : d.points) (p.y == 1.0 ? m1x : m0x) += p.x1 / 1000.0;
    for (const auto& p : d.points) {
      const double c = p.y == 1.0 ? 2.0 : -2.0;
      var += (p.x1 - c) * (p.x1 - c) / 2000.0;
    }
    REQUIRE(m1x == Approx(2.0).margin(0.2));
    REQUIRE(m0x == Approx(-2.0).margin(0.2));
    return var;
  };
  REQUIRE(spread(0.0) == Approx(0.5).epsilon(0.15));  // Playground: variance 0.5 .. 4
  REQUIRE(spread(0.5) == Approx(4.0).epsilon(0.15));
}

TEST_CASE("spiral: point i of an arm has radius 5 i / m at noise 0", "[data]") {
  const int n = 100, m = 50;
  const Dataset d = nn::find_generator("spiral")->generate(n, 0.0, 9, 0);
  for (int i = 0; i < m; ++i) {
    const auto& a = d.points[static_cast<size_t>(i)];
    const auto& b = d.points[static_cast<size_t>(m + i)];
    REQUIRE(std::hypot(a.x1, a.x2) == Approx(5.0 * i / m).margin(1e-12));
    REQUIRE(std::hypot(b.x1, b.x2) == Approx(5.0 * i / m).margin(1e-12));
    // The second arm is the first rotated by π.
    REQUIRE(b.x1 == Approx(-a.x1).margin(1e-12));
    REQUIRE(b.x2 == Approx(-a.x2).margin(1e-12));
    REQUIRE(a.y == 1.0);
    REQUIRE(b.y == 0.0);
  }
  const double t = 1.75 * 10.0 / m * 2 * M_PI;
  REQUIRE(d.points[10].x1 == Approx(5.0 * 10 / m * std::sin(t)));
  REQUIRE(d.points[10].x2 == Approx(5.0 * 10 / m * std::cos(t)));
}

TEST_CASE("reg-plane: label = (x1 + x2) / 10 at noise 0", "[data]") {
  const Dataset d = nn::find_generator("reg-plane")->generate(300, 0.0, 2, 0);
  for (const auto& p : d.points) {
    REQUIRE(p.y == (p.x1 + p.x2) / 10.0);
    REQUIRE(std::abs(p.x1) <= 6.0);
    REQUIRE(std::abs(p.x2) <= 6.0);
  }
  const Dataset noisy = nn::find_generator("reg-plane")->generate(300, 0.3, 2, 0);
  int off = 0;
  for (const auto& p : noisy.points) off += p.y != (p.x1 + p.x2) / 10.0;
  REQUIRE(off > 250);
}

TEST_CASE("reg-gauss: signed bumps at noise 0", "[data]") {
  const Dataset d = nn::find_generator("reg-gauss")->generate(2000, 0.0, 4, 0);
  for (const auto& p : d.points) {
    REQUIRE(p.y >= -1.0);
    REQUIRE(p.y <= 1.0);
    // Near a centre the label is that bump's value.
    if (std::hypot(p.x1 - 4, p.x2 - 2.5) < 1.0) REQUIRE(p.y == Approx(1.0 - std::hypot(p.x1 - 4, p.x2 - 2.5) / 2));
    if (std::hypot(p.x1 - 0, p.x2 - 2.5) < 1.0) REQUIRE(p.y == Approx(-(1.0 - std::hypot(p.x1, p.x2 - 2.5) / 2)));
    // Far from all centres (|x2| > 4.5) the label is 0.
    if (std::abs(p.x2) > 4.5) REQUIRE(p.y == 0.0);
  }
}

TEST_CASE("checkerboard: parity of 3x3 cells at noise 0", "[data]") {
  const Dataset d = nn::find_generator("checkerboard")->generate(500, 0.0, 6, 0);
  for (const auto& p : d.points) {
    const long k = static_cast<long>(std::floor(p.x1 / 3) + std::floor(p.x2 / 3));
    REQUIRE(p.y == (k % 2 == 0 ? 1.0 : 0.0));
  }
}

TEST_CASE("blobs: K classes from the classes argument, bad K refused", "[data]") {
  const auto* g = nn::find_generator("blobs");
  for (const int k : {2, 5, 16}) {
    const Dataset d = g->generate(400, 0.0, 1, k);
    REQUIRE(d.classes == k);
    REQUIRE(static_cast<int>(labels(d).size()) == k);
    // At noise 0 (σ = 0.3) every point is near its class centre on the radius-4 circle.
    for (const auto& p : d.points) {
      const double a = 2 * M_PI * p.y / k;
      REQUIRE(std::hypot(p.x1 - 4 * std::cos(a), p.x2 - 4 * std::sin(a)) < 2.0);
    }
  }
  REQUIRE(error_of([&] { g->generate(10, 0.0, 1, 1); }) == "blobs: classes must be 2..16, got 1");
  REQUIRE(error_of([&] { g->generate(10, 0.0, 1, 17); }) == "blobs: classes must be 2..16, got 17");
}

TEST_CASE("moons: two half circles inside [-5, 5] at noise 0", "[data]") {
  const Dataset d = nn::find_generator("moons")->generate(400, 0.0, 1, 0);
  for (const auto& p : d.points) {
    REQUIRE(std::abs(p.x1) <= 4.5 + 1e-9);
    REQUIRE(std::abs(p.x2) <= 2.25 + 1e-9);
    // Undo the scaling: the upper moon is the unit circle's top half, the lower one shifted.
    const double x = p.x1 / 3 + 0.5, y = p.x2 / 3 + 0.25;
    if (p.y == 1.0) REQUIRE(std::hypot(x, y) == Approx(1.0));
    else REQUIRE(std::hypot(x - 1, y - 0.5) == Approx(1.0));
  }
}

TEST_CASE("linear1d: y = 2x at noise 0, sine1d: y = sin x", "[data]") {
  const Dataset d = nn::find_generator("linear1d")->generate(100, 0.0, 1, 0);
  for (const auto& p : d.points) {
    REQUIRE(p.y == 2 * p.x1);
    REQUIRE(std::abs(p.x1) <= 5.0);
  }
  const Dataset s = nn::find_generator("sine1d")->generate(100, 0.0, 1, 0);
  for (const auto& p : s.points) REQUIRE(p.y == std::sin(p.x1));
  const Dataset noisy = nn::find_generator("linear1d")->generate(100, 0.5, 1, 0);
  int off = 0;
  for (const auto& p : noisy.points) off += p.y != 2 * p.x1;
  REQUIRE(off == 100);
}

// ---- Split ------------------------------------------------------------------------------

TEST_CASE("split: counts, determinism, point order kept", "[data]") {
  const Dataset base = nn::find_generator("circle")->generate(201, 0.1, 1, 0);
  Dataset a = base;
  nn::split(a, 0.5, 77);
  REQUIRE(a.train_count() == 101);  // round(100.5) = 101
  REQUIRE(a.test_count() == 100);
  for (size_t i = 0; i < a.points.size(); ++i) {
    auto p = a.points[i];
    p.test = false;
    REQUIRE(p == base.points[i]);  // only the flag changed
  }
  Dataset b = base;
  nn::split(b, 0.5, 77);
  REQUIRE(a == b);
  Dataset c = base;
  nn::split(c, 0.5, 78);
  REQUIRE_FALSE(a == c);
  // The test points are spread over the set, not a block at the end.
  int test_in_first_half = 0;
  for (size_t i = 0; i < 100; ++i) test_in_first_half += a.points[i].test;
  REQUIRE(test_in_first_half > 20);
  REQUIRE(test_in_first_half < 80);

  for (const double r : {0.0, 0.1, 0.8, 1.0}) {
    Dataset d = base;
    nn::split(d, r, 1);
    REQUIRE(d.train_count() == static_cast<int>(std::lround(201 * r)));
    REQUIRE(d.train_count() + d.test_count() == 201);
  }
  Dataset empty;
  nn::split(empty, 0.5, 1);
  REQUIRE(empty.points.empty());
  // Re-splitting overwrites earlier flags.
  Dataset d = base;
  nn::split(d, 0.0, 1);
  nn::split(d, 1.0, 1);
  REQUIRE(d.test_count() == 0);
}

// ---- CSV --------------------------------------------------------------------------------

TEST_CASE("csv: round trip is bit-identical (2-D binary, multi-class, regression, 1-D)", "[data][csv]") {
  for (const char* name : {"circle", "spiral3", "reg-gauss", "linear1d", "sine1d"}) {
    INFO(name);
    Dataset d = nn::find_generator(name)->generate(300, 0.3, 12, 3);
    nn::split(d, 0.7, 3);
    const std::string text = nn::to_csv(d);
    const auto back = nn::parse_csv(text, "mem.csv");
    REQUIRE(back.has_split);
    REQUIRE(back.data == d);
    for (size_t i = 0; i < d.points.size(); ++i) {
      REQUIRE(std::memcmp(&back.data.points[i].x1, &d.points[i].x1, sizeof(double)) == 0);
      REQUIRE(std::memcmp(&back.data.points[i].x2, &d.points[i].x2, sizeof(double)) == 0);
      REQUIRE(std::memcmp(&back.data.points[i].y, &d.points[i].y, sizeof(double)) == 0);
    }
    REQUIRE(nn::to_csv(back.data) == text);
  }
}

TEST_CASE("csv: to_csv format", "[data][csv]") {
  Dataset d;
  d.points = {{0.1, -2, 1, false}, {3, 0, 0, true}};
  REQUIRE(nn::to_csv(d) == "x1,x2,y,split\n0.10000000000000001,-2,1,train\n3,0,0,test\n");
  Dataset r;
  r.task = Task::regression;
  r.classes = 0;
  r.dims = 1;
  r.points = {{1.5, 0, -0.25, true}};
  REQUIRE(nn::to_csv(r) == "x1,y,split\n1.5,-0.25,test\n");
}

TEST_CASE("csv: write_csv then read_csv", "[data][csv]") {
  Dataset d = nn::find_generator("spiral")->generate(50, 0.2, 1, 0);
  nn::split(d, 0.5, 2);
  const auto path = (std::filesystem::temp_directory_path() / "descent_test_data_roundtrip.csv").string();
  nn::write_csv(path, d);
  const auto back = nn::read_csv(path);
  std::remove(path.c_str());
  REQUIRE(back.data == d);
  REQUIRE(error_of([] { nn::write_csv("/nonexistent-dir/x.csv", Dataset{}); }) ==
          "/nonexistent-dir/x.csv: cannot write: No such file or directory");
}

TEST_CASE("csv: tolerant header and rows (BOM, spaces, CRLF, trailing blank lines)", "[data][csv]") {
  const auto c = nn::read_csv(fixture("good_2d.csv"));
  REQUIRE(c.has_split);
  REQUIRE(c.data.task == Task::classification);
  REQUIRE(c.data.classes == 2);
  REQUIRE(c.data.dims == 2);
  REQUIRE(c.data.points == std::vector<nn::Point>{{1.5, -2, 1, false}, {0, 0, 0, true}, {-3.25, 0.4, 1, false}});
}

TEST_CASE("csv: label inference", "[data][csv]") {
  SECTION("-1/+1 → classes 0/1, file order kept") {
    const auto c = nn::read_csv(fixture("good_pm1.csv"));
    REQUIRE_FALSE(c.has_split);
    REQUIRE(c.data.task == Task::classification);
    REQUIRE(c.data.classes == 2);
    REQUIRE(c.data.points ==
            std::vector<nn::Point>{{1, 1, 1, false}, {-1, -1, 0, false}, {2, -2, 0, false}, {-2, 2, 1, false}});
  }
  SECTION("0/1 kept") {
    const auto c = nn::read_csv(fixture("good_01.csv"));
    REQUIRE(c.data.task == Task::classification);
    REQUIRE(c.data.classes == 2);
    REQUIRE(labels(c.data) == std::set<double>{0, 1});
    REQUIRE(c.data.points[0].y == 1);
  }
  SECTION("0..K-1 → multi-class") {
    const auto c = nn::read_csv(fixture("good_multiclass.csv"));
    REQUIRE(c.data.task == Task::classification);
    REQUIRE(c.data.classes == 3);
    REQUIRE(c.data.points[0].y == 2);
  }
  SECTION("1-D regression") {
    const auto c = nn::read_csv(fixture("good_1d.csv"));
    REQUIRE(c.data.task == Task::regression);
    REQUIRE(c.data.classes == 0);
    REQUIRE(c.data.dims == 1);
    REQUIRE(c.data.points == std::vector<nn::Point>{{-1, 0, 0.5, false}, {0, 0, -2, false}, {1, 0, 3.25, false}});
  }
  SECTION("non-integer, negative or ≥ 16 labels → regression") {
    REQUIRE(nn::parse_csv("x1,x2,y\n0,0,0\n1,1,0.5\n", "m").data.task == Task::regression);
    REQUIRE(nn::parse_csv("x1,x2,y\n0,0,0\n1,1,-1\n2,2,1\n", "m").data.task == Task::regression);
    REQUIRE(nn::parse_csv("x1,x2,y\n0,0,0\n1,1,16\n", "m").data.task == Task::regression);
    REQUIRE(nn::parse_csv("x1,x2,y\n0,0,0\n1,1,15\n", "m").data.classes == 16);
  }
  SECTION("hints") {
    const auto r = nn::parse_csv("x1,x2,y\n0,0,0\n1,1,1\n", "m", "regression");
    REQUIRE(r.data.task == Task::regression);
    REQUIRE(r.data.classes == 0);
    const auto k = nn::parse_csv("x1,x2,y\n0,0,-1\n1,1,1\n", "m", "classification");
    REQUIRE(k.data.task == Task::classification);
    REQUIRE(labels(k.data) == std::set<double>{0, 1});
    const auto one = nn::parse_csv("x1,y\n0,0\n", "m", "classification");
    REQUIRE(one.data.classes == 2);
    REQUIRE(error_of([] { nn::parse_csv("x1,y\n0,0\n", "m", "clustering"); }) ==
            "m: unknown task \"clustering\" (expected auto, classification or regression)");
  }
  SECTION("number forms") {
    const auto c = nn::parse_csv("x1,x2,y\n+1.5,-.5,1e-3\n5.,1E2,-0\n", "m");
    REQUIRE(c.data.points == std::vector<nn::Point>{{1.5, -0.5, 1e-3, false}, {5, 100, 0, false}});
  }
}

TEST_CASE("csv: missing file", "[data][csv]") {
  const std::string path = fixture("does_not_exist.csv");
  REQUIRE(error_of([&] { nn::read_csv(path); }) == path + ": cannot open: No such file or directory");
}

TEST_CASE("csv: malformed files give file:line: reason", "[data][csv]") {
  struct Case {
    const char* file;
    const char* hint;
    const char* where_what;  // after the path
  };
  const Case cases[] = {
      {"bad_header.csv", "auto", ":1: header must be x1,x2,y[,split] or x1,y[,split]; this first line is not one"},
      {"bad_header_extra.csv", "auto", ":1: header must be x1,x2,y[,split] or x1,y[,split]; this first line is not one"},
      {"bad_data_before_header.csv", "auto", ":1: header must be x1,x2,y[,split] or x1,y[,split]; this first line is not one"},
      {"bad_field_count.csv", "auto", ":3: expected 3 fields (x1,x2,y), got 2"},
      {"bad_field_count_split.csv", "auto", ":4: expected 4 fields (x1,x2,y,split), got 3"},
      {"bad_field_count_1d.csv", "auto", ":5: expected 2 fields (x1,y), got 3"},
      {"bad_not_number.csv", "auto", ":4: x2: not a number: \"abc\""},
      {"bad_empty_field.csv", "auto", ":2: x2: not a number: \"\""},
      {"bad_trailing_garbage.csv", "auto", ":2: x1: not a number: \"1.5x\""},
      {"bad_crlf_number.csv", "auto", ":4: y: not a number: \"1.5.2\""},
      {"bad_split_value.csv", "auto", ":3: split must be train or test, got \"val\""},
      {"bad_split_case.csv", "auto", ":3: split must be train or test, got \"Train\""},
      {"bad_inf.csv", "auto", ":3: x1: not a finite number: \"inf\""},
      {"bad_nan.csv", "auto", ":2: y: not a finite number: \"nan\""},
      {"bad_overflow.csv", "auto", ":2: x1: number out of range: \"1e999\""},
      {"bad_no_rows.csv", "auto", ": no data rows"},
      {"bad_empty.csv", "auto", ": empty file"},
      {"bad_class_fraction.csv", "classification", ":4: y: class label must be an integer 0..15 (or -1/+1), got \"2.5\""},
      {"bad_class_negative.csv", "classification", ":3: y: class label must be an integer 0..15 (or -1/+1), got \"-1\""},
      {"bad_class_too_many.csv", "classification", ":3: y: class label must be an integer 0..15 (or -1/+1), got \"16\""},
  };
  for (const auto& c : cases) {
    const std::string path = fixture(c.file);
    INFO(c.file);
    REQUIRE(std::filesystem::exists(path));
    REQUIRE(error_of([&] { nn::read_csv(path, c.hint); }) == path + c.where_what);
  }
  // The same files through parse_csv use the given name.
  REQUIRE_THROWS_WITH(nn::parse_csv("x1,x2,y\n1,2,0\n3,4\n", "points.csv"),
                      "points.csv:3: expected 3 fields (x1,x2,y), got 2");
  // The label-less fixtures are fine without the classification hint.
  REQUIRE(nn::read_csv(fixture("bad_class_fraction.csv")).data.task == Task::regression);
}

TEST_CASE("csv: hostile input never crashes", "[data][csv]") {
  const char* inputs[] = {"", "\n", ",", ",,,", "x1,x2,y\n,,", "x1,x2,y\n\r\n\r", "x1,x2,y,split\n1,2,3,",
                          "x1,y\n1\n", "x1,y\n1,2,3,4,5,6,7\n", "\xEF\xBB\xBF", "x1,x2,y\n0x10,1,1\n",
                          "x1,x2,y\n1,2,+-1\n", "x1,x2,y\n1,2,+\n"};
  for (const char* s : inputs) {
    try {
      nn::parse_csv(s, "m");
    } catch (const nn::Error&) {
    }
  }
  try {
    nn::parse_csv("x1,x2,y\n" + std::string(1000, ','), "m");
  } catch (const nn::Error&) {
  }
  std::string bin;
  nn::Rng rng(1);
  for (int i = 0; i < 2000; ++i) bin += static_cast<char>(rng.below(256));
  try {
    nn::parse_csv("x1,x2,y\n" + bin, "m");
  } catch (const nn::Error&) {
  }
  SUCCEED();
}
