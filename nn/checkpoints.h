// nn/checkpoints.h — a run's timeline: its state at log-spaced epochs, in bounded memory.
//
// A checkpoint is everything training reads besides the experiment and the data (weights,
// optimizer state, RNG streams, batch order: Session::State) plus the epoch's metrics, so the
// timeline can draw the network and the loss marker at any kept epoch, and "branch from here"
// can restore it and train on (bit for bit what the run itself did, when nothing is changed).
//
// Kept epochs: 0, 1, 2, 3, 4, 6, 8, 12, 16, 24, ... (2^k and 3·2^k: two per octave, so a
// million epochs keep ~40). Memory is bounded by a byte budget and a count: when either is
// exceeded, the interior checkpoint whose neighbours are closest on a log scale is dropped
// (the first and the latest always stay), which keeps the survivors evenly spread in log time.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "nn/history.h"
#include "nn/session.h"

namespace nn {

struct Checkpoint {
  Session::State state;
  EpochRow row;  // the metrics at that epoch
  long epoch() const { return state.epoch; }
  size_t bytes() const;  // memory held (approximate: the vectors' payloads)
};

using CheckpointList = std::vector<std::shared_ptr<const Checkpoint>>;

// Is `epoch` one the timeline keeps (0, 2^k or 3·2^k)?
bool on_checkpoint_grid(long epoch);

class CheckpointLog {
 public:
  static constexpr size_t kDefaultBytes = size_t(32) << 20;  // per run
  static constexpr size_t kDefaultCount = 64;

  explicit CheckpointLog(size_t max_bytes = kDefaultBytes, size_t max_count = kDefaultCount);

  // After a step: keeps a checkpoint when the session sits at the start of an epoch on the
  // grid that is not kept yet (and its weights are finite). Returns whether it kept one.
  bool offer(const Session& s);
  void clear();

  // Kept checkpoints, oldest first; immutable, so they can be handed to other threads as is.
  const CheckpointList& kept() const { return kept_; }
  // The latest checkpoint at or before `epoch`, or null.
  std::shared_ptr<const Checkpoint> at_or_before(long epoch) const;
  size_t bytes() const { return bytes_; }
  size_t max_bytes() const { return max_bytes_; }
  size_t max_count() const { return max_count_; }
  uint64_t version() const { return version_; }  // changes whenever kept() changes

 private:
  void thin();

  size_t max_bytes_, max_count_;
  size_t bytes_ = 0;
  uint64_t version_ = 0;
  CheckpointList kept_;
};

// The rows of `h` up to and including `epoch`, as a History of its own (a branch's past).
History history_until(const History& h, long epoch);

}  // namespace nn
