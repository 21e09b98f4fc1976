// nn/trainer.cpp — the trainer thread (see trainer.h for the hand-off rules).
#include "nn/trainer.h"

#include <cstring>

#include <cmath>

namespace nn {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kPublishPeriod = std::chrono::milliseconds(15);
// While playing flat out, steps run in bursts between checks of the queue and the clock.
constexpr auto kBurst = std::chrono::microseconds(2000);
// The live Layers plot, distributions and doctor want rows from the first epochs on (a preset
// may run 100 epochs; the cost budget alone spaces rows of a small net ~2000 epochs apart):
// about this many rows per doubling of the epoch (nn/layer_stats.h, set_early_rows).
constexpr long kEarlyLayerRows = 64;
}  // namespace

Trainer::Trainer(const Experiment& e) : Trainer(e, make_dataset(e)) {}

Trainer::Trainer(const Experiment& e, Dataset data)
    : session_(std::make_unique<Session>(e, std::move(data))) {
  session_->set_layer_stats_early(kEarlyLayerRows);
  if (e.progress) session_->restore_progress(*e.progress);
  keep_finite(*session_);
  checkpoints_.offer(*session_);
  publish();
  thread_ = std::thread([this] { run(); });
}

Trainer::~Trainer() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Trainer::push(Command c) {
  uint64_t seq;
  {
    std::lock_guard lock(mu_);
    seq = next_seq_++;
    queue_.emplace_back(seq, std::move(c));
    idle_ = false;
  }
  cv_.notify_all();
  return seq;
}

uint64_t Trainer::play() { return push(Play{}); }
uint64_t Trainer::pause() { return push(Pause{}); }
uint64_t Trainer::step_epochs(long n) { return push(StepEpochs{n}); }
uint64_t Trainer::step_steps(long n) { return push(StepSteps{n}); }
uint64_t Trainer::reset() { return push(Reset{}); }
uint64_t Trainer::apply(Experiment e) { return push(Apply{std::move(e)}); }
uint64_t Trainer::load(Experiment e) { return push(Load{std::move(e)}); }
uint64_t Trainer::set_data(Dataset d) { return push(SetData{std::move(d)}); }
uint64_t Trainer::set_parameter(int l, int row, int col, double v) { return push(SetParam{l, row, col, v}); }
uint64_t Trainer::restore_last_finite() { return push(RestoreFinite{}); }
uint64_t Trainer::set_speed(double sps) { return push(SetSpeed{sps, false}); }
uint64_t Trainer::set_pace(double eps) { return push(SetSpeed{eps, true}); }

double Trainer::steps_per_second_limit() const {
  return speed_per_epoch_ ? speed_ * session_->steps_per_epoch() : speed_;
}
uint64_t Trainer::set_max_steps_per_publish(long n) { return push(SetPublish{n}); }
uint64_t Trainer::inspect(int index) { return push(Inspect{index}); }

bool Trainer::wait_applied(uint64_t seq, std::chrono::milliseconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (snapshot()->applied_command >= seq) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return snapshot()->applied_command >= seq;
}

bool Trainer::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return idle_; });
}

// --------------------------------------------------------------------------------------------
// Play or Step after the run ended (its epoch limit or loss threshold reached) goes on past
// it rather than doing nothing; the experiment keeps its limits. The one home of that rule.
void Trainer::extend_if_ended(Session& s) {
  if (s.state() != RunState::finished && s.state() != RunState::converged) return;
  s.go_on();
}

void Trainer::execute(Command& cmd) {
  Session& s = *session_;
  std::visit(
      [&](auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, Play>) {
          extend_if_ended(s);
          playing_ = true;
          steps_left_ = -1;
          epochs_target_ = -1;
        } else if constexpr (std::is_same_v<C, Pause>) {
          playing_ = false;
        } else if constexpr (std::is_same_v<C, StepEpochs>) {
          extend_if_ended(s);
          playing_ = true;
          steps_left_ = -1;
          epochs_target_ = s.epoch() + c.n;
        } else if constexpr (std::is_same_v<C, StepSteps>) {
          extend_if_ended(s);
          playing_ = true;
          epochs_target_ = -1;
          steps_left_ = c.n;
        } else if constexpr (std::is_same_v<C, Reset>) {
          s.reset();
          checkpoints_.clear();
          checkpoints_.offer(s);
        } else if constexpr (std::is_same_v<C, Apply>) {
          s.apply(c.e);
        } else if constexpr (std::is_same_v<C, Load>) {
          session_ = std::make_unique<Session>(c.e);
          session_->set_layer_stats_early(kEarlyLayerRows);
          if (c.e.progress) session_->restore_progress(*c.e.progress);
          playing_ = false;
          checkpoints_.clear();
          checkpoints_.offer(*session_);
        } else if constexpr (std::is_same_v<C, SetData>) {
          s.set_data(std::move(c.d));
        } else if constexpr (std::is_same_v<C, SetParam>) {
          s.set_parameter(c.l, c.row, c.col, c.v);
        } else if constexpr (std::is_same_v<C, RestoreFinite>) {
          if (!has_last_finite_) throw Error("there are no finite weights to go back to");
          s.set_params(last_finite_);
        } else if constexpr (std::is_same_v<C, SetSpeed>) {
          speed_ = c.v > 0.0 ? c.v : 0.0;
          speed_per_epoch_ = c.per_epoch;
        } else if constexpr (std::is_same_v<C, SetPublish>) {
          publish_every_ = c.n;
        } else if constexpr (std::is_same_v<C, Inspect>) {
          inspect_index_ = -1;
          inspection_.reset();
          if (c.index >= 0) inspect_sample(s, c.index);  // throws for a bad index: refused
          inspect_index_ = c.index;
        }
      },
      cmd);
  ++params_version_;  // most commands can move weights; a spurious re-render is harmless
}

