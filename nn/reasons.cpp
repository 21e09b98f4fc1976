// nn/reasons.cpp — the engine's reasons as data, their rules and their English (see reasons.h).
#include "nn/reasons.h"

#include <algorithm>
#include <cstdio>

namespace nn {

namespace {

// One row per kind: its name (the state dump's word) and its English format.
template <typename Kind>
struct Words {
  Kind kind;
  const char* name;
  const char* english;
};

constexpr Words<DivergenceCause> kCauseWords[] = {
    {DivergenceCause::loss_nan, "loss_nan", "the loss became NaN"},
    {DivergenceCause::loss_inf, "loss_inf", "the loss became infinite"},
    {DivergenceCause::weights, "weights", "the weights became non-finite"},
    {DivergenceCause::train_loss, "train_loss", "the training loss became non-finite"},
};

constexpr Words<DivergenceAdvice::Kind> kAdviceWords[] = {
    {DivergenceAdvice::Kind::rate_lowered, "rate_lowered",
     "The learning rate is now %g (it was %g): go back to the last finite weights and play again."},
    {DivergenceAdvice::Kind::rate_too_high, "rate_too_high", "A learning rate of %g is too high for this network; try %g."},
    {DivergenceAdvice::Kind::try_smaller, "try_smaller",
     "Try a smaller learning rate (now %g), a smaller init, or an optimizer such as adam."},
};

constexpr Words<LrStop::Kind> kLrStopWords[] = {
    {LrStop::Kind::reached_end, "reached_end", "reached lr %.3g"},
    {LrStop::Kind::loss_nan, "loss_nan", "the loss became NaN at lr %.3g"},
    {LrStop::Kind::loss_inf, "loss_inf", "the loss became infinite at lr %.3g"},
    {LrStop::Kind::weights, "weights", "the weights became non-finite at lr %.3g"},
    {LrStop::Kind::blew_up, "blew_up", "the smoothed loss exceeded %.3gx its best at lr %.3g"},
    {LrStop::Kind::no_data, "no_data", "there is no training data"},
    {LrStop::Kind::cancelled, "cancelled", "cancelled"},
};

struct MarkerRow {
  MarkerKind kind;
  const char* words;
  bool takes_name;  // the words are a prefix: a name or a number follows
};
constexpr MarkerRow kMarkerRows[] = {
    {MarkerKind::network, "network changed", false}, {MarkerKind::optimizer, "optimizer: ", true},
    {MarkerKind::lr, "lr ", true},                   {MarkerKind::schedule, "schedule changed", false},
    {MarkerKind::batch_size, "batch size changed", false}, {MarkerKind::loss, "loss: ", true},
    {MarkerKind::data, "data changed", false},       {MarkerKind::weight_set, "weight set", false},
    {MarkerKind::bias_set, "bias set", false},
};

template <typename Kind, size_t N>
const Words<Kind>& row(const Words<Kind> (&table)[N], Kind k) {
  return *std::find_if(std::begin(table), std::end(table), [&](const Words<Kind>& w) { return w.kind == k; });
}

const MarkerRow& marker_row(MarkerKind k) {
  return *std::find_if(std::begin(kMarkerRows), std::end(kMarkerRows), [&](const MarkerRow& r) { return r.kind == k; });
}

// A format filled with the numbers it quotes (printf ignores the ones it does not name).
std::string fill(const char* format, const Quoted& q) {
  char b[256];
  std::snprintf(b, sizeof b, format, q[0], q[1]);
  return b;
}

}  // namespace

Quoted DivergenceAdvice::quoted() const {
  switch (kind) {
    case Kind::rate_lowered: return {lr_now, lr_then};
    case Kind::rate_too_high: return {lr_then, suggested};
    case Kind::try_smaller: break;
  }
  return {lr_now, kNone};
}

DivergenceAdvice divergence_advice(double lr_then, double lr_now) {
  DivergenceAdvice a;
  a.lr_then = lr_then;
  a.lr_now = lr_now;
  if (lr_now < lr_then * 0.99) {
    a.kind = DivergenceAdvice::Kind::rate_lowered;
  } else if (lr_then >= 0.1) {
    a.kind = DivergenceAdvice::Kind::rate_too_high;
    a.suggested = lr_then / 100.0;
  } else {
    a.kind = DivergenceAdvice::Kind::try_smaller;
  }
  return a;
}

Quoted LrStop::quoted() const { return kind == Kind::blew_up ? Quoted{factor, lr} : Quoted{lr, kNone}; }

const char* marker_words(MarkerKind k) { return marker_row(k).words; }
bool marker_takes_name(MarkerKind k) { return marker_row(k).takes_name; }

std::string marker_text(MarkerKind k, std::string_view after) {
  return std::string(marker_words(k)) + std::string(marker_takes_name(k) ? after : std::string_view());
}

std::optional<MarkerReading> read_marker(std::string_view what) {
  for (const MarkerRow& r : kMarkerRows) {
    const std::string_view w = r.words;
    if (!r.takes_name && what == w) return MarkerReading{r.kind, ""};
    if (r.takes_name && what.size() > w.size() && what.substr(0, w.size()) == w)
      return MarkerReading{r.kind, std::string(what.substr(w.size()))};
  }
  return std::nullopt;
}

const char* name(DivergenceCause c) { return row(kCauseWords, c).name; }
const char* name(DivergenceAdvice::Kind k) { return row(kAdviceWords, k).name; }
const char* name(LrStop::Kind k) { return row(kLrStopWords, k).name; }

const char* english_format(DivergenceCause c) { return row(kCauseWords, c).english; }
const char* english_format(DivergenceAdvice::Kind k) { return row(kAdviceWords, k).english; }
const char* english_format(LrStop::Kind k) { return row(kLrStopWords, k).english; }

std::string english(DivergenceCause c) { return english_format(c); }
std::string english(const DivergenceAdvice& a) { return fill(english_format(a.kind), a.quoted()); }
std::string english(const LrStop& s) { return fill(english_format(s.kind), s.quoted()); }

}  // namespace nn
