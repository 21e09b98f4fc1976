// nn/kernels.cpp — picks the kernel build for this CPU (nn/kernels.h). Compiled for the
// baseline like the rest of nn/: it only asks the CPU what it can do.
#include "nn/kernels.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace nn::kernels {

// One table per build of nn/network_kernels.cpp; CMake says which were built.
#if defined(DESCENT_KERNELS_AVX512)
namespace avx512 { extern const Table table; }
#endif
#if defined(DESCENT_KERNELS_AVX2)
namespace avx2 { extern const Table table; }
#endif
#if defined(DESCENT_KERNELS_NEON)
namespace neon { extern const Table table; }
#endif
#if defined(DESCENT_KERNELS_GENERIC)
namespace generic { extern const Table table; }
#endif

namespace {

struct Candidate {
  const Table* table;
  bool (*runs_here)();
};

#if defined(__x86_64__) || defined(__i386__)
// The features each build was compiled for (its -march level's, as far as the kernels and
// the code GCC may generate for them go). libgcc also checks that the OS saves the registers.
[[maybe_unused]] bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("bmi2");
}
[[maybe_unused]] bool has_avx2() {
  __builtin_cpu_init();
  // (x86-64-v3 also has MOVBE, F16C and LZCNT, which clang cannot ask about: the avx2 build is
  // compiled without them, cmake/kernels.cmake.)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
}
#endif
[[maybe_unused]] bool always() { return true; }

// Best first.
constexpr Candidate kCandidates[] = {
#if defined(DESCENT_KERNELS_AVX512)
    {&avx512::table, has_avx512},
#endif
#if defined(DESCENT_KERNELS_AVX2)
    {&avx2::table, has_avx2},
#endif
#if defined(DESCENT_KERNELS_NEON)
    {&neon::table, always},
#endif
#if defined(DESCENT_KERNELS_GENERIC)
    {&generic::table, always},
#endif
};

const Table* find_runnable(std::string_view name) {
  for (const auto& c : kCandidates)
    if ((name.empty() || name == c.table->name) && c.runs_here()) return c.table;
  return nullptr;
}

const Table* initial() {
  const char* env = std::getenv("DESCENT_KERNELS");
  if (env && *env) {
    if (const Table* t = find_runnable(env)) return t;
    // Asked for one this binary or CPU cannot run: say so once and use the best instead.
    std::string list;
    for (const auto& name : available()) list += (list.empty() ? "" : ", ") + name;
    std::fprintf(stderr, "descent: DESCENT_KERNELS=%s: not available here (available: %s); using %s\n", env,
                 list.c_str(), find_runnable("")->name);
  }
  return find_runnable("");
}

std::atomic<const Table*>& current() {
  static std::atomic<const Table*> t{initial()};
  return t;
}

}  // namespace

const Table& active() { return *current().load(std::memory_order_relaxed); }

bool select(std::string_view name) {
  const Table* t = find_runnable(name);
  if (!t) return false;
  current().store(t, std::memory_order_relaxed);
  return true;
}

std::vector<std::string> available() {
  std::vector<std::string> out;
  for (const auto& c : kCandidates)
    if (c.runs_here()) out.emplace_back(c.table->name);
  return out;
}

}  // namespace nn::kernels
