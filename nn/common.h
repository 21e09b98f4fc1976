// nn/common.h — small things every part of the core uses: the RNG, the error type, limits.
//
// The RNG is ours (xoshiro256**, with our own uniform and normal transforms) rather than
// <random>'s distributions, whose outputs differ between standard libraries: the same seed
// must give the same numbers, bit for bit, wherever Descent is built.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "nn/message.h"

namespace nn {

// Raised for any bad input (experiment field, CSV line, architecture). `what()` is one
// sentence naming where (JSON path, file:line) and what is wrong, on one line of bounded
// length (nn/message.h): whatever a caller puts in, what() fits a status bar.
struct Error : std::runtime_error {
  explicit Error(const std::string& what) : std::runtime_error(one_line(what)) {}
  explicit Error(const char* what) : std::runtime_error(one_line(what)) {}
};

inline constexpr int kMaxHiddenLayers = 16;
inline constexpr int kMaxLayerWidth = 256;
inline constexpr int kMaxClasses = 16;

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here).
  uint32_t below(uint32_t n) {
    return static_cast<uint32_t>(((next_u64() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  // Standard normal by Box–Muller (both values used; the spare is cached).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = 0.0;
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(2.0 * M_PI * u2);
    has_spare_ = true;
    return r * std::cos(2.0 * M_PI * u2);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  // Fisher–Yates shuffle of any random-access range.
  template <typename It>
  void shuffle(It first, It last) {
    const auto n = last - first;
    for (auto i = n - 1; i > 0; --i) {
      const auto j = below(static_cast<uint32_t>(i + 1));
      std::swap(first[i], first[j]);
    }
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t s_[4]{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace nn
