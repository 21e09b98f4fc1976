// app/gui/lab.cpp — what the rest of the GUI asks of the learning-rate lab (see lab.h): the
// snapshot shown while scrubbing, the transport in compare mode, the lab's state for tests.
#include "gui/lab.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "gui/reason_words.h"
#include "gui/ui.h"
#include "nn/history_csv.h"

namespace descent::gui {

namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

constexpr const char* kStateNames[] = {"running", "finished", "converged", "diverged", "no_data"};

// Colours for up to eight runs, told apart on both themes (Tableau's ten, minus grey and olive).
constexpr ImU32 kRunColors[] = {
    IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
    IM_COL32(214, 39, 40, 255),  IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
    IM_COL32(227, 119, 194, 255), IM_COL32(23, 190, 207, 255),
};

json compare_json(const CompareState& cs) {
  json j;
  j["active"] = bool(cs.runs);
  j["error"] = cs.error;
  j["target"] = cs.target;
  j["branch_epoch"] = cs.branch ? json(cs.branch->checkpoint->epoch()) : json(nullptr);
  j["starts"] = cs.starts;
  if (!cs.runs) return j;
  j["path"] = cs.runs->path();
  j["threads"] = cs.runs->threads();
  json runs = json::array();
  for (const auto& s : cs.runs->snapshots()) {
    json r;
    r["value"] = s->value;
    r["epoch"] = s->epoch;
    r["steps"] = s->steps;
    r["playing"] = s->playing;
    r["state"] = kStateNames[int(s->state)];
    r["started_at"] = s->started_at;
    r["epochs_to_target"] = s->epochs_to_target;
    r["diverged_at"] = s->divergence ? json(s->divergence->epoch) : json(nullptr);
    if (s->history && !s->history->empty()) {
      const auto& last = s->history->last();
      r["history_epoch"] = last.epoch;
      r["train_loss_17g"] = nn::csv_number(last.train_loss);
      r["test_loss_17g"] = nn::csv_number(last.test_loss);
      r["test_metric"] = finite_or_null(last.test_metric);
      r["first_epoch"] = s->history->rows().empty() ? 0 : s->history->rows().front().epoch;
    }
    runs.push_back(r);
  }
  j["runs"] = runs;
  return j;
}

json lr_find_json(const LrFindState& ls) {
  json j;
  j["open"] = ls.open;
  j["running"] = ls.job && !ls.job->done();
  j["progress"] = ls.job ? ls.job->progress() : 0.0;
  j["done"] = bool(ls.result);
  if (!ls.result) return j;
  j["error"] = ls.result->error;
  if (!ls.result->value) return j;
  const nn::LrFindResult& r = *ls.result->value;
  j["points"] = r.points.size();
  j["stop"] = nn::name(r.stop.kind);
  j["stopped"] = nn::english(r.stop);  // the CLI's words
  j["stopped_shown"] = said(r.stop);   // the window's, in the UI's language
  j["suggestion"] = r.suggestion() ? json(*r.suggestion()) : json(nullptr);
  j["valley"] = r.valley ? json(*r.valley) : json(nullptr);
  j["minimum"] = r.minimum ? json(*r.minimum) : json(nullptr);
  j["first_lr"] = r.points.empty() ? json(nullptr) : json(r.points.front().lr);
  j["last_lr"] = r.points.empty() ? json(nullptr) : json(r.points.back().lr);
  return j;
}

json landscape_json(const LandscapeState& ls) {
  json j;
  j["open"] = ls.open;
  j["running"] = ls.job && !ls.job->done();
  j["progress"] = ls.job ? ls.job->progress() : 0.0;
  j["computed"] = ls.computed;
  j["plane"] = ls.plane == 0 ? "random" : "path";
  j["done"] = bool(ls.result);
  if (!ls.result) return j;
  j["error"] = ls.result->error;
  j["error_key"] = ls.result->error_key ? json(ls.result->error_key) : json(nullptr);
  if (!ls.result->value) return j;
  const nn::Landscape& l = *ls.result->value;
  j["grid"] = l.n;
  j["epoch"] = ls.result_epoch;
  j["centre_loss_17g"] = nn::csv_number(l.centre_loss);
  j["min_loss"] = finite_or_null(l.min_loss);
  j["max_loss"] = finite_or_null(l.max_loss);
  j["path_points"] = l.path.size();
  j["line_points"] = l.line_t.size();
  return j;
}

json timeline_json(const Ctx& c) {
  json j;
  json kept = json::array();
  if (c.snap.checkpoints)
    for (const auto& cp : *c.snap.checkpoints) kept.push_back(cp->epoch());
  j["kept"] = kept;
  j["scrub_epoch"] = c.ui.lab.timeline.scrub_epoch >= 0 ? json(c.ui.lab.timeline.scrub_epoch) : json(nullptr);
  return j;
}

}  // namespace

