// app/headless_lab.cpp — the learning-rate lab without a window:
//   --vary KEY=V1,V2,...   runs that differ in one setting, trained together (nn/runs.h)
//   --lr-find              the learning-rate range test (nn/lr_find.h)
//   --landscape FILE.csv   the loss around the trained weights (nn/landscape.h)
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.h"
#include "nn/checkpoints.h"
#include "nn/experiment.h"
#include "nn/history_csv.h"
#include "nn/landscape.h"
#include "nn/lr_find.h"
#include "nn/reasons.h"
#include "nn/runs.h"
#include "nn/session.h"
#include "nn/setting.h"

namespace fs = std::filesystem;

namespace descent {

namespace {

constexpr const char* kHistoryHeader = "epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr";

struct BadInput {
  std::string message;  // the whole line after "descent: "
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Written whole or not at all: a temporary file beside it, checked, then renamed over it.
void write_whole(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);
      std::error_code ec;
      fs::remove(tmp, ec);
      throw BadInput{path + ": cannot write: " + why};
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw BadInput{path + ": cannot write: " + ec.message()};
  }
}

std::string percent_or_value(double v, bool classification) {
  char buf[40];
  if (std::isnan(v)) return "-";
  if (classification) std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
  else std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}


nn::Experiment load(const HeadlessOptions& o, std::string& path) {
  path = o.experiment.empty() ? default_experiment_path() : resolve_experiment(o.experiment);
  nn::Experiment e = nn::load_experiment(path);
  if (o.epochs >= 0) e.training.epochs = static_cast<int>(std::min<long>(o.epochs, 100000000));
  return e;
}

// --------------------------------------------------------------------------------------------
// --vary KEY=V1,V2,...

struct Vary {
  std::string key;
  std::vector<std::string> values;
};

Vary parse_vary(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == 0 || eq + 1 == arg.size())
    throw BadInput{"--vary: expected KEY=V1,V2,... or KEY (e.g. training.optimizer.lr=0.003,0.03,0.3), got \"" + arg + "\""};
  if (eq == std::string::npos) return {arg, {}};  // the values the app proposes (nn::default_values)
  Vary v{arg.substr(0, eq), nn::split_values(arg.substr(eq + 1))};
  if (v.values.size() > size_t(nn::kMaxCompareRuns))
    throw BadInput{"--vary: " + v.key + ": at most " + std::to_string(nn::kMaxCompareRuns) + " values, got " +
                   std::to_string(v.values.size())};
  return v;
}

std::string run_line(const std::string& key, const nn::RunSnapshot& s, double target) {
  const bool classification = s.data->task == nn::Task::classification;
  const char* metric = classification ? "accuracy" : "R2";
  char buf[512];
  const std::string lead = key + "=" + s.value + ": ";
  if (s.divergence) {
    const auto& d = *s.divergence;
    std::snprintf(buf, sizeof buf, "diverged at epoch %ld, step %ld: %s", d.epoch, d.step, nn::english(d.cause).c_str());
    return lead + buf;
  }
  const nn::EpochRow& r = s.history->last();
  std::snprintf(buf, sizeof buf, "%ld epochs: train loss %.6g, test loss %.6g, train %s %s, test %s %s", s.epoch,
                r.train_loss, r.test_loss, metric, percent_or_value(r.train_metric, classification).c_str(),
                metric, percent_or_value(r.test_metric, classification).c_str());
  std::string out = lead + buf;
  const std::string goal = percent_or_value(target, classification);
  out += s.epochs_to_target >= 0 ? "; " + goal + " at epoch " + std::to_string(s.epochs_to_target)
                                 : "; " + goal + " not reached";
  return out;
}

int vary(const HeadlessOptions& o) {
  std::string path;
  nn::CompareSpec spec;
  spec.base = load(o, path);
  const Vary v = parse_vary(o.vary);
  spec.path = v.key;
  spec.values = v.values;
  std::vector<std::vector<nn::EpochRow>> rows(static_cast<size_t>(nn::kMaxCompareRuns));
  spec.on_row = [&rows](int run, const nn::EpochRow& r) { rows[size_t(run)].push_back(r); };
  std::unique_ptr<nn::Runs> runs;
  try {
    runs = std::make_unique<nn::Runs>(spec);
  } catch (const nn::Error& e) {
    throw BadInput{path + ": --vary: " + e.what()};
  }
  if (!o.quiet)
    std::printf("%s: %s = %d values on %d threads, %d epochs\n", path.c_str(), v.key.c_str(), runs->size(),
                runs->threads(), spec.base.training.epochs);
  if (spec.base.training.epochs > 0) {
    runs->play();
    while (!runs->wait_idle(std::chrono::milliseconds(500))) {
    }
  }
  std::string csv = std::string("value,") + kHistoryHeader + "\n";
  for (int i = 0; i < runs->size(); ++i) {
    const auto s = runs->snapshot(i);
    std::printf("%s\n", run_line(v.key, *s, spec.target).c_str());
    const bool classification = s->data->task == nn::Task::classification;
    const bool has_test = s->data->test_count() > 0;
    for (const auto& r : rows[size_t(i)])
      csv += csv_field(runs->value(i)) + ',' + nn::history_csv_row(r, nn::HistoryColumns{true, has_test, classification});
  }
  if (!o.csv_path.empty()) write_whole(o.csv_path, csv);
  return 0;
}

