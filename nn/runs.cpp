// nn/runs.cpp — compare: runs trained together on a pool of workers (see runs.h).
#include "nn/runs.h"

#include <algorithm>
#include <cmath>

#include "nn/setting.h"

namespace nn {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kPublishPeriod = std::chrono::milliseconds(15);
// A worker trains a run for a burst, then lets it go: K runs on fewer cores take turns.
constexpr auto kBurst = std::chrono::microseconds(2000);

double run_metric(const EpochRow& r, bool has_test) { return has_test ? r.test_metric : r.train_metric; }
}  // namespace

long epochs_to_reach(const History& h, double target, bool has_test) {
  for (const auto& r : h.rows())
    if (run_metric(r, has_test) >= target) return r.epoch;
  if (!h.empty() && run_metric(h.last(), has_test) >= target) return h.last().epoch;
  return -1;
}

Runs::Runs(CompareSpec spec) : spec_(std::move(spec)) {
  if (spec_.values.empty()) spec_.values = default_values(spec_.base, spec_.path);
  if (spec_.values.size() > size_t(kMaxCompareRuns))
    throw Error(spec_.path + ": at most " + std::to_string(kMaxCompareRuns) + " values, got " +
                std::to_string(spec_.values.size()));
  const std::vector<Experiment> exps = variants(spec_.base, spec_.path, spec_.values);
  const Dataset data = spec_.data ? *spec_.data : make_dataset(spec_.base);
  if (spec_.branch) {
    if (!spec_.branch->checkpoint) throw Error("branch: no checkpoint");
    History h = spec_.branch->history ? history_until(*spec_.branch->history, spec_.branch->checkpoint->epoch())
                                      : History();
    if (h.empty() || h.last().epoch != spec_.branch->checkpoint->epoch()) h.push(spec_.branch->checkpoint->row);
    branch_history_ = std::make_shared<const History>(std::move(h));
  }
  for (size_t i = 0; i < exps.size(); ++i) {
    auto r = std::make_unique<Run>();
    r->index = int(i);
    r->value = spec_.values[i];
    r->exp = exps[i];
    // The data set is shared unless the setting is one that decides it (data.*).
    const bool same_data = exps[i].data == spec_.base.data && data_seed(exps[i]) == data_seed(spec_.base);
    r->session = std::make_unique<Session>(r->exp, same_data ? data : make_dataset(r->exp));
    start_run(*r);
    publish(*r);
    runs_.push_back(std::move(r));
  }
  int n = spec_.threads > 0 ? spec_.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  n = std::min(n, size());
  for (int t = 0; t < n; ++t) workers_.emplace_back([this] { worker(); });
}

// A fresh start: the initial weights, or the branch's checkpoint with its past.
void Runs::start_run(Run& r) {
  Session& s = *r.session;
  s.reset();
  r.checkpoints.clear();
  r.to_target = -1;
  if (spec_.branch) {
    History h = *branch_history_;
    if (current_value(r.exp, spec_.path) != current_value(spec_.base, spec_.path))
      h.mark(spec_.branch->checkpoint->epoch(), spec_.path + " " + r.value);  // where it branched
    s.restore(spec_.branch->checkpoint->state, &h);
  }
  r.last_row = -1;
  after_row(r);
}

Runs::~Runs() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

std::vector<std::shared_ptr<const RunSnapshot>> Runs::snapshots() const {
  std::vector<std::shared_ptr<const RunSnapshot>> out;
  for (const auto& r : runs_) out.push_back(r->slot.load());
  return out;
}

uint64_t Runs::push(const Command& c) {
  uint64_t seq;
  {
    std::lock_guard lock(mu_);
    seq = next_seq_++;
    for (auto& r : runs_) r->queue.emplace_back(seq, c);
  }
  cv_.notify_all();
  return seq;
}

