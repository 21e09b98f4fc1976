// nn/optimizer.h — the six optimizers, with PyTorch's torch.optim update rules and defaults.
//
// All parameters of a network live in one flat vector (see Network), so an update is one
// vectorized pass over it. Names of hyper-parameters are torch.optim's. weight_decay is added
// to the gradient of every parameter, weights and biases alike, exactly as torch does.
//
//   sgd/momentum/nesterov  torch.optim.SGD     g += wd·p; b = g (first step) or μ·b + (1−τ)·g;
//                                              g = g + μ·b (nesterov) or b; p −= lr·g
//   adagrad                torch.optim.Adagrad  g += wd·p; clr = lr / (1 + (t−1)·lr_decay);
//                                              s += g²; p −= clr · g / (√s + eps)
//   rmsprop                torch.optim.RMSprop  g += wd·p; v = α·v + (1−α)·g²; [centered: ḡ = α·ḡ +
//                                              (1−α)·g, v̂ = v − ḡ²]; d = √v̂ + eps;
//                                              momentum: b = μ·b + g/d, p −= lr·b; else p −= lr·g/d
//   adam                   torch.optim.Adam     g += wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
//                                              p −= (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + eps)
//                                              (amsgrad: v_max = max(v_max, v) in the denominator)
#pragma once

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <type_traits>

#include "nn/kernels.h"

namespace nn {

enum class Opt : uint8_t { sgd, momentum, nesterov, adagrad, rmsprop, adam };

struct OptimizerRow {
  Opt id;
  const char* name;
  const char* formula;
};

inline constexpr std::array<OptimizerRow, 6> kOptimizers{{
    {Opt::sgd, "sgd", "w <- w - lr * g"},
    {Opt::momentum, "momentum", "b <- momentum * b + (1 - dampening) * g;  w <- w - lr * b"},
    {Opt::nesterov, "nesterov", "b <- momentum * b + g;  w <- w - lr * (g + momentum * b)"},
    {Opt::adagrad, "adagrad", "s <- s + g^2;  w <- w - lr * g / (sqrt(s) + eps)"},
    {Opt::rmsprop, "rmsprop", "v <- alpha * v + (1 - alpha) * g^2;  w <- w - lr * g / (sqrt(v) + eps)"},
    {Opt::adam, "adam",
     "m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;  w <- w - lr m^ / (sqrt(v^) + eps)"},
}};

inline const char* name(Opt o) { return kOptimizers[static_cast<int>(o)].name; }

// Hyper-parameters, named as in torch.optim. `defaults(kind)` gives torch's defaults; the
// "momentum" and "nesterov" rows are torch.optim.SGD with momentum = 0.9 (torch has no default
// momentum, 0.9 is the customary value) and, for "nesterov", nesterov = True.
struct OptimizerSpec {
  Opt kind = Opt::sgd;
  double lr = 1e-3;
  double momentum = 0.0;      // sgd family, rmsprop
  double dampening = 0.0;     // sgd family
  double weight_decay = 0.0;  // all
  double beta1 = 0.9;         // adam
  double beta2 = 0.999;       // adam
  double eps = 1e-8;          // adam, rmsprop; adagrad 1e-10
  double alpha = 0.99;        // rmsprop
  bool centered = false;      // rmsprop
  bool amsgrad = false;       // adam
  double lr_decay = 0.0;      // adagrad
  double initial_accumulator_value = 0.0;  // adagrad

  static OptimizerSpec defaults(Opt kind) {
    OptimizerSpec s;
    s.kind = kind;
    switch (kind) {
      case Opt::sgd: s.lr = 1e-3; break;
      case Opt::momentum: s.lr = 1e-3; s.momentum = 0.9; break;
      case Opt::nesterov: s.lr = 1e-3; s.momentum = 0.9; break;
      case Opt::adagrad: s.lr = 1e-2; s.eps = 1e-10; break;
      case Opt::rmsprop: s.lr = 1e-2; s.eps = 1e-8; break;
      case Opt::adam: s.lr = 1e-3; s.eps = 1e-8; break;
    }
    return s;
  }
  bool nesterov() const { return kind == Opt::nesterov; }
  bool operator==(const OptimizerSpec&) const = default;
};

// Optimizer state for one flat parameter vector of scalar type T.
template <typename T>
class Optimizer {
 public:
  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

  Optimizer() = default;
  Optimizer(const OptimizerSpec& spec, Eigen::Index n) { reset(spec, n); }

