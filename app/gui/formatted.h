// app/gui/formatted.h — printf into a std::string: a table's format ("Opened %s", strings.h)
// filled in, whatever its length in either language.
#pragma once

#include <cstdio>
#include <string>

namespace descent::gui {

template <typename... Args>
std::string formatted(const char* fmt, Args... args) {
  const int n = std::snprintf(nullptr, 0, fmt, args...);
  if (n < 0) return fmt;  // a malformed format shows itself rather than nothing
  std::string s(size_t(n) + 1, '\0');
  std::snprintf(s.data(), s.size(), fmt, args...);
  s.resize(size_t(n));
  return s;
}

}  // namespace descent::gui
