// nn/schedule.h — learning-rate schedules (per epoch), with optional linear warm-up.
//
// Formulas are torch.optim.lr_scheduler's closed forms, with e the epoch counted after warm-up:
//   constant      lr
//   step          lr · γ^⌊e / step_size⌋                        (StepLR)
//   exponential   lr · γ^e                                      (ExponentialLR)
//   cosine        η_min + (lr − η_min)(1 + cos(π e / T_max)) / 2 (CosineAnnealingLR)
// Warm-up of W epochs: during epoch w < W the rate is schedule(0) · (w + 1) / (W + 1), rising
// linearly; the schedule proper then starts at its own epoch 0.
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string_view>

namespace nn {

enum class Sched : uint8_t { constant, step, exponential, cosine };

struct ScheduleRow {
  Sched id;
  const char* name;
  const char* formula;
};

inline constexpr std::array<ScheduleRow, 4> kSchedules{{
    {Sched::constant, "constant", "lr(e) = lr"},
    {Sched::step, "step", "lr(e) = lr * gamma^floor(e / step_size)"},
    {Sched::exponential, "exponential", "lr(e) = lr * gamma^e"},
    {Sched::cosine, "cosine", "lr(e) = eta_min + (lr - eta_min) (1 + cos(pi e / t_max)) / 2"},
}};

inline const char* name(Sched s) { return kSchedules[static_cast<int>(s)].name; }

struct ScheduleSpec {
  Sched kind = Sched::constant;
  int step_size = 100;  // step
  double gamma = 0.5;   // step, exponential
  int t_max = 1000;     // cosine
  double eta_min = 0.0; // cosine
  int warmup_epochs = 0;
  bool operator==(const ScheduleSpec&) const = default;
};

// The learning rate in force during epoch `epoch` (0-based) for base rate `lr`.
inline double lr_at(const ScheduleSpec& s, double lr, long epoch) {
  auto base = [&](long e) {
    switch (s.kind) {
      case Sched::constant: return lr;
      case Sched::step: return lr * std::pow(s.gamma, double(e / s.step_size));
      case Sched::exponential: return lr * std::pow(s.gamma, double(e));
      case Sched::cosine:
        return s.eta_min + (lr - s.eta_min) * (1.0 + std::cos(M_PI * double(e) / s.t_max)) / 2.0;
    }
    return lr;
  };
  if (epoch < s.warmup_epochs) return base(0) * double(epoch + 1) / double(s.warmup_epochs + 1);
  return base(epoch - s.warmup_epochs);
}

}  // namespace nn
