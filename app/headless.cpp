// app/headless.cpp — `descent --headless`: train an experiment without a window.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/headless_inspect.h"
#include "nn/experiment.h"
#include "nn/file_io.h"
#include "nn/history_csv.h"
#include "nn/presets.h"
#include "nn/reasons.h"
#include "nn/session.h"

namespace fs = std::filesystem;

namespace descent {

namespace {

constexpr const char* kDefaultPreset = "playground-default";

std::string exe_dir() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

// A loss in the summary: "-" when there is none (the rule of nn/history_csv.h), else %.6g
// (which prints a diverged loss as nan or inf).
std::string loss_text(double v, bool exists) {
  if (!exists) return "-";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

bool all_finite(const nn::Experiment& e) {
  if (!e.weights) return true;
  for (const auto* layers : {&e.weights->W, &e.weights->b})
    for (const auto& v : *layers)
      for (double x : v)
        if (!std::isfinite(x)) return false;
  return true;
}

// Errors met while building the session that name no file (e.g. "network.output: ...") are
// placed in the experiment file, as every message is "descent: FILE: where: what".
std::string located(const std::string& what, const std::string& path, const nn::Experiment& e) {
  const std::string csv = (fs::path(e.base_dir) / e.data.csv).string();
  if (what.starts_with(path + ":") ||
      (e.data.source == nn::DataSpec::Source::csv && what.starts_with(csv + ":")))
    return what;
  return path + ": " + what;
}

std::string percent_or_value(double v, bool classification) {
  char buf[40];
  if (std::isnan(v)) return "-";
  if (classification) std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
  else std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

const char* state_text(nn::RunState s) {
  switch (s) {
    case nn::RunState::running: return "running";
    case nn::RunState::finished: return "finished";
    case nn::RunState::converged: return "reached the loss threshold";
    case nn::RunState::diverged: return "diverged";
    case nn::RunState::no_data: return "no training data";
  }
  return "?";
}

int list_presets() {
  std::vector<nn::Preset> presets;
  try {
    presets = nn::scan_presets((fs::path(assets_dir()) / "presets").string());
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
    return 2;
  }
  for (const auto& p : presets) {
    if (p.error.empty()) std::printf("%-28s %s\n", p.name.c_str(), p.title.c_str());
    else std::printf("%-28s (invalid: %s)\n", p.name.c_str(), p.error.c_str());
  }
  return 0;
}

}  // namespace

std::string assets_dir() {
  if (const char* env = std::getenv("DESCENT_ASSETS"); env && *env) return env;
  const std::string here = exe_dir();
  for (const fs::path& p : {fs::path(here) / "assets", fs::path(here) / ".." / "share" / "descent" / "assets"})
    if (fs::is_directory(p / "presets")) return p.string();
  return "assets";
}

std::string resolve_experiment(const std::string& s) {
  if (fs::exists(s)) return s;
  // A bare name without a path or extension is a preset.
  if (s.find('/') == std::string::npos && fs::path(s).extension() != ".json") {
    const fs::path p = fs::path(assets_dir()) / "presets" / (s + ".json");
    if (fs::exists(p)) return p.string();
  }
  return s;  // loading it will say what is wrong
}

std::string default_experiment_path() { return resolve_experiment(kDefaultPreset); }

namespace {

// The experiment at `path` as a Session: one line and nullptr when it cannot be built.
std::unique_ptr<nn::Session> open_session(const HeadlessOptions& o, const std::string& path, nn::Experiment& exp) {
  try {
    exp = nn::load_experiment(path);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", nn::one_line(ex.what()).c_str());
    return nullptr;
  }
  try {
    if (o.epochs >= 0) exp.training.epochs = static_cast<int>(o.epochs);  // main.cpp checked the range
    return std::make_unique<nn::Session>(exp);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "descent: %s: out of memory (the data set or the network is too large)\n", path.c_str());
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", nn::one_line(located(ex.what(), path, exp)).c_str());
  }
  return nullptr;
}

// --csv: the history, one row per epoch, written to a temporary file as training goes
// (nn::AtomicFile) and renamed into place at the end. A failed write does not stop training
// (the --save still happens); it makes the exit code 2.
struct HistoryOutput {
  std::optional<nn::AtomicFile> file;
  std::string error;
  nn::HistoryColumns columns;
  long written = -1;  // the last epoch written

  void write(const nn::EpochRow& r) {
    if (!file || r.epoch <= written) return;  // one row per epoch, plus a diverged run's last
    written = r.epoch;
    try {
      file->write(nn::history_csv_row(r, columns));
    } catch (const std::exception& ex) {
      error = ex.what();
      file.reset();
    }
  }
  bool commit() {  // false (and one line) when the history was not written
    if (file) {
      try {
        file->commit();
      } catch (const std::exception& ex) {
        error = ex.what();
      }
    }
    if (error.empty()) return true;
    std::fprintf(stderr, "descent: %s (the history was not written)\n", error.c_str());
    return false;
  }
};

// Output paths are checked before training, so a typo does not cost the run.
bool open_outputs(const HeadlessOptions& o, HistoryOutput& history) {
  try {
    if (!o.save_path.empty()) nn::check_writable(o.save_path);
    if (!o.csv_path.empty()) {
      history.file.emplace(o.csv_path);
      history.file->write(nn::history_csv_header());
    }
    return true;
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
    return false;
  }
}

// The progress line: a bar redrawn at most 10 times a second on a terminal, else a line per
// tenth of the run.
struct Progress {
  bool quiet, tty, has_train, has_test;
  long total;
  std::chrono::steady_clock::time_point last_print = std::chrono::steady_clock::now();
  long last_decile = 0;

  void show(const nn::Session& s) {
    if (quiet) return;
    const auto& r = s.history().last();
    if (tty) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_print <= std::chrono::milliseconds(100) && !s.stopped() && s.epoch() != total) return;
      last_print = now;
      const int width = 30;
      const int filled = static_cast<int>(width * double(s.epoch()) / double(std::max(total, 1L)));
      std::printf("\r  [%s%s] epoch %ld/%ld  train loss %s  test loss %s ",
                  std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), s.epoch(),
                  total, loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str());
      std::fflush(stdout);
    } else {
      const long decile = s.epoch() * 10 / std::max(total, 1L);
      if (decile <= last_decile) return;
      last_decile = decile;
      std::printf("  epoch %ld/%ld  train loss %s  test loss %s\n", s.epoch(), total,
                  loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str());
    }
  }
  void end() const {
    if (tty && !quiet) std::printf("\n");
  }
};

