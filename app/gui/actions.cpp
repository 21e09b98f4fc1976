// app/gui/actions.cpp — edits sent to the trainer, and the file actions (open, save, CSV,
// export). Every failure lands in the status line naming the path and the cause; nothing
// here throws out of a frame.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "gui/boundary.h"
#include "gui/formatted.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "gui/ui.h"
#include "nn/file_io.h"
#include "nn/history_csv.h"

#include <stb_image_write.h>

namespace descent::gui {

// PNG bytes in memory, so the file goes through nn::write_file (whole or not at all).
std::string encode_png(int w, int h, const uint8_t* rgba) {
  std::string out;
  const auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &out, w, h, 4, rgba, w * 4)) throw nn::Error("cannot encode the PNG");
  return out;
}

void set_status(UiState& ui, std::string msg, bool error) {
  ui.status = std::move(msg);
  ui.status_error = error;
  ui.status_time = ImGui::GetTime();
}

const nn::Experiment& base_experiment(const Ctx& c) {
  if (c.ui.pending_exp && c.snap.applied_command < c.ui.pending_exp_seq) return *c.ui.pending_exp;
  return *c.snap.experiment;
}

const nn::Dataset& base_data(const Ctx& c) {
  if (c.ui.pending_data && c.snap.applied_command < c.ui.pending_data_seq) return *c.ui.pending_data;
  return *c.snap.data;
}

namespace {

// Sends a validated experiment; a refused one is one line in the status bar. Not recorded:
// both edits (apply_experiment) and undo (restore) come through here.
bool send_experiment(Ctx& c, nn::Experiment e, const std::string& what) {
  try {
    nn::validate(e);
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
    return false;
  }
  c.ui.pending_exp = e;
  c.ui.pending_exp_seq = c.trainer.apply(std::move(e));
  if (!what.empty()) set_status(c.ui, what);
  if (comparing(c.ui)) c.ui.lab.compare.restart_request = true;
  return true;
}

// Experiments compared as edits see them: the weights in an experiment are where a file's
// weights arrive, not something an edit changes (Session::apply keeps the network's own).
bool same_edit_state(nn::Experiment a, nn::Experiment b) {
  a.weights.reset();
  b.weights.reset();
  return a == b;
}

double parameter_value(const Ctx& c, const EditState::Param& p) {
  const nn::Architecture& a = c.snap.arch;
  if (p.layer < 0 || p.layer >= int(a.hidden.size()) + 1 || p.row >= a.fan_out(p.layer) ||
      p.col >= a.fan_in(p.layer))
    return p.value;
  const Eigen::Index i = p.col < 0 ? a.b_index(p.layer, p.row) : a.w_index(p.layer, p.row, p.col);
  return i < c.snap.params.size() ? double(c.snap.params(i)) : p.value;
}

// Puts back a state of the undo history: its experiment (data, network, recipe) if it differs
// from the one in force, then its weight, if it was a weight edit.
void restore(Ctx& c, const EditState& st, const std::string& what) {
  if (!same_edit_state(st.exp, base_experiment(c))) {
    c.ui.pending_data.reset();
    c.ui.data_edited = st.exp.data.source == nn::DataSpec::Source::points;
    send_experiment(c, st.exp, what);
  }
  if (st.param) c.trainer.set_parameter(st.param->layer, st.param->row, st.param->col, st.param->value);
  set_status(c.ui, what);
}

}  // namespace

bool apply_experiment(Ctx& c, nn::Experiment e, const std::string& what) {
  nn::Experiment before = base_experiment(c);
  if (!send_experiment(c, std::move(e), what)) return false;
  c.ui.undo.record(EditState{std::move(before), std::nullopt}, what.empty() ? tr("actions.edit") : what);
  return true;
}

bool edit_experiment(Ctx& c, const std::function<void(nn::Experiment&)>& change, const std::string& what) {
  nn::Experiment e = base_experiment(c);
  change(e);
  if (e == base_experiment(c)) return false;
  return apply_experiment(c, std::move(e), what);
}

void send_data(Ctx& c, nn::Dataset d, uint64_t stroke) {
  c.ui.undo.record(EditState{base_experiment(c), std::nullopt},
                   tr(d.points.empty() ? "actions.points_cleared" : "actions.points_edited"), stroke);
  c.ui.pending_data = d;
  c.ui.pending_data_seq = c.trainer.set_data(std::move(d));
  c.ui.data_edited = true;
  if (comparing(c.ui)) c.ui.lab.compare.restart_request = true;
}

void set_parameter(Ctx& c, int layer, int row, int col, double value) {
  const EditState::Param before{layer, row, col, parameter_value(c, {layer, row, col, value})};
  if (float(before.value) == float(value)) return;  // unchanged (weights are floats): no step
  c.ui.undo.record(EditState{base_experiment(c), before}, tr(col < 0 ? "actions.bias_edited" : "actions.weight_edited"));
  c.trainer.set_parameter(layer, row, col, value);
}