uint64_t Runs::play() { return push(Play{}); }
uint64_t Runs::pause() { return push(Pause{}); }
uint64_t Runs::step_epochs(long n) { return push(StepEpochs{n}); }
uint64_t Runs::step_steps(long n) { return push(StepSteps{n}); }
uint64_t Runs::reset() { return push(Reset{}); }
uint64_t Runs::set_speed(double sps) { return push(SetSpeed{sps}); }
uint64_t Runs::set_max_steps_per_publish(long n) { return push(SetPublish{n}); }

Experiment Runs::keep(int i) const {
  const auto snap = snapshot(i);
  Experiment e = *snap->experiment;
  Weights w;
  Net net(snap->arch);
  net.params() = snap->params;
  for (int l = 0; l < net.layers(); ++l) {
    const auto W = net.W(l);
    std::vector<double> rows;
    for (int row = 0; row < W.rows(); ++row)
      for (int c = 0; c < W.cols(); ++c) rows.push_back(double(W(row, c)));
    w.W.push_back(std::move(rows));
    const auto b = net.b(l);
    w.b.emplace_back(b.data(), b.data() + b.size());
  }
  e.weights = std::move(w);
  return e;
}

bool Runs::wait_applied(uint64_t seq, std::chrono::milliseconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  auto all = [&] {
    for (const auto& r : runs_)
      if (r->slot.load()->applied_command < seq) return false;
    return true;
  };
  while (Clock::now() < deadline) {
    if (all()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return all();
}

bool Runs::idle_locked() const {
  for (const auto& r : runs_)
    if (r->claimed || !r->queue.empty() || r->wants_steps) return false;
  return true;
}

bool Runs::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [this] { return idle_locked(); });
}

// --------------------------------------------------------------------------------------------
// Workers

// The next run with work that no worker holds, round robin; else the earliest time a
// speed-limited run is due (max() when none is).
Runs::Run* Runs::pick(Clock::time_point now, Clock::time_point& earliest) {
  earliest = Clock::time_point::max();
  for (size_t k = 0; k < runs_.size(); ++k) {
    Run& r = *runs_[(cursor_ + k) % runs_.size()];
    if (r.claimed) continue;
    if (!r.queue.empty() || (r.wants_steps && r.due <= now)) {
      cursor_ = (cursor_ + k + 1) % runs_.size();
      return &r;
    }
    if (r.wants_steps) earliest = std::min(earliest, r.due);
  }
  return nullptr;
}

void Runs::worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    Clock::time_point earliest;
    Run* r = nullptr;
    while (!quit_ && !(r = pick(Clock::now(), earliest))) {
      if (earliest == Clock::time_point::max()) cv_.wait(lock);
      else cv_.wait_until(lock, earliest);
    }
    if (quit_) return;
    r->claimed = true;
    std::deque<std::pair<uint64_t, Command>> cmds;
    cmds.swap(r->queue);
    lock.unlock();
    work(*r, cmds);
    lock.lock();
    r->claimed = false;
    r->wants_steps = r->playing && !r->session->stopped();
    r->due = r->speed > 0.0 ? r->next_step_at : Clock::time_point::min();
    if (r->wants_steps) cv_.notify_one();  // (another worker may take it while this one waits)
    if (idle_locked()) idle_cv_.notify_all();
  }
}

void Runs::work(Run& r, std::deque<std::pair<uint64_t, Command>>& cmds) {
  if (!cmds.empty()) {
    for (auto& [seq, c] : cmds) {
      execute(r, c);
      r.applied = seq;
    }
    r.next_step_at = Clock::now();
    publish(r);
    return;
  }
  train_burst(r);
  const auto now = Clock::now();
  if (!r.playing || r.session->stopped() || now - r.last_publish >= kPublishPeriod ||
      (r.publish_every > 0 && r.since_publish >= r.publish_every))
    publish(r);
}

