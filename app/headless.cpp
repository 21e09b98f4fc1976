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

int run_headless(const HeadlessOptions& o) {
  if (o.experiment == "--list") return list_presets();
  if (lab_mode(o)) return run_lab(o);
  if (!o.lesson.empty()) return run_lesson(o);
  if (!o.gif_path.empty()) return run_gif(o);
  const std::string path = o.experiment.empty() ? default_experiment_path() : resolve_experiment(o.experiment);

  nn::Experiment exp;
  std::unique_ptr<nn::Session> session;
  try {
    exp = nn::load_experiment(path);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", nn::one_line(ex.what()).c_str());
    return 2;
  }
  try {
    if (o.epochs >= 0) exp.training.epochs = static_cast<int>(o.epochs);  // main.cpp checked the range
    session = std::make_unique<nn::Session>(exp);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "descent: %s: out of memory (the data set or the network is too large)\n", path.c_str());
    return 2;
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", nn::one_line(located(ex.what(), path, exp)).c_str());
    return 2;
  }
  nn::Session& s = *session;
  InspectOutputs inside;
  if (o.inside.inspect && (o.inside.index < 0 || o.inside.index >= s.train_inputs().cols()))
    return print_inspection(s, o.inside.index);  // a bad index: one line, exit 2, before training
  if (!inside.open(o.inside, s)) return 2;

  // Output paths are checked before training, so a typo does not cost the run. The history is
  // written to a temporary file as training goes (nn::AtomicFile), renamed into place at the end.
  std::optional<nn::AtomicFile> csv;
  std::string csv_error;  // a failed write: training goes on (the --save still happens), exit 2
  try {
    if (!o.save_path.empty()) nn::check_writable(o.save_path);
    if (!o.csv_path.empty()) {
      csv.emplace(o.csv_path);
      csv->write(nn::history_csv_header());
    }
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
    return 2;
  }
  const bool classification = s.data().task == nn::Task::classification;
  const bool has_test = s.data().test_count() > 0;
  const bool has_train = s.data().train_count() > 0;
  const nn::HistoryColumns columns{has_train, has_test, classification};
  auto write_row = [&](const nn::EpochRow& r) {
    if (!csv) return;
    try {
      csv->write(nn::history_csv_row(r, columns));
    } catch (const std::exception& ex) {
      csv_error = ex.what();
      csv.reset();
    }
  };

  const bool tty = isatty(STDOUT_FILENO);
  if (!o.quiet)
    std::printf("%s\n  %s: %d train / %d test points, %lld parameters, %d epochs\n",
                exp.title.empty() ? path.c_str() : exp.title.c_str(), path.c_str(), s.data().train_count(),
                s.data().test_count(), static_cast<long long>(s.network().params().size()),
                exp.training.epochs);
  write_row(s.history().last());
  long written = s.history().last().epoch;

  const long total = exp.training.epochs;
  const auto t0 = std::chrono::steady_clock::now();
  auto last_print = t0;
  long last_line_decile = 0;
  while (!s.stopped() && (total <= 0 ? false : s.epoch() < total)) {
    s.run_epoch();
    inside.write_rows(s);
    const auto& r = s.history().last();
    if (r.epoch > written) {  // one row per epoch, plus the blown-up epoch of a diverged run
      write_row(r);
      written = r.epoch;
    }
    if (o.quiet) continue;
    const auto now = std::chrono::steady_clock::now();
    if (tty) {
      if (now - last_print > std::chrono::milliseconds(100) || s.stopped() || s.epoch() == total) {
        last_print = now;
        const int width = 30;
        const int filled = static_cast<int>(width * double(s.epoch()) / double(std::max(total, 1L)));
        std::printf("\r  [%s%s] epoch %ld/%ld  train loss %s  test loss %s ",
                    std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), s.epoch(),
                    total, loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str());
        std::fflush(stdout);
      }
    } else {
      const long decile = s.epoch() * 10 / std::max(total, 1L);
      if (decile > last_line_decile) {
        last_line_decile = decile;
        std::printf("  epoch %ld/%ld  train loss %s  test loss %s\n", s.epoch(), total,
                    loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str());
      }
    }
  }
  if (tty && !o.quiet) std::printf("\n");
  if (!inside.finish()) return 2;
  if (o.inside.inspect) return print_inspection(s, o.inside.index);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const char* metric = classification ? "accuracy" : "R2";
  auto print_row = [&](const char* lead, const nn::EpochRow& r) {
    std::printf("%s: train loss %s, test loss %s, train %s %s, test %s %s\n", lead,
                loss_text(r.train_loss, has_train).c_str(), loss_text(r.test_loss, has_test).c_str(), metric, percent_or_value(r.train_metric, classification).c_str(), metric,
                percent_or_value(r.test_metric, classification).c_str());
  };
  char lead[160];
  if (const auto& d = s.divergence()) {
    std::printf("diverged at epoch %ld, step %ld: %s. %s\n", d->epoch, d->step, d->what.c_str(), d->hint.c_str());
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

  int code = 0;
  if (csv) {
    try {
      csv->commit();
    } catch (const std::exception& ex) {
      csv_error = ex.what();
    }
  }
  if (!csv_error.empty()) {
    std::fprintf(stderr, "descent: %s (the history was not written)\n", csv_error.c_str());
    code = 2;
  }
  if (!o.save_path.empty()) {
    const nn::Experiment trained = s.to_experiment();
    if (!all_finite(trained)) {
      // A save never writes a file Descent cannot load.
      std::fprintf(stderr, "descent: %s: not saved: the weights are not finite (training diverged)\n",
                   o.save_path.c_str());
      return 2;
    }
    try {
      nn::save_experiment(o.save_path, trained);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "descent: %s\n", ex.what());
      return 2;
    }
  }
  inside.print_diagnosis(s);
  return code;
}

}  // namespace descent
