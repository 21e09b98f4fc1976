// The engine's reasons in the UI's languages (app/gui/reason_words.h): every kind of
// nn/reasons.h has a key in both string tables; its English is the engine's format word for
// word (so the app's English is the CLI's); its Chinese is its own and quotes the same numbers
// with the same printf conversions, in the same order.
#include <catch2/catch.hpp>

#ifdef DESCENT_TEST_HAS_GUI
#include <regex>
#include <string>

#include "app/gui/reason_words.h"
#include "app/gui/strings.h"

using descent::gui::Language;
using descent::gui::StringEntry;

namespace {

const char* text_in(std::span<const StringEntry> table, const std::string& key) {
  for (const StringEntry& e : table)
    if (e.key == key) return e.text;
  return nullptr;
}

// A format's printf conversions, in order (the letters only: "%.3gx at %g" → "gg").
std::string conversions(const std::string& s) {
  static const std::regex conv(R"re(%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z)?([diouxXeEfgGcsp%]))re");
  std::string out;
  for (std::sregex_iterator it(s.begin(), s.end(), conv), end; it != end; ++it)
    if ((*it)[1] != "%") out += (*it)[1].str();
  return out;
}

// One kind's key: in both tables, English as the engine's, Chinese its own with the same
// conversions.
void check_key(const char* key, const std::string& english_format) {
  INFO(key);
  REQUIRE(*key);
  const char* en = text_in(descent::gui::english_table(), key);
  const char* zh = text_in(descent::gui::chinese_table(), key);
  REQUIRE(en);
  REQUIRE(zh);
  CHECK(std::string(en) == english_format);
  CHECK(std::string(zh) != english_format);
  CHECK(conversions(zh) == conversions(en));
}

// `f()` said in language `l` (the language is English again afterwards).
template <typename F>
std::string in(Language l, F f) {
  descent::gui::set_language(l);
  const std::string s = f();
  descent::gui::set_language(Language::English);
  return s;
}

}  // namespace

TEST_CASE("reason words: each kind has its key, English as the engine's and Chinese with the same numbers") {
  using namespace descent::gui;
  for (nn::DivergenceCause c : nn::kDivergenceCauses) check_key(reason_key(c), nn::english_format(c));
  for (nn::DivergenceAdvice::Kind k : nn::kAdviceKinds) check_key(reason_key(k), nn::english_format(k));
  for (nn::LrStop::Kind k : nn::kLrStopKinds) check_key(reason_key(k), nn::english_format(k));
  for (nn::MarkerKind k : nn::kMarkerKinds) check_key(reason_key(k), nn::marker_words(k));
  CHECK(conversions("the smoothed loss exceeded %.3gx its best at lr %.3g") == "gg");
}

TEST_CASE("reason words: said in English is the CLI's sentence, in Chinese it quotes the same numbers") {
  using descent::gui::said;
  using K = nn::LrStop::Kind;
  const nn::DivergenceAdvice high = nn::divergence_advice(3, 3), lowered = nn::divergence_advice(3, 0.3);
  const nn::LrStop blew{K::blew_up, 0.0123456, 4};
  CHECK(in(Language::English, [&] { return said(high); }) == nn::english(high));
  CHECK(in(Language::English, [&] { return said(lowered); }) == nn::english(lowered));
  CHECK(in(Language::English, [&] { return said(blew); }) == nn::english(blew));
  CHECK(in(Language::English, [] { return said(nn::DivergenceCause::weights); }) ==
        nn::english(nn::DivergenceCause::weights));

  const std::string zh_high = in(Language::Chinese, [&] { return said(high); });
  CHECK(zh_high.find("too high") == std::string::npos);
  CHECK(zh_high.find('3') != std::string::npos);
  CHECK(zh_high.find("0.03") != std::string::npos);
  const std::string zh_lowered = in(Language::Chinese, [&] { return said(lowered); });
  CHECK(zh_lowered.find("0.3") < zh_lowered.find("3）"));  // now 0.3, it was 3: the English's order
  const std::string zh_blew = in(Language::Chinese, [&] { return said(blew); });
  CHECK(zh_blew.find("4 倍") != std::string::npos);
  CHECK(zh_blew.find("0.0123") != std::string::npos);
  CHECK(zh_blew.find("exceeded") == std::string::npos);
}

TEST_CASE("reason words: markers in Chinese keep their names and numbers, a setting's path stays as it is") {
  using descent::gui::said_marker;
  CHECK(in(Language::Chinese, [] { return said_marker("lr 0.3"); }) == "学习率 0.3");
  CHECK(in(Language::Chinese, [] { return said_marker("optimizer: adam"); }) == "优化器：adam");
  CHECK(in(Language::Chinese, [] { return said_marker("bias set"); }) == "偏置已手动设置");
  CHECK(in(Language::Chinese, [] { return said_marker("training.optimizer.lr 0.3"); }) == "training.optimizer.lr 0.3");
  CHECK(in(Language::English, [] { return said_marker("weight set"); }) == "weight set");
}
#endif