void Runs::execute(Run& r, Command& cmd) {
  Session& s = *r.session;
  std::visit(
      [&](auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, Play>) {
          r.playing = true;
          r.steps_left = r.epochs_target = -1;
          if (s.state() == RunState::finished || s.state() == RunState::converged) {
            Experiment e = s.experiment();  // play after the end: extend the run, as the Trainer does
            e.training.epochs = 0;
            e.training.loss_threshold = 0.0;
            s.apply(e);
          }
        } else if constexpr (std::is_same_v<C, Pause>) {
          r.playing = false;
        } else if constexpr (std::is_same_v<C, StepEpochs>) {
          r.playing = true;
          r.steps_left = -1;
          r.epochs_target = s.epoch() + c.n;
        } else if constexpr (std::is_same_v<C, StepSteps>) {
          r.playing = true;
          r.epochs_target = -1;
          r.steps_left = c.n;
        } else if constexpr (std::is_same_v<C, Reset>) {
          start_run(r);
        } else if constexpr (std::is_same_v<C, SetSpeed>) {
          r.speed = c.sps > 0.0 ? c.sps : 0.0;
        } else if constexpr (std::is_same_v<C, SetPublish>) {
          r.publish_every = c.n;
        }
      },
      cmd);
  ++r.params_version;
}

void Runs::train_burst(Run& r) {
  Session& s = *r.session;
  const auto burst_end = Clock::now() + kBurst;
  unsigned n = 0;  // the clock is read every 16 steps (per step it costs on tiny nets)
  do {
    if (r.speed > 0.0) {
      const auto now = Clock::now();
      r.next_step_at = std::max(r.next_step_at + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(1.0 / r.speed)),
                                now - std::chrono::milliseconds(100));
    }
    s.step();
    ++r.params_version;
    ++r.since_publish;
    if (s.history().last().epoch != r.last_row) after_row(r);
    if (r.steps_left > 0 && --r.steps_left == 0) r.playing = false;
    if (r.epochs_target >= 0 && s.epoch() >= r.epochs_target) r.playing = false;
    if (s.stopped()) r.playing = false;
    if (r.publish_every > 0 && r.since_publish >= r.publish_every) break;
  } while (r.playing && r.speed == 0.0 && ((++n & 15) != 0 || Clock::now() < burst_end));
}

// After a History row (an epoch, or where the run blew up): the timeline, "epochs to
// reach", and the row to whoever asked for every one.
void Runs::after_row(Run& r) {
  Session& s = *r.session;
  r.last_row = s.history().last().epoch;
  if (spec_.on_row) spec_.on_row(r.index, s.history().last());
  r.checkpoints.offer(s);
  if (r.to_target < 0 && s.state() != RunState::diverged) {
    const EpochRow& row = s.history().last();
    if (run_metric(row, s.data().test_count() > 0) >= spec_.target) r.to_target = row.epoch;
  }
}

void Runs::publish(Run& r) {
  Session& s = *r.session;
  auto snap = std::make_shared<RunSnapshot>();
  snap->version = ++r.version;
  snap->params_version = r.params_version;
  snap->applied_command = r.applied;
  r.publisher.fill(s, r.checkpoints, *snap);
  snap->playing = r.playing && !s.stopped();
  snap->has_last_finite = false;  // a compared run is not rescued: it stops where it diverged
  snap->speed_limit = r.speed;
  snap->index = r.index;
  snap->value = r.value;
  snap->epochs_to_target = r.to_target;
  snap->started_at = spec_.branch ? spec_.branch->checkpoint->epoch() : 0;

  const auto now = Clock::now();
  const double dt = std::chrono::duration<double>(now - r.sps_t0).count();
  if (!snap->playing) {
    r.sps = 0.0;
    r.sps_t0 = now;
    r.sps_steps0 = s.steps();
  } else if (dt >= 0.5) {
    r.sps = double(s.steps() - r.sps_steps0) / dt;
    r.sps_t0 = now;
    r.sps_steps0 = s.steps();
  }
  snap->steps_per_second = r.sps;
  r.last_publish = now;
  r.since_publish = 0;
  r.slot.store(std::move(snap));
}

}  // namespace nn
