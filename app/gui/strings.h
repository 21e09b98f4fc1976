// app/gui/strings.h — the UI's words, looked up by key in the current language. One table per
// language (strings_en.cpp, strings_zh.cpp): a panel holds keys, never its own literals, and a
// translation is a table. The language is chosen at run time (the help window), remembered in
// the settings, and defaults to the environment's (LANG).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace descent::gui {

enum class Language { English, Chinese };

struct StringEntry {
  std::string_view key;
  const char* text;
};

std::span<const StringEntry> english_table();
std::span<const StringEntry> chinese_table();

// The text for `key` in the current language ("lesson.next" → "Next ▶"); the English text when
// the current table lacks it; the key itself when no table has it, so a missing string shows
// up on screen instead of an empty button.
const char* tr(std::string_view key);
// tr(key) and a fixed ImGui ID: the label changes with the language, the widget's identity
// (its open state, its place in the layout file) does not. label("recipe.title", "recipe")
// → "Recipe###recipe".
std::string label(std::string_view key, std::string_view id);

// Every text of a language's table, one after another: what the fonts must have glyphs for.
const std::string& translated_text(Language l);

void set_language(Language l);
Language language();
// Every language, in the order the help window offers them.
inline constexpr Language kLanguages[] = {Language::English, Language::Chinese};
// A language's name in itself ("English", "中文"): the switch shows it the same in every
// language, so the fonts always carry its glyphs.
const char* language_name(Language l);
// "en" / "zh": the settings file's and the state dump's word for a language.
const char* language_code(Language l);
bool language_from_code(std::string_view code, Language* out);
// The environment's language: LC_ALL, LC_MESSAGES, then LANG; "zh…" is Chinese, anything
// else English.
Language language_from_environment();

}  // namespace descent::gui
