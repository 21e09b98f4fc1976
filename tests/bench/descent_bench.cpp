// tests/bench/descent_bench.cpp — the speed of the engine, the way users get it.
//
// Every training case builds an nn::Experiment and trains it through nn::Session (the code path
// of the CLI and of the GUI's trainer thread): one benchmark iteration is one epoch, i.e. its
// optimizer steps *and* the per-epoch evaluation the Session always does (a History row).
//
// Counters (all in --benchmark_format=json):
//   sample_steps/s  one sample-step = one example's forward + backward inside a batch update
//   GFLOP/s         2 FLOPs per multiply-add of the matrix products; a training sample-step
//                   counts 3x the forward multiply-adds (forward, dW, dX); an evaluation (grid)
//                   counts 1x. Biases, activations, losses and the optimizer are not counted.
//   peak_fraction   GFLOP/s divided by the single-core float FMA peak measured by `peak_fma`
//                   in this same process (measured on demand when peak_fma is filtered out).
//
// Data sets: "train only" — every generated point is a training point (train_ratio 1), so the
// per-epoch evaluation covers the training set only and there is no test set to evaluate.
//
// Extra mode (not a benchmark): `descent_bench --memory-check [epochs]` trains
// playground_default for 1,000,000 epochs (or `epochs`) and prints the resident set size after
// 1,000 epochs and at the end; exit status 1 when they differ by more than 10 MB.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "nn/experiment.h"
#include "nn/network.h"
#include "nn/runs.h"
#include "nn/session.h"
#include "nn/trainer.h"
#include "tests/bench/cases.h"

namespace {

using Clock = std::chrono::steady_clock;

using bench::fullbatch_10k;
using bench::large_adam_b256;
using bench::playground_default;
using bench::playground_heavy;
using bench::forward_macs;

// ------------------------------------------------------------------------------------------
// The machine's single-core float FMA peak: independent FMA chains on the widest vectors the
// build targets (AVX-512 with -march=native on Zen 4/5), enough of them to cover latency.

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kLanes = Eigen::internal::packet_traits<float>::size;

// 16 named accumulators (an array would live on the stack), each FMA chain dependent on itself
// only; the empty asm keeps the compiler from folding the chains.
__attribute__((noinline)) float fma_chains(long reps) {
  using namespace Eigen::internal;
#define DESCENT_ACC(i) Packet a##i = pset1<Packet>(float(i) * 1e-3f);
#define DESCENT_FMA(i) a##i = pmadd(a##i, x, y);
#define DESCENT_KEEP(i) __asm__ volatile("" : "+v"(a##i));
#define DESCENT_ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
  DESCENT_ALL(DESCENT_ACC)
  Packet x = pset1<Packet>(0.999999f), y = pset1<Packet>(1e-7f);
  __asm__ volatile("" : "+v"(x), "+v"(y));
  for (long r = 0; r < reps; ++r) {
    DESCENT_ALL(DESCENT_FMA)
    DESCENT_ALL(DESCENT_FMA)
    DESCENT_ALL(DESCENT_KEEP)
  }
  const Packet s = padd(padd(padd(padd(a0, a1), padd(a2, a3)), padd(padd(a4, a5), padd(a6, a7))),
                        padd(padd(padd(a8, a9), padd(a10, a11)), padd(padd(a12, a13), padd(a14, a15))));
#undef DESCENT_ALL
#undef DESCENT_KEEP
#undef DESCENT_FMA
#undef DESCENT_ACC
  return predux(s);
}

constexpr int kPeakChains = 16;
constexpr double kPeakFlopsPerRep = 2.0 * 2.0 * kLanes * kPeakChains;  // 2 rounds per rep

double g_peak_gflops = 0.0;  // measured in this process

double measure_peak_once(double seconds) {
  long reps = 1 << 16;
  for (;;) {
    const auto t0 = Clock::now();
    benchmark::DoNotOptimize(fma_chains(reps));
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    if (dt >= seconds) return reps * kPeakFlopsPerRep / dt * 1e-9;
    reps *= 2;
  }
}

double measured_peak() {
  if (g_peak_gflops <= 0.0) {
    double best = 0.0;
    for (int i = 0; i < 5; ++i) best = std::max(best, measure_peak_once(0.05));
    g_peak_gflops = best;
  }
  return g_peak_gflops;
}

void peak_fma(benchmark::State& state) {
  long reps = 1 << 20;
  double flops = 0.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fma_chains(reps));
    flops += reps * kPeakFlopsPerRep;
  }
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsRate);
  state.counters["lanes"] = kLanes;
  state.counters["chains"] = kPeakChains;
  // Remember the best peak seen for the fraction counters of the cases that follow.
  const double g = measure_peak_once(0.05);
  g_peak_gflops = std::max(g_peak_gflops, g);
}