void undo_edit(Ctx& c, bool redo) {
  nn::UndoStack<EditState>& h = c.ui.undo;
  const auto* next = redo ? h.next_redo() : h.next_undo();
  if (!next) {
    set_status(c.ui, tr(redo ? "actions.nothing_to_redo" : "actions.nothing_to_undo"));
    return;
  }
  // The state we leave, in the same terms as the one we go to (the same weight's value now).
  EditState now{base_experiment(c), next->state.param};
  if (now.param) now.param->value = parameter_value(c, *now.param);
  auto entry = redo ? h.redo(std::move(now)) : h.undo(std::move(now));
  restore(c, entry->state, formatted(tr(redo ? "actions.redone" : "actions.undone"), entry->what.c_str()));
}

void play_or_pause(Ctx& c) {
  const bool at_limit = c.snap.state == nn::RunState::finished || c.snap.state == nn::RunState::converged;
  if (c.snap.playing) c.trainer.pause();
  else if (at_limit) c.ui.go_on_request = true;
  else c.trainer.play();
}

// The slider runs over 0.1 … 1000 epochs per second, logarithmically; its right end is max.
double pace_of_slider(float t) { return t >= 0.999f ? 0.0 : std::pow(10.0, -1.0 + 4.0 * double(t)); }
float slider_of_pace(double eps) {
  return eps <= 0.0 ? 1.0f : std::clamp(float((std::log10(eps) + 1.0) / 4.0), 0.0f, 0.998f);
}

void set_pace(UiState& ui, nn::Trainer& trainer, double eps) {
  ui.speed_t = slider_of_pace(eps);
  trainer.set_pace(eps);
}

void adopt_pace(UiState& ui, nn::Trainer& trainer, const nn::Experiment& e) {
  set_pace(ui, trainer, e.app.pace.value_or(kDefaultPace));
}

void step(Ctx& c, bool one_optimizer_step) {
  if (recording_holds_run(c)) return;
  if (comparing(c.ui)) {  // the compared runs, all together
    if (one_optimizer_step) c.ui.lab.compare.runs->step_steps(1);
    else c.ui.lab.compare.runs->step_epochs(1);
    return;
  }
  // After the run ended the trainer extends it (nn/trainer.h), as it does for Play.
  if (one_optimizer_step) c.trainer.step_steps(1);
  else c.trainer.step_epochs(1);
}

nn::Experiment current_experiment(const Ctx& c) {
  nn::Experiment e = *c.snap.experiment;
  if (c.snap.params.size() == c.snap.arch.parameter_count() && c.snap.params.allFinite())
    e.weights = nn::weights_from_params(c.snap.arch, c.snap.params);
  // How far the run got, so that opening the file shows it where it was (nn/experiment.h).
  if (c.snap.epoch > 0 || c.snap.steps > 0) {
    nn::RunProgress p;
    p.epoch = c.snap.epoch;
    p.steps = c.snap.steps;
    p.history = c.snap.history->rows();
    if (!c.snap.history->empty() && (p.history.empty() || p.history.back().epoch != c.snap.history->last().epoch))
      p.history.push_back(c.snap.history->last());
    while (!p.history.empty() && p.history.back().epoch > p.epoch) p.history.pop_back();  // a diverged epoch's row
    p.markers = c.snap.history->markers();
    e.progress = std::move(p);
  }
  // A CSV path relative to the file it came from must survive a save elsewhere.
  if (e.data.source == nn::DataSpec::Source::csv && !e.base_dir.empty() &&
      std::filesystem::path(e.data.csv).is_relative())
    e.data.csv = (std::filesystem::path(e.base_dir) / e.data.csv).lexically_normal().string();
  return e;
}

nn::Experiment builtin_default_experiment() {
  nn::Experiment e = nn::playground_experiment();
  e.notes = "A circle inside a ring: a 2-4-2-1 tanh network learns the boundary in a few hundred epochs.";
  return e;
}

// --- files -----------------------------------------------------------------------------------

