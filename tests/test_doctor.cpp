// The doctor (nn/doctor.h): every problem preset gets its diagnosis, healthy runs get none —
// neither at the end nor in their first epochs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "nn/doctor.h"
#include "nn/session.h"

using nn::Problem;

namespace {

nn::Experiment preset(const std::string& slug) {
  return nn::load_experiment(std::string(DESCENT_SOURCE_DIR) + "/assets/presets/" + slug + ".json");
}

std::vector<Problem> diagnosis(nn::Session& s) {
  const nn::Evidence ev{&s.history(), &s.layer_stats().history(), &s.network().arch(), s.divergence().has_value(),
                        s.lr()};
  std::vector<Problem> ids;
  for (const auto& f : nn::diagnose(ev)) ids.push_back(f.id);
  return ids;
}

std::string names(const std::vector<Problem>& ids) {
  std::string s;
  for (Problem p : ids) s += std::string(nn::name(p)) + " ";
  return s.empty() ? "healthy" : s;
}

// The preset's own run, with a row of statistics every epoch (as --diagnose takes them).
std::vector<Problem> diagnose_preset(const std::string& slug) {
  nn::Session s(preset(slug));
  s.set_layer_stats_every(1);
  s.reset();
  while (!s.stopped()) s.run_epoch();
  return diagnosis(s);
}

// Train loss flat at 0.5 for 40 epochs, the test loss at 0.5, no layer statistics.
nn::History flat_history() {
  nn::History h;
  for (long e = 0; e <= 40; ++e) {
    nn::EpochRow r;
    r.epoch = e;
    r.train_loss = 0.5 - 0.0001 * double(e);
    r.test_loss = 0.5;
    h.push(r);
  }
  return h;
}

}  // namespace

TEST_CASE("doctor: each problem preset gets exactly its diagnosis, playground-default none") {
  const std::pair<const char*, std::vector<Problem>> cases[] = {
      {"vanishing-gradients", {Problem::vanishing_gradients}},
      {"dying-relu", {Problem::dead_units}},
      {"lr-too-high", {Problem::lr_too_high}},
      {"lr-too-low", {Problem::lr_too_low}},
      {"overfitting", {Problem::overfitting}},
      {"playground-default", {}},
  };
  for (const auto& [slug, expected] : cases) {
    INFO(slug);
    const auto got = diagnose_preset(slug);
    CHECK(names(got) == names(expected));
  }
}

TEST_CASE("doctor: no false alarm in the first ten epochs of a healthy run") {
  for (const char* slug : {"playground-default", "spiral-deep-adam", "xor-with-cross", "spiral3-softmax"}) {
    nn::Session s(preset(slug));
    s.set_layer_stats_every(1);
    s.reset();
    for (int epoch = 1; epoch <= 10; ++epoch) {
      s.run_epoch();
      INFO(slug << " epoch " << epoch);
      CHECK(names(diagnosis(s)) == "healthy");
    }
  }
}

TEST_CASE("doctor: a finding names its id and says what the numbers show and what to try") {
  nn::Session s(preset("vanishing-gradients"));
  s.set_layer_stats_every(1);
  s.reset();
  for (int i = 0; i < 3; ++i) s.run_epoch();
  const nn::Evidence ev{&s.history(), &s.layer_stats().history(), &s.network().arch(), false, s.lr()};
  const auto found = nn::diagnose(ev);
  REQUIRE(found.size() == 1);
  CHECK(std::string(nn::name(found[0].id)) == "vanishing_gradients");
  CHECK(found[0].explanation.find("of the output layer's") != std::string::npos);
  CHECK(found[0].explanation.find("try relu") != std::string::npos);
}

TEST_CASE("doctor: a flat, high loss is underfitting unless a cause explains it, and the thresholds decide") {
  // A history whose train loss sits at its start for 40 epochs, with no layer statistics.
  const nn::History h = flat_history();
  nn::Evidence ev;
  ev.history = &h;
  auto found = nn::diagnose(ev);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == Problem::underfitting);
  nn::Thresholds strict = nn::kThresholds;
  strict.min_epochs = 50;  // not enough epochs yet to call a trend
  CHECK(nn::diagnose(ev, strict).empty());
  ev.diverged = true;  // a divergence explains it better
  found = nn::diagnose(ev);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == Problem::lr_too_high);
}

// A front end that speaks another language rebuilds the explanation from these (the app's
// doctor strip: tests/test_doctor_words.cpp).
TEST_CASE("doctor: a finding carries its wording and the numbers its explanation quotes") {
  const nn::History h = flat_history();
  nn::Evidence ev;
  ev.history = &h;
  auto found = nn::diagnose(ev);
  REQUIRE(found.size() == 1);
  CHECK(found[0].form == 0);
  // The drop over the last half (a whole percent), the loss then and now, the share of the start.
  REQUIRE(found[0].numbers.size() == 4);
  CHECK(found[0].numbers[0] == 0.0);
  CHECK(found[0].numbers[1] == Approx(0.4978));
  CHECK(found[0].numbers[2] == Approx(0.4962));
  CHECK(found[0].numbers[3] == 99.0);
  CHECK(found[0].explanation ==
        "the train loss fell only 0 % over the last half of the run (0.5 to 0.5) and is still 99 % of where it "
        "started; try a bigger network, more features (x1_sq, x1_x2, sin), or more epochs.");
  ev.diverged = true;
  ev.lr = 3.0;
  found = nn::diagnose(ev);
  REQUIRE(found.size() == 1);
  CHECK(found[0].form == 1);
  CHECK(found[0].numbers == std::vector<double>{3.0});
  CHECK(found[0].explanation ==
        "the loss blew up (training diverged) at a learning rate of 3; divide the learning rate by 10 (or use adam).");
}

TEST_CASE("doctor: an explanation is its rule's reason format filled with the numbers, then the advice") {
  const nn::History h = flat_history();
  nn::Evidence ev;
  ev.history = &h;
  for (bool diverged : {false, true}) {
    ev.diverged = diverged;
    for (const nn::Finding& f : nn::diagnose(ev)) {
      INFO(nn::name(f.id) << " form " << f.form);
      double v[4] = {nn::kNone, nn::kNone, nn::kNone, nn::kNone};
      for (size_t i = 0; i < f.numbers.size() && i < 4; ++i) v[i] = f.numbers[i];
      char b[512];
      std::snprintf(b, sizeof b, nn::reason_format(f.id, f.form), v[0], v[1], v[2], v[3]);
      CHECK(std::string(b) + "; " + nn::advice(f.id) + "." == f.explanation);
    }
  }
}
