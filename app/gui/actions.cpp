// app/gui/actions.cpp — edits sent to the trainer, and the file actions (open, save, CSV,
// export). Every failure lands in the status line naming the path and the cause; nothing
// here throws out of a frame.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "gui/boundary.h"
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

bool apply_experiment(Ctx& c, nn::Experiment e, const std::string& what) {
  try {
    nn::validate(e);
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
    return false;
  }
  c.ui.pending_exp = e;
  c.ui.pending_exp_seq = c.trainer.apply(std::move(e));
  if (!what.empty()) set_status(c.ui, what);
  return true;
}

bool edit_experiment(Ctx& c, const std::function<void(nn::Experiment&)>& change, const std::string& what) {
  nn::Experiment e = base_experiment(c);
  change(e);
  if (e == base_experiment(c)) return false;
  return apply_experiment(c, std::move(e), what);
}

void send_data(Ctx& c, nn::Dataset d) {
  c.ui.pending_data = d;
  c.ui.pending_data_seq = c.trainer.set_data(std::move(d));
  c.ui.data_edited = true;
}

void step(Ctx& c, bool one_optimizer_step) {
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
    c.trainer.load(std::move(e));
    c.ui.current_path = path;
    c.ui.pending_exp.reset();
    c.ui.pending_data.reset();
    c.ui.data_edited = false;
    c.ui.view = ViewRect{};
    set_status(c.ui, "Opened " + path);
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

void save_experiment(Ctx& c, const std::string& path) {
  try {
    nn::save_experiment(path, current_experiment(c));
    c.ui.current_path = path;
    set_status(c.ui, "Saved " + path + " (with the current weights)");
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
      set_status(c.ui, "Loaded " + std::to_string(csv.data.points.size()) + " points from " + path +
                           (fitted.empty() ? "" : " (" + fitted + ")"));
    }
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

void save_csv(Ctx& c, const std::string& path) {
  try {
    nn::write_csv(path, *c.snap.data);
    set_status(c.ui, "Saved " + std::to_string(c.snap.data->points.size()) + " points to " + path);
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
  set_status(c.ui, "Wrote " + std::to_string(rows.size()) + " history rows to " + path +
                       (c.snap.history->stride() > 1 ? " (every " + std::to_string(c.snap.history->stride()) + " epochs)" : ""));
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
    set_status(c.ui, "Exported the output view to " + path);
  } catch (const std::exception& err) {
    set_status(c.ui, err.what(), true);
  }
}

}  // namespace descent::gui