void open_experiment(Ctx& c, const std::string& path) {
  try {
    nn::Experiment e = nn::load_experiment(path);
    adopt_pace(c.ui, c.trainer, e);
    c.trainer.load(std::move(e));
    c.ui.current_path = path;
    c.ui.pending_exp.reset();
    c.ui.pending_data.reset();
    c.ui.data_edited = false;
    c.ui.undo.clear();  // a new experiment: its edits start afresh
    c.ui.view = ViewRect{};
    set_status(c.ui, formatted(tr("actions.opened"), path.c_str()));
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

void save_experiment(Ctx& c, const std::string& path) {
  try {
    nn::Experiment e = current_experiment(c);
    std::string with = tr("actions.with_current");
    // After a divergence the weights are not numbers: the save keeps the last finite ones
    // (a file that can always be loaded again), and says so.
    if (!c.snap.params.allFinite() && c.snap.last_finite &&
        c.snap.last_finite->size() == c.snap.arch.parameter_count()) {
      e.weights = nn::weights_from_params(c.snap.arch, *c.snap.last_finite);
      with = formatted(tr("actions.with_last_finite"), std::to_string(c.snap.last_finite_epoch).c_str());
    }
    nn::save_experiment(path, e);
    c.ui.current_path = path;
    set_status(c.ui, formatted(tr("actions.saved"), path.c_str(), with.c_str()));
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

void load_csv(Ctx& c, const std::string& path) {
  try {
    const nn::CsvData csv = nn::read_csv(path);
    nn::Experiment e = base_experiment(c);
    e.data.source = nn::DataSpec::Source::csv;
    e.data.csv = std::filesystem::absolute(path).lexically_normal().string();
    e.data.task = "auto";
    const std::string fitted = nn::fit_recipe_to_data(e, csv.data.task, csv.data.classes, csv.data.dims);
    if (apply_experiment(c, std::move(e))) {
      c.ui.view = ViewRect{};
      set_status(c.ui, formatted(tr("actions.loaded_csv"), std::to_string(csv.data.points.size()).c_str(), path.c_str()) +
                           (fitted.empty() ? "" : " (" + fitted + ")"));
    }
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

void save_csv(Ctx& c, const std::string& path) {
  try {
    nn::write_csv(path, *c.snap.data);
    set_status(c.ui, formatted(tr("actions.saved_csv"), std::to_string(c.snap.data->points.size()).c_str(), path.c_str()));
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

// The same format and missing-value rule as `descent --headless --csv` (nn/history_csv.h),
// written whole or not at all.
void export_history(Ctx& c, const std::string& path) {
  const nn::Dataset* d = c.snap.data.get();
  const nn::HistoryColumns columns{!d || d->train_count() > 0, !d || d->test_count() > 0,
                                   !d || d->task == nn::Task::classification};
  std::string text = nn::history_csv_header();
  const auto& rows = c.snap.history->rows();
  for (const auto& r : rows) text += nn::history_csv_row(r, columns);
  if (!c.snap.history->empty() && (rows.empty() || rows.back().epoch != c.snap.history->last().epoch))
    text += nn::history_csv_row(c.snap.history->last(), columns);
  try {
    nn::write_file(path, text);
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
    return;
  }
  const std::string every = std::to_string(c.snap.history->stride());
  set_status(c.ui, formatted(tr("actions.wrote_history"), std::to_string(rows.size()).c_str(), path.c_str()) +
                       (c.snap.history->stride() > 1 ? formatted(tr("actions.history_every"), every.c_str()) : ""));
}

void export_png(Ctx& c, const std::string& path) {
  constexpr int N = 512;
  std::vector<uint8_t> rgba = c.boundary.read_color(c.snap, c.ui.view, c.ui.discretize,
                                                    c.settings.dark, N, N);
  // Points on top: train filled, test outlined, as on screen.
  const ViewRect& v = c.ui.view;
  const nn::Dataset& d = *c.snap.data;
  const float range = regression_range(d);
  auto blend = [&](int x, int y, ImU32 col, float a) {
    if (x < 0 || y < 0 || x >= N || y >= N) return;
    uint8_t* p = &rgba[(size_t(y) * N + x) * 4];
    const float cr = float(col & 255), cg = float((col >> 8) & 255), cb = float((col >> 16) & 255);
    p[0] = uint8_t(p[0] + (cr - p[0]) * a);
    p[1] = uint8_t(p[1] + (cg - p[1]) * a);
    p[2] = uint8_t(p[2] + (cb - p[2]) * a);
  };
  const ImU32 white = IM_COL32(255, 255, 255, 255), dark = IM_COL32(40, 40, 40, 255);
  for (const auto& pt : d.points) {
    if (pt.test && !c.ui.show_test) continue;
    const double py = d.dims == 1 ? 0.0 : pt.x2;
    const float cx = float((pt.x1 - v.x0) / (v.x1 - v.x0) * N), cy = float((v.y1 - py) / (v.y1 - v.y0) * N);
    const ImU32 col = label_color(d, pt.y, range);
    const float r = 4.0f;
    for (int y = int(cy - r - 2); y <= int(cy + r + 2); ++y)
      for (int x = int(cx - r - 2); x <= int(cx + r + 2); ++x) {
        const float dist = std::hypot(x + 0.5f - cx, y + 0.5f - cy);
        const float edge = std::clamp(r + 0.5f - dist, 0.0f, 1.0f);
        const float ring = std::clamp(1.0f - std::fabs(dist - r) , 0.0f, 1.0f);
        if (pt.test) {
          blend(x, y, col, std::clamp(1.6f - std::fabs(dist - (r - 1.0f)), 0.0f, 1.0f));
        } else {
          blend(x, y, col, edge);
          blend(x, y, palette().dark ? dark : white, ring * 0.9f);
        }
      }
  }
  try {
    nn::write_file(path, encode_png(N, N, rgba.data()));
    set_status(c.ui, formatted(tr("actions.exported_png"), path.c_str()));
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

}  // namespace descent::gui
