// nn/reasons.h — the engine's reasons as data: why a run diverged and what to try, why the LR
// range test's sweep ended, what a loss-plot marker says changed. Each is a kind and the numbers
// (or the name) its sentence quotes, never a sentence to be parsed.
//
// The English of each kind is here, as one printf format per kind (every conversion takes a
// double, in the order `quoted()` gives them): it is what the CLI prints, and `english()` is
// the one place it is filled in. The app says the same in each of its languages from its
// string tables, by kind (app/gui/reason_words.h); tests/test_reason_words.cpp checks that the
// app's English table says exactly these words and that every language quotes the same numbers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nn/history.h"  // kNone

namespace nn {

// The numbers a sentence quotes, in its format's order (kNone where it quotes fewer).
using Quoted = std::array<double, 2>;

// --- a divergence --------------------------------------------------------------------------------

// What was found not finite (Session::check_divergence tests them in this order).
enum class DivergenceCause : uint8_t { loss_nan, loss_inf, weights, train_loss };
inline constexpr DivergenceCause kDivergenceCauses[] = {DivergenceCause::loss_nan, DivergenceCause::loss_inf,
                                                        DivergenceCause::weights, DivergenceCause::train_loss};

// What to try after a divergence at learning rate `lr_then`, given the rate chosen since
// (`lr_now`; the CLI has no "since": lr_now == lr_then).
struct DivergenceAdvice {
  enum class Kind : uint8_t {
    rate_lowered,   // the rate was lowered since: go back to the last finite weights, play again
    rate_too_high,  // a rate of 0.1 or more: try `suggested` (a hundredth of it)
    try_smaller,    // a small rate diverged all the same: a smaller rate, init, or adam
  };
  Kind kind = Kind::try_smaller;
  double lr_then = kNone;
  double lr_now = kNone;
  double suggested = kNone;  // rate_too_high: the rate to try; else kNone
  Quoted quoted() const;
};
inline constexpr DivergenceAdvice::Kind kAdviceKinds[] = {
    DivergenceAdvice::Kind::rate_lowered, DivergenceAdvice::Kind::rate_too_high, DivergenceAdvice::Kind::try_smaller};

// The rule (its one home): lowered by more than 1 % → rate_lowered; else a rate ≥ 0.1 →
// rate_too_high with a hundredth of it; else try_smaller.
DivergenceAdvice divergence_advice(double lr_then, double lr_now);

// --- the end of the LR range test's sweep (nn/lr_find.h) -------------------------------------------

struct LrStop {
  enum class Kind : uint8_t {
    reached_end,  // the last rate was swept
    loss_nan,     // the batch loss became NaN at `lr`
    loss_inf,     // ... infinite at `lr`
    weights,      // the weights became non-finite at `lr`
    blew_up,      // the smoothed loss stayed above `factor` × its best, at `lr`
    no_data,      // no training data: nothing to sweep
    cancelled,
  };
  Kind kind = Kind::reached_end;
  double lr = kNone;      // where it stopped (reached_end: the last rate)
  double factor = kNone;  // blew_up: the stop factor
  Quoted quoted() const;
};
inline constexpr LrStop::Kind kLrStopKinds[] = {LrStop::Kind::reached_end, LrStop::Kind::loss_nan,
                                                LrStop::Kind::loss_inf,    LrStop::Kind::weights,
                                                LrStop::Kind::blew_up,     LrStop::Kind::no_data,
                                                LrStop::Kind::cancelled};

// --- markers (nn/history.h): what changed at an epoch -------------------------------------------------
//
// A marker is kept as its English text (the history, the experiment file's "progress"), so it
// is read back by its words: `marker_words` gives the fixed words, and for the kinds that take
// a name or a number (optimizer, loss, lr) the words are a prefix the name follows.
enum class MarkerKind : uint8_t { network, optimizer, lr, schedule, batch_size, loss, data, weight_set, bias_set };
inline constexpr MarkerKind kMarkerKinds[] = {MarkerKind::network,    MarkerKind::optimizer, MarkerKind::lr,
                                              MarkerKind::schedule,   MarkerKind::batch_size, MarkerKind::loss,
                                              MarkerKind::data,       MarkerKind::weight_set, MarkerKind::bias_set};
const char* marker_words(MarkerKind k);    // "network changed", "optimizer: ", "lr ", ...
bool marker_takes_name(MarkerKind k);      // optimizer, loss, lr
std::string marker_text(MarkerKind k, std::string_view after = {});  // what Session marks
struct MarkerReading {
  MarkerKind kind;
  std::string after;  // what follows the words ("adam", "0.3"); empty for the fixed phrases
};
// A marker's text read back; nullopt for one the engine's words do not make (a compare run's
// branch point, "training.optimizer.lr 0.3", names a setting by its JSON path).
std::optional<MarkerReading> read_marker(std::string_view what);

// --- names and English --------------------------------------------------------------------------------

const char* name(DivergenceCause c);         // "loss_nan", ... (the state dump's words)
const char* name(DivergenceAdvice::Kind k);  // "rate_lowered", ...
const char* name(LrStop::Kind k);            // "reached_end", ...

// The English formats (printf; conversions take doubles, in quoted()'s order).
const char* english_format(DivergenceCause c);         // "the loss became NaN" (no numbers)
const char* english_format(DivergenceAdvice::Kind k);  // "A learning rate of %g is too high ..."
const char* english_format(LrStop::Kind k);            // "the loss became NaN at lr %.3g"

// The English sentences, filled in: the CLI's words.
std::string english(DivergenceCause c);
std::string english(const DivergenceAdvice& a);
std::string english(const LrStop& s);

}  // namespace nn
