// nn/background.h — a long computation (LR range test, loss landscape) on a worker thread, with
// progress and cancel, handing its result over as an immutable shared_ptr.
//
// Same discipline as the Trainer: the UI reads progress() and result() once per frame and
// never waits; cancel() asks the job to stop at its next check. The destructor cancels and
// joins (a job checks its Progress often, so that is quick).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "nn/trainer.h"

namespace nn {

struct Progress {
  std::atomic<double> fraction{0.0};  // 0..1, written by the job
  std::atomic<bool> cancel{false};    // set by anyone, read by the job
  bool cancelled() const { return cancel.load(std::memory_order_relaxed); }
  void set(double f) { fraction.store(f, std::memory_order_relaxed); }
};

template <typename T>
class Background {
 public:
  // Starts `job` at once on its own thread.
  explicit Background(std::function<T(Progress&)> job)
      : thread_([this, job = std::move(job)] {
          auto result = std::make_shared<const T>(job(progress_));
          slot_.store(std::move(result));
          done_.store(true);
        }) {}
  ~Background() {
    progress_.cancel.store(true);
    thread_.join();
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  double progress() const { return progress_.fraction.load(std::memory_order_relaxed); }
  void cancel() { progress_.cancel.store(true); }
  bool done() const { return done_.load(); }
  std::shared_ptr<const T> result() const { return slot_.load(); }  // null until done

 private:
  Progress progress_;
  std::atomic<bool> done_{false};
  SnapshotSlot<T> slot_;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace nn