// The summary line(s): how the run ended and its last (finite) metrics.
void print_summary(const nn::Session& s, double secs) {
  const bool classification = s.data().task == nn::Task::classification;
  const bool has_train = s.data().train_count() > 0, has_test = s.data().test_count() > 0;
  const char* metric = classification ? "accuracy" : "R2";
  auto print_row = [&](const char* lead, const nn::EpochRow& r) {
    std::printf("%s: train loss %s, test loss %s, train %s %s, test %s %s\n", lead,
                loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str(), metric,
                percent_or_value(r.train_metric, classification).c_str(), metric,
                percent_or_value(r.test_metric, classification).c_str());
  };
  char lead[160];
  if (const auto& d = s.divergence()) {
    std::printf("diverged at epoch %ld, step %ld: %s. %s\n", d->epoch, d->step, nn::english(d->cause).c_str(),
                nn::english(nn::divergence_advice(d->lr, d->lr)).c_str());
    const auto& rows = s.history().rows();
    auto finite = std::find_if(rows.rbegin(), rows.rend(), [](const nn::EpochRow& r) { return std::isfinite(r.train_loss); });
    if (finite != rows.rend()) {
      std::snprintf(lead, sizeof lead, "last finite epoch %ld", finite->epoch);
      print_row(lead, *finite);
    }
  } else {
    std::snprintf(lead, sizeof lead, "%s after %ld epochs (%ld steps, %.2f s)",
                  state_text(s.state() == nn::RunState::running ? nn::RunState::finished : s.state()), s.epoch(),
                  s.steps(), secs);
    print_row(lead, s.history().last());
  }
}

// --save: the trained experiment. A save never writes a file Descent cannot load.
bool save_trained(const std::string& path, const nn::Session& s) {
  const nn::Experiment trained = s.to_experiment();
  if (!all_finite(trained)) {
    std::fprintf(stderr, "descent: %s: not saved: the weights are not finite (training diverged)\n", path.c_str());
    return false;
  }
  try {
    nn::save_experiment(path, trained);
    return true;
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
    return false;
  }
}

}  // namespace

int run_headless(const HeadlessOptions& o) {
  if (o.experiment == "--list") return list_presets();
  if (lab_mode(o)) return run_lab(o);
  if (!o.lesson.empty()) return run_lesson(o);
  if (!o.gif_path.empty()) return run_gif(o);
  const std::string path = o.experiment.empty() ? default_experiment_path() : resolve_experiment(o.experiment);

  // 1. The session, and every output opened or checked before training.
  nn::Experiment exp;
  const std::unique_ptr<nn::Session> session = open_session(o, path, exp);
  if (!session) return 2;
  nn::Session& s = *session;
  InspectOutputs inside;
  if (o.inside.inspect && (o.inside.index < 0 || o.inside.index >= s.train_inputs().cols()))
    return print_inspection(s, o.inside.index);  // a bad index: one line, exit 2, before training
  if (!inside.open(o.inside, s)) return 2;
  HistoryOutput history;
  history.columns = {s.data().train_count() > 0, s.data().test_count() > 0,
                     s.data().task == nn::Task::classification};
  if (!open_outputs(o, history)) return 2;

  // 2. Train, epoch by epoch, writing the history as it grows.
  if (!o.quiet)
    std::printf("%s\n  %s: %d train / %d test points, %lld parameters, %d epochs\n",
                exp.title.empty() ? path.c_str() : exp.title.c_str(), path.c_str(), s.data().train_count(),
                s.data().test_count(), static_cast<long long>(s.network().params().size()),
                exp.training.epochs);
  history.write(s.history().last());
  const long total = exp.training.epochs;
  Progress progress{o.quiet, isatty(STDOUT_FILENO) != 0, history.columns.train, history.columns.test, total};
  const auto t0 = std::chrono::steady_clock::now();
  while (!s.stopped() && (total <= 0 ? false : s.epoch() < total)) {
    s.run_epoch();
    inside.write_rows(s);
    history.write(s.history().last());
    progress.show(s);
  }
  progress.end();
  if (!inside.finish()) return 2;
  if (o.inside.inspect) return print_inspection(s, o.inside.index);

  // 3. Report, and write what was asked for.
  print_summary(s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  const int code = history.commit() ? 0 : 2;
  if (!o.save_path.empty() && !save_trained(o.save_path, s)) return 2;
  inside.print_diagnosis(s);
  return code;
}

}  // namespace descent
