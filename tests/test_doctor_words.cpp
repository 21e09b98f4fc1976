// The doctor's findings in the UI's languages: the app rebuilds each explanation from the
// finding's numbers and a format of the strings tables (app/gui/panels/doctor_strip.cpp), so
// the English table must say exactly what the engine says (the CLI's --diagnose), rule for
// rule, and the Chinese must quote the same numbers.
#include <catch2/catch.hpp>

#ifdef DESCENT_TEST_HAS_GUI
#include <cstdio>
#include <string>
#include <vector>

#include "app/gui/strings.h"
#include "nn/doctor.h"

using descent::gui::Language;
using nn::Problem;

namespace {

// Each rule's wordings and their keys in the strings tables (as doctor_strip.cpp has them).
struct Wording {
  Problem id;
  int form;
  const char* key;
};
constexpr Wording kWordings[] = {
    {Problem::vanishing_gradients, 0, "doctor.vanishing_gradients"},
    {Problem::exploding_gradients, 0, "doctor.exploding_gradients"},
    {Problem::dead_units, 0, "doctor.dead_units"},
    {Problem::saturated_units, 0, "doctor.saturated_units"},
    {Problem::lr_too_high, 0, "doctor.lr_too_high"},
    {Problem::lr_too_high, 1, "doctor.lr_too_high_diverged"},
    {Problem::lr_too_low, 0, "doctor.lr_too_low"},
    {Problem::overfitting, 0, "doctor.overfitting"},
    {Problem::underfitting, 0, "doctor.underfitting"},
};

// The key's text in `l`, filled with the numbers as the doctor strip does.
std::string said(Language l, const char* key, const std::vector<double>& n) {
  descent::gui::set_language(l);
  double v[4] = {nn::kNone, nn::kNone, nn::kNone, nn::kNone};
  for (size_t i = 0; i < n.size() && i < 4; ++i) v[i] = n[i];
  char b[1024];
  std::snprintf(b, sizeof b, descent::gui::tr(key), v[0], v[1], v[2], v[3]);
  descent::gui::set_language(Language::English);
  return b;
}

}  // namespace

TEST_CASE("doctor words: the UI's English for each rule is the CLI's, and the Chinese is its own") {
  for (const Wording& w : kWordings) {
    INFO(w.key);
    const std::string cli = std::string(nn::reason_format(w.id, w.form)) + "; " + nn::advice(w.id) + ".";
    descent::gui::set_language(Language::English);
    CHECK(descent::gui::tr(w.key) == cli);
    descent::gui::set_language(Language::Chinese);
    const std::string zh = descent::gui::tr(w.key);
    descent::gui::set_language(Language::English);
    CHECK(zh != cli);
    CHECK(zh.find("try ") == std::string::npos);  // the advice is translated too
  }
}

TEST_CASE("doctor words: a finding said in Chinese quotes the numbers the English quotes") {
  // The flat run of test_doctor.cpp: a 0 % drop from 0.4978 to 0.4962, 99 % of the start.
  const std::vector<double> n{0.0, 0.4978, 0.4962, 99.0};
  CHECK(said(Language::English, "doctor.underfitting", n) ==
        "the train loss fell only 0 % over the last half of the run (0.5 to 0.5) and is still 99 % of where it "
        "started; try a bigger network, more features (x1_sq, x1_x2, sin), or more epochs.");
  const std::string zh = said(Language::Chinese, "doctor.underfitting", n);
  CHECK(zh.find("0 %") != std::string::npos);
  CHECK(zh.find("0.5 到 0.5") != std::string::npos);
  CHECK(zh.find("99 %") != std::string::npos);
  CHECK(said(Language::Chinese, "doctor.lr_too_high_diverged", {3.0}).find("3") != std::string::npos);
}
#endif
