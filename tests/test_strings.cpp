// The UI's words (app/gui/strings.h): each language's table has unique keys and exactly the
// English table's keys; a translation keeps the printf conversions of its English text, in
// order; every key the app's sources look up (tr("...") or label("...", ...)) is in the tables.
#include <catch2/catch.hpp>

#ifdef DESCENT_TEST_HAS_GUI
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "app/gui/strings.h"

namespace fs = std::filesystem;
using descent::gui::StringEntry;

namespace {

std::map<std::string, std::string> table_map(std::span<const StringEntry> t, const char* name) {
  std::map<std::string, std::string> m;
  for (const StringEntry& e : t) {
    INFO(name << ": " << e.key);
    CHECK(m.emplace(std::string(e.key), e.text).second);  // each key once
    CHECK(e.text != nullptr);
    CHECK(!std::string(e.text).empty());
  }
  return m;
}

// The printf conversions of a format, in order ("%d/%d" → "dd"; "%%" is not one).
std::string conversions(const std::string& s) {
  static const std::regex conv(R"re(%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(hh|h|ll|l|z)?([diouxXeEfgGcsp%]))re");
  std::string out;
  for (std::sregex_iterator it(s.begin(), s.end(), conv), end; it != end; ++it)
    if ((*it)[2] != "%") out += (*it)[1].str() + (*it)[2].str() + " ";
  return out;
}

}  // namespace

TEST_CASE("UI strings: English and Chinese have the same keys, each once") {
  const auto en = table_map(descent::gui::english_table(), "en");
  const auto zh = table_map(descent::gui::chinese_table(), "zh");
  for (const auto& [k, v] : en) {
    INFO("key " << k << " is missing in the Chinese table");
    CHECK(zh.count(k) == 1);
  }
  for (const auto& [k, v] : zh) {
    INFO("key " << k << " is in the Chinese table only");
    CHECK(en.count(k) == 1);
  }
}

TEST_CASE("UI strings: a translation keeps the English text's printf conversions, in order") {
  const auto en = table_map(descent::gui::english_table(), "en");
  for (const StringEntry& e : descent::gui::chinese_table()) {
    const auto it = en.find(std::string(e.key));
    if (it == en.end()) continue;  // reported by the test above
    INFO(e.key << ": \"" << it->second << "\" vs \"" << e.text << "\"");
    CHECK(conversions(e.text) == conversions(it->second));
  }
  CHECK(conversions("step %d/%d, 100%% at %.3g: %s") == "d d g s ");
}

TEST_CASE("UI strings: every key looked up in app/gui is in the English table") {
  const auto en = table_map(descent::gui::english_table(), "en");
  const std::regex call(R"re(\b(?:tr|label)\("([a-z_0-9.]+)"[,)])re");
  int used = 0;
  for (const auto& f : fs::recursive_directory_iterator(std::string(DESCENT_SOURCE_DIR) + "/app/gui")) {
    if (f.path().extension() != ".cpp") continue;
    std::ifstream in(f.path());
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
      INFO(f.path().filename().string() << ": \"" << (*it)[1] << "\"");
      CHECK(en.count((*it)[1]) == 1);
      ++used;
    }
  }
  CHECK(used >= 20);
}

TEST_CASE("UI strings: the lookup follows the language, falls back to English, then to the key") {
  using namespace descent::gui;
  const Language before = language();
  set_language(Language::English);
  CHECK(std::string(tr("lesson.reveal")) == "Reveal");
  CHECK(std::string(tr("no.such.key")) == "no.such.key");
  CHECK(label("lesson.reveal", "reveal") == "Reveal###reveal");
  set_language(Language::Chinese);
  const std::string zh = tr("lesson.reveal");
  CHECK(zh != "Reveal");  // translated (the key-coverage test makes sure it exists)
  CHECK(std::string(tr("no.such.key")) == "no.such.key");
  set_language(before);
}

TEST_CASE("UI strings: language codes and the environment's language") {
  using namespace descent::gui;
  Language l = Language::English;
  CHECK(language_from_code("zh", &l));
  CHECK(l == Language::Chinese);
  CHECK(language_from_code("en", &l));
  CHECK(l == Language::English);
  CHECK_FALSE(language_from_code("fr", &l));
  CHECK(std::string(language_code(Language::Chinese)) == "zh");
}
#endif
