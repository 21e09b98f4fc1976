// app/gui/reason_words.cpp — the engine's reasons in the UI's language (see reason_words.h).
#include "gui/reason_words.h"

#include <algorithm>

#include "gui/formatted.h"
#include "gui/strings.h"

namespace descent::gui {

namespace {

template <typename Kind>
struct Key {
  Kind kind;
  const char* key;
};

constexpr Key<nn::DivergenceCause> kCauseKeys[] = {
    {nn::DivergenceCause::loss_nan, "banner.what_nan"},
    {nn::DivergenceCause::loss_inf, "banner.what_inf"},
    {nn::DivergenceCause::weights, "banner.what_weights"},
    {nn::DivergenceCause::train_loss, "banner.what_train_loss"},
};

constexpr Key<nn::DivergenceAdvice::Kind> kAdviceKeys[] = {
    {nn::DivergenceAdvice::Kind::rate_lowered, "banner.hint_lowered"},
    {nn::DivergenceAdvice::Kind::rate_too_high, "banner.hint_too_high"},
    {nn::DivergenceAdvice::Kind::try_smaller, "banner.hint_smaller"},
};

constexpr Key<nn::LrStop::Kind> kLrStopKeys[] = {
    {nn::LrStop::Kind::reached_end, "lrfind.stop.reached_end"},
    {nn::LrStop::Kind::loss_nan, "lrfind.stop.loss_nan"},
    {nn::LrStop::Kind::loss_inf, "lrfind.stop.loss_inf"},
    {nn::LrStop::Kind::weights, "lrfind.stop.weights"},
    {nn::LrStop::Kind::blew_up, "lrfind.stop.blew_up"},
    {nn::LrStop::Kind::no_data, "lrfind.stop.no_data"},
    {nn::LrStop::Kind::cancelled, "lrfind.stop.cancelled"},
};

constexpr Key<nn::MarkerKind> kMarkerKeys[] = {
    {nn::MarkerKind::network, "plot.marker_network"},       {nn::MarkerKind::optimizer, "plot.marker_optimizer"},
    {nn::MarkerKind::lr, "plot.marker_lr"},                 {nn::MarkerKind::schedule, "plot.marker_schedule"},
    {nn::MarkerKind::batch_size, "plot.marker_batch"},      {nn::MarkerKind::loss, "plot.marker_loss"},
    {nn::MarkerKind::data, "plot.marker_data"},             {nn::MarkerKind::weight_set, "plot.marker_weight_set"},
    {nn::MarkerKind::bias_set, "plot.marker_bias_set"},
};

template <typename Kind, size_t N>
const char* key_in(const Key<Kind> (&table)[N], Kind k) {
  const auto* it = std::find_if(std::begin(table), std::end(table), [&](const Key<Kind>& x) { return x.kind == k; });
  return it == std::end(table) ? "" : it->key;
}

std::string filled(const char* key, const nn::Quoted& q) { return formatted(tr(key), q[0], q[1]); }

}  // namespace

const char* reason_key(nn::DivergenceCause c) { return key_in(kCauseKeys, c); }
const char* reason_key(nn::DivergenceAdvice::Kind k) { return key_in(kAdviceKeys, k); }
const char* reason_key(nn::LrStop::Kind k) { return key_in(kLrStopKeys, k); }
const char* reason_key(nn::MarkerKind k) { return key_in(kMarkerKeys, k); }

std::string said(nn::DivergenceCause c) { return tr(reason_key(c)); }
std::string said(const nn::DivergenceAdvice& a) { return filled(reason_key(a.kind), a.quoted()); }
std::string said(const nn::LrStop& s) { return filled(reason_key(s.kind), s.quoted()); }

std::string said_marker(const std::string& what) {
  const auto m = nn::read_marker(what);
  return m ? tr(reason_key(m->kind)) + m->after : what;
}

}  // namespace descent::gui
