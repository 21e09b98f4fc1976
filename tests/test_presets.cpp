// Presets: every assets/presets/*.json loads, has a title and a teaching note that ends with
// its bar, and reaches that bar when trained exactly as the file says (the table kBars below:
// preset → check). A preset without an entry here fails the coverage test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "nn/session.h"

using namespace nn;
namespace fs = std::filesystem;

namespace {

const fs::path kPresetDir = fs::path(DESCENT_SOURCE_DIR) / "assets" / "presets";

Experiment load_preset(const std::string& slug) {
  return load_experiment((kPresetDir / (slug + ".json")).string());
}

// One training run to the experiment's epochs (or until it stops by itself).
struct Run {
  explicit Run(const Experiment& e) : s(e) {
    while (!s.stopped() && s.epoch() < e.training.epochs) s.run_epoch();
  }
  explicit Run(const std::string& slug) : Run(load_preset(slug)) {}

  const EpochRow& first() const { return s.history().rows().front(); }
  const EpochRow& last() const { return s.history().last(); }
  double min_test_loss() const {
    double m = INFINITY;
    for (const auto& r : s.history().rows()) m = std::min(m, r.test_loss);
    return m;
  }
  // Hidden units whose output is exactly 0 on every training point (dead ReLUs), and all.
  std::pair<int, int> dead_units() const {
    Net net = s.network();
    net.forward(s.train_inputs());
    int dead = 0, total = 0;
    for (int l = 0; l + 1 < net.layers(); ++l) {
      const auto A = net.activations(l);
      for (Eigen::Index i = 0; i < A.rows(); ++i) {
        ++total;
        if (A.row(i).cwiseAbs().maxCoeff() == 0.0f) ++dead;
      }
    }
    return {dead, total};
  }