// ------------------------------------------------------------------------------------------
// Training cases: iterations are epochs of a Session.

void set_training_counters(benchmark::State& state, const nn::Session& s, double sample_steps,
                           double steps) {
  const double flops = sample_steps * 3.0 * 2.0 * forward_macs(s.network().arch());
  const double peak = measured_peak();
  state.counters["sample_steps/s"] = benchmark::Counter(sample_steps, benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsRate);
  state.counters["peak_fraction"] = benchmark::Counter(flops * 1e-9 / peak, benchmark::Counter::kIsRate);
  state.counters["peak_GFLOP/s"] = peak;
}

void train_case(benchmark::State& state, nn::Experiment (*make)()) {
  measured_peak();  // before timing: the first call measures
  nn::Session s(make());
  // A/B of the per-layer statistics' cost: DESCENT_BENCH_LAYER_STATS=off never takes them
  // (the default spaces them automatically, as in the app; =1 takes them every epoch).
  if (const char* v = std::getenv("DESCENT_BENCH_LAYER_STATS"))
    s.set_layer_stats_every(std::string(v) == "off" ? -1 : std::atol(v));
  s.run_epoch();  // warm-up (workspaces are sized at construction; caches, branch predictors)
  double sample_steps = 0.0, steps = 0.0;
  const int n = static_cast<int>(s.train_inputs().cols());
  for (auto _ : state) {
    const long st0 = s.steps();
    s.run_epoch();
    steps += double(s.steps() - st0);
    sample_steps += n;
  }
  if (s.stopped()) state.SkipWithError("training stopped (diverged?)");
  set_training_counters(state, s, sample_steps, steps);
  state.counters["train_loss"] = s.history().last().train_loss;
}

// ------------------------------------------------------------------------------------------
// grid_512: the output field of the large network on a 512x512 grid over [-6, 6]^2, the CPU
// path of the output view and thumbnails (a Network<float> kept between frames).

void grid_512(benchmark::State& state) {
  measured_peak();
  nn::Session s(large_adam_b256());
  for (int i = 0; i < 3; ++i) s.run_epoch();  // trained weights (tanh units not at init)
  const Eigen::MatrixXf X = bench::grid_inputs(s, 512);
  nn::Network<float> net(s.network().arch());
  net.params() = s.network().params();
  net.forward(X);  // sizes the workspace once, as the output view's evaluator does
  double checksum = 0.0;
  for (auto _ : state) {
    net.forward(X);
    benchmark::DoNotOptimize(net.output()(0, 0));
  }
  for (Eigen::Index k = 0; k < X.cols(); k += 4099) checksum += net.output()(0, k);
  const double flops = double(state.iterations()) * double(X.cols()) * 2.0 * forward_macs(net.arch());
  state.counters["ms_per_grid"] =
      benchmark::Counter(double(state.iterations()) * 1e-3,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsRate);
  state.counters["peak_fraction"] =
      benchmark::Counter(flops * 1e-9 / measured_peak(), benchmark::Counter::kIsRate);
  state.counters["checksum"] = checksum;
}

// ------------------------------------------------------------------------------------------
// trainer_overhead: nn::Trainer playing flat out while a consumer thread loads its snapshot at
// ~60 Hz (as the GUI does each frame) vs the bare Session::step loop, same experiment, each run
// for the same wall time. Reported: both throughputs and their ratio.