void Trainer::keep_finite(const Session& s) {
  last_finite_ = s.network().params();
  last_finite_epoch_ = s.epoch();
  has_last_finite_ = true;
  last_finite_shared_.reset();  // published anew if the run diverges from here
}

void Trainer::run() {
  Pacing p{Clock::now(), Clock::now(), 0};
  sps_t0_ = Clock::now();
  for (;;) {
    bool any = false;
    if (!drain_commands(p, &any)) return;
    if (any) {  // publish what the commands did before training or sleeping
      publish();
      p.last_publish = Clock::now();
      p.since_publish = 0;
      continue;
    }
    train_burst(p);
    const auto now = Clock::now();
    if (!playing_ || now - p.last_publish >= kPublishPeriod ||
        (publish_every_ > 0 && p.since_publish >= publish_every_)) {
      publish();
      p.last_publish = now;
      p.since_publish = 0;
    }
  }
}

// 1. Drain the queue: every pending command, in order, between steps. With nothing to train
// and nothing queued, sleep until a command comes. `*any`: a command ran (the caller publishes
// before sleeping). Returns false when asked to quit.
bool Trainer::drain_commands(Pacing& p, bool* any) {
  for (;;) {
    std::pair<uint64_t, Command> item;
    {
      std::unique_lock lock(mu_);
      if (quit_) return false;
      if (queue_.empty()) {
        const bool waiting = !playing_ || session_->stopped();
        if (!waiting || *any) return true;
        idle_ = true;
        cv_.notify_all();
        cv_.wait(lock, [this] { return quit_ || !queue_.empty(); });
        if (quit_) return false;
        idle_ = false;
        continue;
      }
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      execute(item.second);
      message_.clear();
    } catch (const std::exception& ex) {
      message_ = ex.what();  // the edit is refused; the Session is unchanged
    }
    applied_ = item.first;
    *any = true;
    // Whatever a command leaves (initial weights after a reset or load, an edit) is a
    // finite state worth going back to, so divergence at step 1 still has somewhere to go.
    if (session_->state() != RunState::diverged && session_->network().finite()) keep_finite(*session_);
    p.next_step_at = Clock::now();
  }
}

// 2. Train: a burst of steps (about kBurst long), or one when a speed limit spaces them out
// (then wait for its time, or a command, first).
void Trainer::train_burst(Pacing& p) {
  Session& s = *session_;
  const auto burst_end = Clock::now() + kBurst;
  unsigned burst_steps = 0;  // the clock is read every 16 steps: per step it cost ~5 % on tiny nets
  const double speed = steps_per_second_limit();
  do {
    if (speed > 0.0) {
      const auto now = Clock::now();
      if (now < p.next_step_at) {
        std::unique_lock lock(mu_);
        cv_.wait_until(lock, std::min(p.next_step_at, p.last_publish + kPublishPeriod),
                       [this] { return quit_ || !queue_.empty(); });
        break;
      }
      p.next_step_at = std::max(p.next_step_at + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(1.0 / speed)),
                                now - std::chrono::milliseconds(100));
    }
    const long epoch_before = s.epoch();
    s.step();
    ++params_version_;
    ++p.since_publish;
    if (s.epoch() != epoch_before && s.network().finite() && s.state() != RunState::diverged) {
      keep_finite(s);  // (P) copy per epoch: "back to last finite"
      checkpoints_.offer(s);  // the timeline: a copy at log-spaced epochs only
    }
    if (steps_left_ > 0 && --steps_left_ == 0) playing_ = false;
    if (epochs_target_ >= 0 && s.epoch() >= epochs_target_) playing_ = false;
    if (s.stopped()) playing_ = false;
    if (publish_every_ > 0 && p.since_publish >= publish_every_) break;
  } while (playing_ && speed == 0.0 && ((++burst_steps & 15) != 0 || Clock::now() < burst_end));
}

