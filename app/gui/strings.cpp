// app/gui/strings.cpp — see strings.h: the lookup, the current language, the environment's.
#include "gui/strings.h"

#include <array>
#include <cstdlib>
#include <unordered_map>

namespace descent::gui {

namespace {

using Index = std::unordered_map<std::string_view, const char*>;

Index build(std::span<const StringEntry> table) {
  Index m;
  m.reserve(table.size());
  for (const StringEntry& e : table) m.emplace(e.key, e.text);
  return m;
}

// Built on first use (tr() runs on the UI thread only).
const Index& index_of(Language l) {
  static const Index en = build(english_table());
  static const Index zh = build(chinese_table());
  return l == Language::Chinese ? zh : en;
}

Language g_language = Language::English;

}  // namespace

const char* tr(std::string_view key) {
  const Index& cur = index_of(g_language);
  if (auto it = cur.find(key); it != cur.end()) return it->second;
  const Index& en = index_of(Language::English);
  if (auto it = en.find(key); it != en.end()) return it->second;
  return key.data();  // keys are literals: NUL-terminated
}

std::string label(std::string_view key, std::string_view id) {
  std::string s = tr(key);
  s += "###";
  s += id;
  return s;
}

const std::string& translated_text(Language l) {
  static const std::string en = [] {
    std::string s;
    for (const StringEntry& e : english_table()) s += e.text;
    return s;
  }();
  static const std::string zh = [] {
    std::string s;
    for (const StringEntry& e : chinese_table()) s += e.text;
    return s;
  }();
  return l == Language::Chinese ? zh : en;
}

void set_language(Language l) { g_language = l; }
Language language() { return g_language; }

const char* language_name(Language l) { return l == Language::Chinese ? "\xe4\xb8\xad\xe6\x96\x87" : "English"; }

const char* language_code(Language l) { return l == Language::Chinese ? "zh" : "en"; }

bool language_from_code(std::string_view code, Language* out) {
  if (code == "en") *out = Language::English;
  else if (code == "zh") *out = Language::Chinese;
  else return false;
  return true;
}

Language language_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (!v || !*v) continue;
    return std::string_view(v).substr(0, 2) == "zh" ? Language::Chinese : Language::English;
  }
  return Language::English;
}

}  // namespace descent::gui