constexpr double kWindow = 0.5;  // seconds per measurement window

double bare_loop_sps(const nn::Experiment& e) {
  nn::Session s(e);
  s.run_epoch();
  const long st0 = s.steps();
  const auto t0 = Clock::now();
  double dt = 0.0;
  do {
    for (int i = 0; i < 256; ++i) s.step();
    dt = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (dt < kWindow);
  return double(s.steps() - st0) / dt;
}

double trainer_sps(const nn::Experiment& e, double* frames_out) {
  nn::Trainer t(e);
  t.wait_applied(t.play(), std::chrono::milliseconds(2000));
  std::atomic<bool> stop{false};
  std::atomic<long> frames{0};
  std::thread gui([&] {  // the "GUI": one snapshot per frame at 60 Hz
    auto next = Clock::now();
    double sink = 0.0;
    while (!stop.load()) {
      auto snap = t.snapshot();
      sink += snap->params.size() ? double(snap->params(0)) : 0.0;
      sink += snap->history ? double(snap->history->rows().size()) : 0.0;
      frames.fetch_add(1);
      next += std::chrono::microseconds(16667);
      std::this_thread::sleep_until(next);
    }
    benchmark::DoNotOptimize(sink);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // warm-up
  auto s0 = t.snapshot();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(kWindow));
  // The snapshot lags by at most one publish period; take the latest after the window.
  auto s1 = t.snapshot();
  const auto t1 = Clock::now();
  stop = true;
  gui.join();
  if (frames_out) *frames_out = double(frames.load());
  // Steps counted between the two snapshots' publish times are what the trainer did; use wall
  // time between reads (both lag equally by up to one publish period).
  return double(s1->steps - s0->steps) / std::chrono::duration<double>(t1 - t0).count();
}

// Bare and GUI-attached windows alternate, and the ratio reported is the median of the pairs'
// ratios: on a 2-core VM the machine's speed drifts by more than the overhead being measured,
// and a pair measured back to back sees the same drift.
void trainer_overhead(benchmark::State& state) {
  const nn::Experiment e = playground_default();
  const int per_step = e.training.batch_size;
  std::vector<double> bare, trained, ratios;
  double frames = 0.0;
  for (auto _ : state) {
    for (int pair = 0; pair < 3; ++pair) {
      bare.push_back(bare_loop_sps(e));
      double f = 0.0;
      trained.push_back(trainer_sps(e, &f));
      frames += f;
      ratios.push_back(trained.back() / bare.back());
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  state.counters["bare_sample_steps/s"] = median(bare) * per_step;
  state.counters["trainer_sample_steps/s"] = median(trained) * per_step;
  state.counters["ratio"] = median(ratios);
  state.counters["ratio_min"] = *std::min_element(ratios.begin(), ratios.end());
  state.counters["gui_frames_per_window"] = frames / double(ratios.size());
}

// ------------------------------------------------------------------------------------------
// compare_4: four playground_default runs trained together on nn::Runs' worker pool (as many
// workers as cores; the runs differ in the seed only, so each does the same work), vs one run
// alone (the bare Session loop above). Counters: both throughputs in sample-steps/s (the four
// runs' sum) and their ratio, the median of 3 alternating pairs (the machine's speed drifts).

// CPU time of the whole process (every thread), to tell the pool's own cost from a busy machine.
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Throughput {
  double sps = 0.0;        // optimizer steps per wall second
  double per_cpu = 0.0;    // optimizer steps per CPU second
};

Throughput bare_loop(const nn::Experiment& e) {
  const double c0 = process_cpu_seconds();
  const auto t0 = Clock::now();
  const double sps = bare_loop_sps(e);
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu = process_cpu_seconds() - c0;
  return {sps, sps * wall / std::max(cpu, 1e-9)};
}

Throughput compare_sps(const nn::Experiment& e, int threads) {
  nn::CompareSpec spec;
  spec.base = e;
  spec.path = "seed";
  spec.values = {"1", "2", "3", "4"};
  spec.threads = threads;
  nn::Runs runs(spec);
  runs.wait_applied(runs.play(), std::chrono::milliseconds(2000));
  auto total = [&] {
    long steps = 0;
    for (const auto& s : runs.snapshots()) steps += s->steps;
    return steps;
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // warm-up
  const long s0 = total();
  const double c0 = process_cpu_seconds();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(2 * kWindow));
  const long s1 = total();  // (each snapshot lags by at most one publish period, as at s0)
  const double cpu = process_cpu_seconds() - c0;
  const auto t1 = Clock::now();
  runs.pause();
  const double steps = double(s1 - s0);
  return {steps / std::chrono::duration<double>(t1 - t0).count(), steps / std::max(cpu, 1e-9)};
}

void compare_4(benchmark::State& state) {
  const nn::Experiment e = playground_default();
  const int per_step = e.training.batch_size;
  const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<double> single, together, ratios, cpu_ratios;
  for (auto _ : state) {
    for (int pair = 0; pair < 3; ++pair) {
      const Throughput one = bare_loop(e), four = compare_sps(e, threads);
      single.push_back(one.sps * per_step);
      together.push_back(four.sps * per_step);
      ratios.push_back(four.sps / one.sps);
      cpu_ratios.push_back(four.per_cpu / one.per_cpu);
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  state.counters["single_sample_steps/s"] = median(single);
  state.counters["compare4_sample_steps/s"] = median(together);
  state.counters["ratio"] = median(ratios);
  state.counters["ratio_min"] = *std::min_element(ratios.begin(), ratios.end());
  state.counters["threads"] = threads;
  // Work per CPU second, pool vs alone: 1 means the pool costs nothing, so that on C idle cores
  // the ratio above is C × this (a loaded machine lowers the ratio, not this).
  state.counters["per_cpu_ratio"] = median(cpu_ratios);
}

// ------------------------------------------------------------------------------------------
// --memory-check: resident memory after 1,000 vs 1,000,000 epochs of playground_default.

long rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

int memory_check(long epochs) {
  nn::Session s(playground_default());
  const auto t0 = Clock::now();
  long rss_1k = -1;
  while (s.epoch() < epochs && !s.stopped()) {
    s.run_epoch();
    if (s.epoch() == 1000) rss_1k = rss_kib();
  }
  const long rss_end = rss_kib();
  const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
  const double diff_mb = double(rss_end - rss_1k) / 1024.0;
  std::printf("playground_default: RSS after 1000 epochs: %ld KiB\n", rss_1k);
  std::printf("playground_default: RSS after %ld epochs: %ld KiB (%.2f s, history rows %zu)\n",
              s.epoch(), rss_end, dt, s.history().rows().size());
  std::printf("difference: %+.2f MB (limit 10 MB): %s\n", diff_mb,
              std::abs(diff_mb) <= 10.0 ? "ok" : "TOO MUCH");
  return std::abs(diff_mb) <= 10.0 && !s.stopped() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory-check") == 0) {
      const long epochs = i + 1 < argc ? std::strtol(argv[i + 1], nullptr, 10) : 1000000;
      return memory_check(epochs > 1000 ? epochs : 1000000);
    }
  }
  // Registered by name (the case names), in this order: peak_fma first, so every
  // fraction of the peak is taken against the peak measured in the same run.
  benchmark::RegisterBenchmark("peak_fma", peak_fma)->Unit(benchmark::kMillisecond)->MinTime(0.3);
  benchmark::RegisterBenchmark("playground_default", train_case, playground_default)
      ->Unit(benchmark::kMicrosecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("playground_heavy", train_case, playground_heavy)
      ->Unit(benchmark::kMicrosecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("large_adam_b256", train_case, large_adam_b256)
      ->Unit(benchmark::kMillisecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("fullbatch_10k", train_case, fullbatch_10k)
      ->Unit(benchmark::kMillisecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("grid_512", grid_512)->Unit(benchmark::kMillisecond)->MinTime(0.5);
  benchmark::RegisterBenchmark("trainer_overhead", trainer_overhead)
      ->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();
  benchmark::RegisterBenchmark("compare_4", compare_4)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
  bench::register_eigen_baseline();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
