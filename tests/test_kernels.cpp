// The kernel builds of nn/kernels.h: each one this CPU can run trains every preset, and the
// builds that fuse multiply-adds (avx2, avx512, neon) give the same history bit for bit — a
// teacher's figures match every student's laptop. generic (no FMA on baseline x86-64) rounds
// each product and is only required to agree closely.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nn/experiment.h"
#include "nn/kernels.h"
#include "nn/session.h"

namespace fs = std::filesystem;

namespace {

const fs::path kPresets = fs::path(DESCENT_SOURCE_DIR) / "assets" / "presets";

// Restores the kernel build that was in use when a test ends, whatever happens.
struct KernelScope {
  std::string before = nn::kernels::active().name;
  ~KernelScope() { nn::kernels::select(before); }
};

std::vector<nn::EpochRow> train(const fs::path& preset, const std::string& kernels, int epochs) {
  REQUIRE(nn::kernels::select(kernels));
  nn::Experiment e = nn::load_experiment(preset.string());
  e.training.epochs = epochs;
  nn::Session s(e);
  while (!s.stopped()) s.run_epoch();
  return s.history().rows();
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool fused(const std::string& k) { return k != "generic"; }

}  // namespace

TEST_CASE("kernels: the best build for this CPU is in use, and an unknown name is refused") {
  KernelScope keep;
  const auto names = nn::kernels::available();
  REQUIRE_FALSE(names.empty());
  CHECK(nn::kernels::select(""));
  CHECK(std::string(nn::kernels::active().name) == names.front());
  CHECK_FALSE(nn::kernels::select("sse9"));
  CHECK(std::string(nn::kernels::active().name) == names.front());
}

TEST_CASE("kernels: builds with fused multiply-adds give bit-identical histories on every preset") {
  KernelScope keep;
  std::vector<std::string> fma;
  for (const auto& k : nn::kernels::available())
    if (fused(k)) fma.push_back(k);
  if (fma.size() < 2) SUCCEED("one FMA build runs on this CPU: nothing to compare");
  for (const auto& f : fs::directory_iterator(kPresets)) {
    const auto ref = train(f.path(), fma[0], 40);
    for (size_t i = 1; i < fma.size(); ++i) {
      INFO(f.path().filename().string() << ": " << fma[0] << " vs " << fma[i]);
      const auto rows = train(f.path(), fma[i], 40);
      REQUIRE(rows.size() == ref.size());
      for (size_t r = 0; r < rows.size(); ++r) {
        INFO("epoch " << rows[r].epoch);
        CHECK(same_bits(rows[r].train_loss, ref[r].train_loss));
        CHECK(same_bits(rows[r].test_loss, ref[r].test_loss));
        CHECK(same_bits(rows[r].train_metric, ref[r].train_metric));
        CHECK(same_bits(rows[r].test_metric, ref[r].test_metric));
      }
    }
  }
}

TEST_CASE("kernels: every build trains playground-default to the same accuracy") {
  KernelScope keep;
  const fs::path preset = kPresets / "playground-default.json";
  for (const auto& k : nn::kernels::available()) {
    INFO(k);
    const auto rows = train(preset, k, 200);
    CHECK(rows.back().test_metric >= 0.95);
    // One epoch in: generic rounds products separately, but only in the last bits.
    const auto first = train(preset, k, 1);
    const auto ref = train(preset, nn::kernels::available().front(), 1);
    CHECK(first.back().train_loss == Approx(ref.back().train_loss).epsilon(1e-5));
  }
}

TEST_CASE("kernels: every build's SGD update gives Eigen's p -= lr * g bit for bit, generic included") {
  // The update is never fused (nn/update_kernels.cpp), so unlike the network kernels generic
  // agrees too; odd lengths reach each build's scalar tail.
  for (const long n : {1L, 15L, 16L, 17L, 433L, 8513L}) {
    Eigen::VectorXf p0 = Eigen::VectorXf::Random(n), g = Eigen::VectorXf::Random(n) * 3.0f;
    const float lr = 0.0371f;
    Eigen::VectorXf want = p0;
    want -= lr * g;
    for (const auto& k : nn::kernels::available()) {
      INFO(k << ", n = " << n);
      KernelScope keep;
      REQUIRE(nn::kernels::select(k));
      Eigen::VectorXf p = p0;
      nn::kernels::active().sgd(p.data(), g.data(), lr, n);
      CHECK(std::memcmp(p.data(), want.data(), sizeof(float) * size_t(n)) == 0);
      CHECK((p.array() != p0.array()).any());  // it did update
    }
  }
}