  Session s;
};

// The preset's experiment with one change, for the comparisons the notes make.
Experiment variant(const std::string& slug, const std::function<void(Experiment&)>& change) {
  Experiment e = load_preset(slug);
  change(e);
  return e;
}

struct PresetBar {
  const char* slug;
  std::function<void(Run&)> check;  // asserts the bar stated in the preset's note
};

const std::vector<PresetBar>& bars() {
  static const std::vector<PresetBar> table{
      {"playground-default",
       [](Run& r) {
         // Bar: test accuracy >= 95% within 500 epochs.
         CHECK(r.s.epoch() == 500);
         CHECK(r.last().test_metric >= 0.95);
       }},
      {"xor-without-cross",
       [](Run& r) {
         // Bar: test accuracy is still below 92% after 100 epochs.
         CHECK(r.s.epoch() == 100);
         CHECK(r.last().test_metric < 0.92);
       }},
      {"xor-with-cross",
       [](Run& r) {
         // Bar: test accuracy >= 98% within 20 epochs (no hidden layer).
         CHECK(r.s.network().layers() == 1);
         CHECK(r.s.epoch() == 20);
         CHECK(r.last().test_metric >= 0.98);
       }},
      {"spiral-deep-adam",
       [](Run& r) {
         // Bar: test accuracy >= 95% within 200 epochs.
         CHECK(r.s.epoch() == 200);
         CHECK(r.last().test_metric >= 0.95);
       }},
      {"lr-too-high",
       [](Run& r) {
         // Bar: the run is reported as diverged (non-finite loss or weights) within 5 epochs.
         REQUIRE(r.s.state() == RunState::diverged);
         REQUIRE(r.s.divergence().has_value());
         CHECK(r.s.divergence()->epoch <= 5);
         CHECK_FALSE(std::isfinite(r.last().train_loss));
         // Divided by 100, as the advice says, the same network trains: the loss falls.
         const DivergenceAdvice advice = divergence_advice(r.s.divergence()->lr, r.s.divergence()->lr);
         CHECK(advice.kind == DivergenceAdvice::Kind::rate_too_high);
         CHECK(advice.suggested == Approx(0.03));
         Run fixed(variant("lr-too-high", [](Experiment& e) {
           e.training.optimizer.lr /= 100.0;
           e.training.epochs = 20;
         }));
         CHECK(fixed.s.state() == RunState::finished);
         CHECK(fixed.last().train_loss < 0.05 * fixed.first().train_loss);
       }},
      {"lr-too-low",
       [](Run& r) {
         // Bar: train loss still above 0.45 after 200 epochs (at lr 0.03 it falls below 0.05).
         CHECK(r.s.epoch() == 200);
         CHECK(r.last().train_loss > 0.45);
         Run normal(variant("lr-too-low", [](Experiment& e) { e.training.optimizer.lr = 0.03; }));
         CHECK(normal.last().train_loss < 0.05);
       }},
      {"dying-relu",
       [](Run& r) {
         // Bar: after 30 epochs at least half of the hidden units output 0 on every training
         // point and train R² is below 0.2.
         CHECK(r.s.epoch() == 30);
         const auto [dead, total] = r.dead_units();
         INFO(dead << " of " << total << " hidden units dead");
         CHECK(2 * dead >= total);
         CHECK(r.last().train_metric < 0.2);
         // At lr 0.01 the same network fits the plane.
         Run gentle(variant("dying-relu", [](Experiment& e) { e.training.optimizer.lr = 0.01; }));
         CHECK(gentle.last().train_metric > 0.9);
       }},
      {"vanishing-gradients",
       [](Run& r) {
         // Bar: after 100 epochs the train loss is less than 5% below its starting value and
         // train accuracy is at most 60%.
         CHECK(r.s.epoch() == 100);
         const double start = r.first().train_loss;
         CHECK(r.last().train_loss > 0.95 * start);
         CHECK(r.last().train_metric <= 0.60);
         // The same depth with ReLU learns.
         Run relu(variant("vanishing-gradients", [](Experiment& e) {
           e.network.activations.assign(e.network.hidden.size(), Act::relu);
           e.network.init = Init::he_uniform;
           e.training.epochs = 30;
         }));
         CHECK(relu.last().train_metric >= 0.9);
       }},
      {"overfitting",
       [](Run& r) {
         // Bar: after 300 epochs train accuracy beats test accuracy by at least 15 points and
         // the test loss ends at least 20% above its minimum.
         CHECK(r.s.epoch() == 300);
         CHECK(r.last().train_metric - r.last().test_metric >= 0.15);
         CHECK(r.last().test_loss >= 1.2 * r.min_test_loss());
       }},
      {"overfitting-l2",
       [](Run& r) {
         // Bar: after 300 epochs the train-test accuracy gap is under 10 points and the test
         // loss is at least 20% lower than without L2.
         CHECK(r.s.epoch() == 300);
         CHECK(r.last().train_metric - r.last().test_metric < 0.10);
         Run plain(variant("overfitting-l2", [](Experiment& e) { e.training.l2 = 0.0; }));
         CHECK(r.last().test_loss <= 0.8 * plain.last().test_loss);
         // The L2 preset is the overfitting preset plus the penalty, nothing else.
         Experiment a = load_preset("overfitting"), b = load_preset("overfitting-l2");
         b.training.l2 = 0.0;
         a.title = b.title;
         a.notes = b.notes;
         a.translations = b.translations;  // (its own title and notes in Chinese)
         a.base_dir = b.base_dir;
         CHECK(a == b);
       }},
      {"spiral3-softmax",
       [](Run& r) {
         // Bar: test accuracy >= 90% within 300 epochs.
         CHECK(r.s.data().classes == 3);
         CHECK(r.s.epoch() == 300);
         CHECK(r.last().test_metric >= 0.90);
       }},
      {"linear1d-regression",
       [](Run& r) {
         // Bar: test R² >= 0.9 within 50 epochs, with the learned weight within 0.1 of 2.
         REQUIRE(r.s.network().layers() == 1);
         CHECK(r.s.epoch() == 50);
         CHECK(r.last().test_metric >= 0.9);
         CHECK(r.s.network().W(0)(0, 0) == Approx(2.0).margin(0.1));
       }},
  };
  return table;
}

void check_bar(const std::string& slug) {
  const auto& t = bars();
  const auto it = std::find_if(t.begin(), t.end(), [&](const PresetBar& b) { return slug == b.slug; });
  REQUIRE(it != t.end());
  Run r(slug);
  const auto& last = r.last();
  INFO(slug << ": epoch " << r.s.epoch() << ", train loss " << last.train_loss << ", test loss "
            << last.test_loss << ", train metric " << last.train_metric << ", test metric "
            << last.test_metric);
  it->check(r);
}

std::vector<fs::path> preset_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kPresetDir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Slugs that have a PRESET_TEST (registered before main runs).
std::vector<std::string>& tested_slugs() {
  static std::vector<std::string> v;
  return v;
}
struct Tested {
  explicit Tested(const char* slug) { tested_slugs().push_back(slug); }
};

}  // namespace

