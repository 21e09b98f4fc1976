// app/gui/strings.h — the UI's words for the classroom views (lesson card, questions,
// presentation mode, animation export), looked up by key. One table per language in
// strings.cpp: a translation adds a table, and no panel holds a literal of its own.
#pragma once

#include <string_view>

namespace descent::gui {

// The text for `key` in the current language ("lesson.next" → "Next"); the key itself when
// no table has it, so a missing string shows up on screen instead of an empty button.
const char* tr(std::string_view key);

// Every key of the English table, in order (for tests: each language must have them all).
int string_count();
std::string_view string_key(int i);

}  // namespace descent::gui