// --------------------------------------------------------------------------------------------
// --lr-find

int lr_find(const HeadlessOptions& o) {
  std::string path;
  const nn::Experiment e = load(o, path);
  const nn::LrFindResult r = nn::lr_find(e);
  if (!o.csv_path.empty()) {
    std::string csv = "step,lr,loss,smoothed_loss\n";
    for (const auto& p : r.points)
      csv += std::to_string(p.step) + ',' + nn::csv_number(p.lr) + ',' + nn::csv_number(p.loss) + ',' + nn::csv_number(p.smoothed) + '\n';
    write_whole(o.csv_path, csv);
  }
  const std::string stopped = nn::english(r.stop);
  if (!o.quiet) std::printf("%s: %zu steps; %s\n", path.c_str(), r.points.size(), stopped.c_str());
  if (!r.suggestion()) {
    std::printf("suggested lr: none (too few points before the sweep ended: %s)\n", stopped.c_str());
    return 1;
  }
  std::printf("suggested lr: %.3g (valley; minimum/10: %.3g)\n", *r.suggestion(), r.minimum ? *r.minimum : NAN);
  return 0;
}

// --------------------------------------------------------------------------------------------
// --landscape FILE.csv [--grid N]

std::string sibling(const std::string& csv, const std::string& suffix) {
  fs::path p(csv);
  const std::string stem = p.extension() == ".csv" ? p.stem().string() : p.filename().string();
  return (p.parent_path() / (stem + suffix + ".csv")).string();
}

int landscape(const HeadlessOptions& o) {
  std::string path;
  const nn::Experiment e = load(o, path);
  nn::LandscapeOptions lo;
  if (o.grid > 0) lo.grid = o.grid;
  if (lo.grid < 3 || lo.grid > 201 || lo.grid % 2 == 0)
    throw BadInput{"--grid: must be odd, 3 to 201 (the trained weights are its centre), got " + std::to_string(lo.grid)};
  nn::Session s(e);
  const Eigen::VectorXf initial = s.network().params();
  nn::CheckpointLog log;
  log.offer(s);
  while (!s.stopped() && s.epoch() < e.training.epochs) {
    s.run_epoch();
    log.offer(s);
  }
  if (s.state() == nn::RunState::diverged)
    throw BadInput{path + ": the run diverged at epoch " + std::to_string(s.divergence()->epoch) +
                   ": no landscape around non-finite weights"};
  std::vector<std::pair<long, Eigen::VectorXf>> path_points;
  for (const auto& c : log.kept()) path_points.emplace_back(c->epoch(), c->state.params);
  if (path_points.empty() || path_points.back().first != s.epoch()) path_points.emplace_back(s.epoch(), s.network().params());
  const nn::Landscape L = nn::compute_landscape(e, s.data(), s.network().params(), initial, path_points, lo);

  std::string grid = "alpha,beta,loss\n";
  for (int j = 0; j < L.n; ++j)
    for (int i = 0; i < L.n; ++i)
      grid += nn::csv_number(L.coords[size_t(i)]) + ',' + nn::csv_number(L.coords[size_t(j)]) + ',' + nn::csv_number(L.loss[size_t(j) * L.n + i]) + '\n';
  std::string trail = "epoch,alpha,beta\n";
  for (const auto& p : L.path) trail += std::to_string(p.epoch) + ',' + nn::csv_number(p.alpha) + ',' + nn::csv_number(p.beta) + '\n';
  std::string line = "t,loss\n";
  for (size_t k = 0; k < L.line_t.size(); ++k) line += nn::csv_number(L.line_t[k]) + ',' + nn::csv_number(L.line_loss[k]) + '\n';
  write_whole(o.landscape_path, grid);
  write_whole(sibling(o.landscape_path, "-path"), trail);
  write_whole(sibling(o.landscape_path, "-line"), line);
  std::printf("landscape: %dx%d around epoch %ld, train loss %.6g at the centre, %.6g to %.6g; path of %zu points\n",
              L.n, L.n, s.epoch(), L.centre_loss, L.min_loss, L.max_loss, L.path.size());
  return 0;
}

}  // namespace

bool lab_mode(const HeadlessOptions& o) {
  return !o.vary.empty() || o.lr_find || !o.landscape_path.empty() || o.grid > 0;
}

int run_lab(const HeadlessOptions& o) {
  const int modes = int(!o.vary.empty()) + int(o.lr_find) + int(!o.landscape_path.empty());
  try {
    if (modes > 1) throw BadInput{"--vary, --lr-find and --landscape: one at a time"};
    if (!o.save_path.empty()) throw BadInput{"--save: not with --vary, --lr-find or --landscape"};
    if (o.grid > 0 && o.landscape_path.empty()) throw BadInput{"--grid: only with --landscape"};
    if (!o.vary.empty()) return vary(o);
    if (o.lr_find) return lr_find(o);
    return landscape(o);
  } catch (const BadInput& b) {
    std::fprintf(stderr, "descent: %s\n", b.message.c_str());
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
  }
  return 2;
}

}  // namespace descent