bool comparing(const UiState& ui) { return bool(ui.lab.compare.runs); }

bool compare_playing(const UiState& ui) {
  if (!ui.lab.compare.runs) return false;
  for (const auto& s : ui.lab.compare.runs->snapshots())
    if (s->playing) return true;
  return false;
}

bool lab_busy(const UiState& ui) {
  const LabState& l = ui.lab;
  return compare_playing(ui) || l.lr_find.job || l.landscape.job;
}

ImU32 run_color(int i) { return kRunColors[size_t(i) % IM_ARRAYSIZE(kRunColors)]; }

void play_pause(Ctx& c) {
  if (recording_holds_run(c)) return;
  if (!comparing(c.ui)) return play_or_pause(c);  // (asks first after the epoch limit)
  CompareState& cs = c.ui.lab.compare;
  cs.playing = !compare_playing(c.ui);
  if (cs.playing) cs.runs->play();
  else cs.runs->pause();
}

void reset_run(Ctx& c) {
  if (recording_holds_run(c)) return;
  if (comparing(c.ui)) c.ui.lab.compare.runs->reset();
  else c.trainer.reset();
}

// While scrubbing: the live snapshot with the checkpoint's weights, epoch, step count and
// metrics.
// Its params_version is one no live snapshot has (the top bit set), so the output view and
// the thumbnails redraw for it, and again when the live run is shown.
std::shared_ptr<const nn::Snapshot> shown_snapshot(UiState& ui, std::shared_ptr<const nn::Snapshot> live) {
  TimelineState& t = ui.lab.timeline;
  if (t.scrub_epoch < 0 || !live->checkpoints) return live;
  std::shared_ptr<const nn::Checkpoint> cp;
  for (const auto& k : *live->checkpoints)
    if (k->epoch() == t.scrub_epoch) cp = k;
  if (!cp || cp->state.params.size() != live->params.size()) {
    t.scrub_epoch = -1;  // the checkpoint is gone (thinned, or the run was reset or reshaped)
    t.shown.reset();
    return live;
  }
  if (t.shown && t.shown_from_version == live->version && t.shown_epoch == t.scrub_epoch) return t.shown;
  auto s = std::make_shared<nn::Snapshot>(*live);
  s->params = cp->state.params;
  s->epoch = cp->epoch();
  s->steps = cp->state.steps;
  s->metrics = cp->row;  // the losses and accuracies above the view are the checkpoint's too
  s->params_version = (uint64_t(1) << 63) | uint64_t(cp->epoch());
  t.shown = s;
  t.shown_from_version = live->version;
  t.shown_epoch = t.scrub_epoch;
  return s;
}

void add_lab_state(json& j, const Ctx& c) {
  j["compare"] = compare_json(c.ui.lab.compare);
  j["lr_find"] = lr_find_json(c.ui.lab.lr_find);
  j["landscape"] = landscape_json(c.ui.lab.landscape);
  j["timeline"] = timeline_json(c);
  j["compare_playing"] = compare_playing(c.ui);
}

}  // namespace descent::gui
