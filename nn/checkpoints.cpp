// nn/checkpoints.cpp — a run's timeline (see checkpoints.h).
#include "nn/checkpoints.h"

#include <cmath>
#include <limits>

namespace nn {

size_t Checkpoint::bytes() const {
  const auto& o = state.optimizer;
  return sizeof(Checkpoint) +
         sizeof(float) * size_t(state.params.size() + o.buf1.size() + o.buf2.size() + o.buf3.size()) +
         sizeof(int) * state.order.size();
}

bool on_checkpoint_grid(long e) {
  if (e < 0) return false;
  if (e <= 1) return true;
  auto power_of_two = [](long v) { return v > 0 && (v & (v - 1)) == 0; };
  return power_of_two(e) || (e % 3 == 0 && power_of_two(e / 3));
}

CheckpointLog::CheckpointLog(size_t max_bytes, size_t max_count)
    : max_bytes_(max_bytes), max_count_(max_count < 2 ? 2 : max_count) {}

void CheckpointLog::clear() {
  kept_.clear();
  bytes_ = 0;
  ++version_;
}

bool CheckpointLog::offer(const Session& s) {
  if (s.step_in_epoch() != 0 || !on_checkpoint_grid(s.epoch())) return false;
  if (!kept_.empty() && kept_.back()->epoch() >= s.epoch()) return false;
  if (s.state() == RunState::diverged || !s.network().finite()) return false;
  auto cp = std::make_shared<Checkpoint>();
  cp->state = s.capture();
  cp->row = s.history().last();
  bytes_ += cp->bytes();
  kept_.push_back(std::move(cp));
  thin();
  ++version_;
  return true;
}

// Drop interior checkpoints, closest neighbours on a log scale first, until within budget.
void CheckpointLog::thin() {
  auto pos = [](long e) { return std::log(double(e) + 1.0); };
  while (kept_.size() > 2 && (kept_.size() > max_count_ || bytes_ > max_bytes_)) {
    size_t drop = 1;
    double best = std::numeric_limits<double>::infinity();
    for (size_t k = 1; k + 1 < kept_.size(); ++k) {
      const double gap = pos(kept_[k + 1]->epoch()) - pos(kept_[k - 1]->epoch());
      if (gap < best) best = gap, drop = k;
    }
    bytes_ -= kept_[drop]->bytes();
    kept_.erase(kept_.begin() + long(drop));
  }
}

std::shared_ptr<const Checkpoint> CheckpointLog::at_or_before(long epoch) const {
  std::shared_ptr<const Checkpoint> best;
  for (const auto& c : kept_)
    if (c->epoch() <= epoch) best = c;
  return best;
}

History history_until(const History& h, long epoch) {
  History out(h.capacity());
  for (const auto& r : h.rows())
    if (r.epoch <= epoch) out.push(r);
  if (!h.empty() && h.last().epoch <= epoch && (out.empty() || out.last().epoch != h.last().epoch))
    out.push(h.last());
  for (const auto& m : h.markers())
    if (m.epoch <= epoch) out.mark(m.epoch, m.what);
  return out;
}

}  // namespace nn