void SessionPublisher::fill(Session& s, const CheckpointLog& timeline, Snapshot& snap) {
  if (!checkpoints_ || checkpoints_version_ != timeline.version()) {
    checkpoints_ = std::make_shared<const CheckpointList>(timeline.kept());
    checkpoints_version_ = timeline.version();
  }
  snap.checkpoints = checkpoints_;
  if (!exp_ || !(*exp_ == s.experiment())) exp_ = std::make_shared<const Experiment>(s.experiment());
  if (!data_ || !(*data_ == s.data())) data_ = std::make_shared<const Dataset>(s.data());
  const History& h = s.history();
  const long last_epoch = h.empty() ? -1 : h.last().epoch;
  // (The last row's numbers too: a loaded experiment or a reset starts again at epoch 0 with a
  // row of its own, which the epoch and the counts alone would take for the old one.)
  if (!hist_ || last_epoch != hist_epoch_ || h.markers().size() != hist_markers_ ||
      h.rows().size() != hist_->rows().size() ||
      (!h.empty() && std::memcmp(&h.last(), &hist_->last(), sizeof(EpochRow)) != 0)) {
    hist_ = std::make_shared<const History>(h);
    hist_epoch_ = last_epoch;
    hist_markers_ = h.markers().size();
  }
  const LayerHistory& lh = s.layer_stats().history();
  if (!layers_ || layers_->last() != lh.last() || layers_->rows().size() != lh.rows().size())
    layers_ = std::make_shared<const LayerHistory>(lh);  // copies row pointers only
  snap.layer_history = layers_;
  if (!step_losses_ || step_losses_->pushed() != s.step_losses().pushed())
    step_losses_ = std::make_shared<const StepLossTrace>(s.step_losses());
  snap.step_losses = step_losses_;
  snap.metrics = s.metrics();
  snap.limits_lifted = s.limits_lifted();
  snap.experiment = exp_;
  snap.data = data_;
  snap.history = hist_;

  const Net& net = s.network();
  snap.arch = net.arch();
  snap.params = net.params();
  snap.grads = net.grads();
  snap.layers.resize(net.layers());
  const auto health = s.unit_health();
  for (int l = 0; l < net.layers(); ++l) {
    auto& st = snap.layers[l];
    st.weight_norm = net.W(l).template cast<double>().norm();
    const Eigen::Map<const Eigen::MatrixXf> g(net.grads().data() + net.w_offset(l), net.arch().fan_out(l),
                                              net.arch().fan_in(l));
    st.grad_norm = g.template cast<double>().norm();
    if (size_t(l) < health.size()) {
      st.dead_fraction = health[l].dead;
      st.saturated_fraction = health[l].saturated;
      st.units = health[l].units;
    }
  }
  snap.state = s.state();
  snap.divergence = s.divergence();
  snap.epoch = s.epoch();
  snap.steps = s.steps();
  snap.steps_per_epoch = s.steps_per_epoch();
  snap.lr = s.lr();
}

// Build and swap in a new immutable snapshot. Runs on the trainer thread (and once in the
// constructor, before the thread starts).
void Trainer::publish() {
  Session& s = *session_;
  auto snap = std::make_shared<Snapshot>();  // (allocates: publishing is not the hot path)
  snap->version = ++version_;
  snap->params_version = params_version_;
  snap->applied_command = applied_;
  if (!playing_ || s.stopped()) s.refresh_metrics();  // paused: what is shown is measured now
  publisher_.fill(s, checkpoints_, *snap);
  if (inspect_index_ < 0 || inspect_index_ >= s.train_inputs().cols()) {
    inspection_.reset();  // none asked for, or the data changed under it
  } else if (!inspection_ || inspection_params_ != params_version_) {
    inspection_ = std::make_shared<const SamplePass>(inspect_sample(s, inspect_index_));
    inspection_params_ = params_version_;
  }
  snap->inspection = inspection_;

  snap->playing = playing_ && !s.stopped();
  snap->has_last_finite = has_last_finite_;
  if (s.state() == RunState::diverged && has_last_finite_) {  // what Save writes then
    if (!last_finite_shared_) last_finite_shared_ = std::make_shared<const Eigen::VectorXf>(last_finite_);
    snap->last_finite = last_finite_shared_;
    snap->last_finite_epoch = last_finite_epoch_;
  }
  snap->speed_limit = steps_per_second_limit();
  snap->pace = speed_per_epoch_ ? speed_ : 0.0;
  snap->message = message_;

  const auto now = Clock::now();
  const double dt = std::chrono::duration<double>(now - sps_t0_).count();
  if (!snap->playing) {
    sps_ = 0.0;
    sps_t0_ = now;
    sps_steps0_ = s.steps();
  } else if (dt >= 0.5) {
    sps_ = double(s.steps() - sps_steps0_) / dt;
    sps_t0_ = now;
    sps_steps0_ = s.steps();
  }
  snap->steps_per_second = sps_;
  snap_.store(std::move(snap));
}

}  // namespace nn