  // Forget all state (buffers, step count) and size it for n parameters.
  void reset(const OptimizerSpec& spec, Eigen::Index n) {
    spec_ = spec;
    t_ = 0;
    buf1_.setZero(n);
    buf2_.setZero(n);
    buf3_.setZero(n);
    if (spec.kind == Opt::adagrad) buf1_.setConstant(T(spec.initial_accumulator_value));
  }
  // Change hyper-parameters live. The state is kept when the kind of optimizer is the same.
  void set_spec(const OptimizerSpec& spec) {
    if (spec.kind != spec_.kind) reset(spec, buf1_.size());
    else spec_ = spec;
  }
  const OptimizerSpec& spec() const { return spec_; }
  long step_count() const { return t_; }

  // What a checkpoint keeps: the step count and the buffers, with the kind they belong to.
  struct State {
    Opt kind = Opt::sgd;
    long t = 0;
    Vec buf1, buf2, buf3;
  };
  State state() const { return {spec_.kind, t_, buf1_, buf2_, buf3_}; }
  // Put a kept state back under the current hyper-parameters. A state of another kind of
  // optimizer or another parameter count means nothing here: the state is then reset.
  void set_state(const State& s) {
    if (s.kind != spec_.kind || s.buf1.size() != buf1_.size()) return reset(spec_, buf1_.size());
    t_ = s.t;
    buf1_ = s.buf1;
    buf2_ = s.buf2;
    buf3_ = s.buf3;
  }

  // One update of p given gradient g (g is modified: weight decay is added to it in place).
  // `lr` is the learning rate in force (the schedule's value), not spec().lr.
  void step(Eigen::Ref<Vec> p, Eigen::Ref<Vec> g, double lr) {
    ++t_;
    const auto& s = spec_;
    if (s.weight_decay != 0.0) g += T(s.weight_decay) * p;
    switch (s.kind) {
      case Opt::sgd:
      case Opt::momentum:
      case Opt::nesterov: {
        if (s.momentum != 0.0) {
          auto& b = buf1_;
          if (t_ == 1) b = g;  // torch: buf = clone(grad) on the first step
          else b = T(s.momentum) * b + T(1.0 - s.dampening) * g;
          if (s.nesterov()) p -= T(lr) * (g + T(s.momentum) * b);
          else p -= T(lr) * b;
        } else if constexpr (std::is_same_v<T, float>) {
          kernels::active().sgd(p.data(), g.data(), T(lr), long(p.size()));  // the CPU's widest vectors
        } else {
          p -= T(lr) * g;
        }
        break;
      }
      case Opt::adagrad: {
        const T clr = T(lr / (1.0 + double(t_ - 1) * s.lr_decay));
        buf1_.array() += g.array().square();
        p.array() -= clr * g.array() / (buf1_.array().sqrt() + T(s.eps));
        break;
      }
      case Opt::rmsprop: {
        auto& v = buf1_;
        v = T(s.alpha) * v + T(1.0 - s.alpha) * g.cwiseAbs2();
        if (s.centered) {
          auto& gavg = buf3_;
          gavg = T(s.alpha) * gavg + T(1.0 - s.alpha) * g;
          if (s.momentum > 0.0) {
            buf2_.array() = T(s.momentum) * buf2_.array() +
                            g.array() / ((v.array() - gavg.array().square()).sqrt() + T(s.eps));
            p -= T(lr) * buf2_;
          } else {
            p.array() -= T(lr) * g.array() / ((v.array() - gavg.array().square()).sqrt() + T(s.eps));
          }
        } else if (s.momentum > 0.0) {
          buf2_.array() = T(s.momentum) * buf2_.array() + g.array() / (v.array().sqrt() + T(s.eps));
          p -= T(lr) * buf2_;
        } else {
          p.array() -= T(lr) * g.array() / (v.array().sqrt() + T(s.eps));
        }
        break;
      }
      case Opt::adam: {
        auto& m = buf1_;
        auto& v = buf2_;
        m = T(s.beta1) * m + T(1.0 - s.beta1) * g;
        v = T(s.beta2) * v + T(1.0 - s.beta2) * g.cwiseAbs2();
        const double bc1 = 1.0 - std::pow(s.beta1, double(t_));
        const double bc2 = 1.0 - std::pow(s.beta2, double(t_));
        const T step_size = T(lr / bc1);
        const T inv_sqrt_bc2 = T(1.0 / std::sqrt(bc2));
        if (s.amsgrad) {
          buf3_ = buf3_.cwiseMax(v);
          p.array() -= step_size * m.array() / (buf3_.array().sqrt() * inv_sqrt_bc2 + T(s.eps));
        } else {
          p.array() -= step_size * m.array() / (v.array().sqrt() * inv_sqrt_bc2 + T(s.eps));
        }
        break;
      }
    }
  }

 private:
  OptimizerSpec spec_;
  long t_ = 0;
  Vec buf1_;  // (n) momentum buffer / adagrad sum / rmsprop square avg / adam m
  Vec buf2_;  // (n) rmsprop momentum buffer / adam v
  Vec buf3_;  // (n) rmsprop grad avg / adam max v
};

}  // namespace nn
