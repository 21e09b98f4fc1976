// app/gui/reason_words.h — the engine's reasons (nn/reasons.h: why a run diverged and what to
// try, why the LR range test stopped, what a loss-plot marker says changed) in the UI's
// language. Each kind has a key in the string tables; the key's English is the engine's format
// word for word (the CLI's sentence) and every language quotes the same numbers in the same
// order (tests/test_reason_words.cpp). Nothing here reads an English sentence back, except a
// marker, which is kept as text (nn::read_marker).
#pragma once

#include <string>

#include "nn/reasons.h"

namespace descent::gui {

// Each kind's key in the string tables.
const char* reason_key(nn::DivergenceCause c);         // "banner.what_nan", ...
const char* reason_key(nn::DivergenceAdvice::Kind k);  // "banner.hint_too_high", ...
const char* reason_key(nn::LrStop::Kind k);            // "lrfind.stop.blew_up", ...
const char* reason_key(nn::MarkerKind k);              // "plot.marker_network", ...

// The sentence in the current language, with the numbers the engine quoted.
std::string said(nn::DivergenceCause c);
std::string said(const nn::DivergenceAdvice& a);
std::string said(const nn::LrStop& s);
// A marker's text in the current language; one the engine's words do not make (a compare
// run's branch point names a setting by its JSON path) is shown as it is.
std::string said_marker(const std::string& what);

}  // namespace descent::gui