// One test case per preset; PRESET_TEST also records the slug so the coverage test below can
// tell a preset without a test case.
#define PRESET_TEST(slug)                                              \
  static const Tested INTERNAL_CATCH_UNIQUE_NAME(tested_preset_){slug}; \
  TEST_CASE("preset: " slug) { check_bar(slug); }

PRESET_TEST("playground-default")
PRESET_TEST("xor-without-cross")
PRESET_TEST("xor-with-cross")
PRESET_TEST("spiral-deep-adam")
PRESET_TEST("lr-too-high")
PRESET_TEST("lr-too-low")
PRESET_TEST("dying-relu")
PRESET_TEST("vanishing-gradients")
PRESET_TEST("overfitting")
PRESET_TEST("overfitting-l2")
PRESET_TEST("spiral3-softmax")
PRESET_TEST("linear1d-regression")

TEST_CASE("presets: every preset file has a bar in the table and a test case and vice versa") {
  const auto files = preset_files();
  REQUIRE(files.size() >= 11);
  const auto& slugs = tested_slugs();
  for (const auto& f : files) {
    const std::string slug = f.stem().string();
    INFO(f.string());
    CHECK(std::regex_match(slug, std::regex("[a-z0-9]+(-[a-z0-9]+)*")));  // kebab-case slug
    CHECK(std::any_of(bars().begin(), bars().end(), [&](const PresetBar& b) { return slug == b.slug; }));
    CHECK(std::count(slugs.begin(), slugs.end(), slug) == 1);  // a PRESET_TEST of its own
  }
  for (const auto& b : bars()) {
    INFO(b.slug);
    CHECK(fs::exists(kPresetDir / (std::string(b.slug) + ".json")));
  }
}

TEST_CASE("presets: each has a title and a short teaching note that ends with its bar") {
  for (const auto& f : preset_files()) {
    INFO(f.string());
    const Experiment e = load_experiment(f.string());
    CHECK_FALSE(e.title.empty());
    const auto bar = e.notes.find("Bar: ");
    REQUIRE(bar != std::string::npos);
    CHECK(e.notes.find("Bar:", bar + 1) == std::string::npos);  // one bar
    CHECK(e.notes.back() == '.');
    // The bar is the last sentence; before it, a teaching text of 1..4 sentences.
    CHECK(e.notes.find(". ", bar) == std::string::npos);
    const std::string teaching = e.notes.substr(0, bar);
    REQUIRE(teaching.size() > 20);
    long sentences = 0;
    for (size_t p = teaching.find(". "); p != std::string::npos; p = teaching.find(". ", p + 1)) ++sentences;
    CHECK(sentences >= 1);
    CHECK(sentences <= 4);
    CHECK(e.seed != 0);
    CHECK(e.training.epochs > 0);
  }
}

TEST_CASE("presets: the same preset trained twice gives bit-identical histories") {
  // Shuffled batches, Adam and an L2 penalty: every source of state in one run.
  Experiment e = load_preset("overfitting-l2");
  e.training.epochs = 100;  // a third of the preset: enough to diverge if anything were not determined
  Run a(e), b(e);
  const auto &x = a.s.history().rows(), &y = b.s.history().rows();
  REQUIRE(x.size() == static_cast<size_t>(e.training.epochs) + 1);
  REQUIRE(x.size() == y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    INFO("row " << i);
    REQUIRE(x[i].epoch == y[i].epoch);
    REQUIRE(same_bits(x[i].train_loss, y[i].train_loss));
    REQUIRE(same_bits(x[i].test_loss, y[i].test_loss));
    REQUIRE(same_bits(x[i].penalty, y[i].penalty));
    REQUIRE(same_bits(x[i].train_metric, y[i].train_metric));
    REQUIRE(same_bits(x[i].test_metric, y[i].test_metric));
    REQUIRE(same_bits(x[i].lr, y[i].lr));
  }
  CHECK(a.s.network().params() == b.s.network().params());
}
