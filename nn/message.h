// nn/message.h — bounded messages: every error Descent shows is one line of bounded length.
//
// Messages quote user input (a key, a field, a path). A 10 MB key or a binary file's bytes must
// not become a 10 MB status bar line or a terminal full of control codes, so quoted values are
// abbreviated (`abbreviate`) and every nn::Error is passed through `one_line` once, in its
// constructor (nn/common.h).
#pragma once

#include <string>
#include <string_view>

#include "nn/limits.h"

namespace nn {

namespace detail {
// Start of the UTF-8 character holding byte `i` (continuation bytes are 10xxxxxx).
inline size_t utf8_start(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}
// Control characters (newlines, escapes) become spaces: a message stays one line and cannot
// drive the terminal.
inline std::string printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}
}  // namespace detail

// `s` on one line, cut to at most `max` bytes (plus "…") at a character boundary.
inline std::string abbreviate(std::string_view s, size_t max = limits::kQuotedBytes) {
  if (s.size() <= max) return detail::printable(s);
  return detail::printable(s.substr(0, detail::utf8_start(s, max))) + "…";
}

// A whole message on one line of at most about `max` bytes. Too long: the head (which names the
// file and the place) and the tail (which says what is wrong) are kept, "…" stands for the middle.
inline std::string one_line(std::string_view s, size_t max = limits::kMessageBytes) {
  if (s.size() <= max) return detail::printable(s);
  const size_t head = detail::utf8_start(s, max * 2 / 3);
  const size_t tail = detail::utf8_start(s, s.size() - (max - max * 2 / 3));
  return detail::printable(s.substr(0, head)) + " … " + detail::printable(s.substr(tail));
}

}  // namespace nn
