// "No heap allocation inside a training step": counted, not assumed.
//
// malloc itself is wrapped (operator new and Eigen's aligned allocator both end in it) and
// forwarded to glibc's __libc_malloc. Sanitizer builds bring their own malloc, so there the
// count is skipped: the plain Release build (the README's test command) is where it runs.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>

#include "nn/session.h"

// GCC says so with __SANITIZE_*__, clang with __has_feature (a malloc of ours in a clang ASan
// build runs before the sanitizer's runtime is up: "CHECK failed ... tsd_key_inited").
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define DESCENT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(DESCENT_SANITIZED)
#define DESCENT_COUNT_MALLOC 0
#else
#define DESCENT_COUNT_MALLOC 1
#endif

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

#if DESCENT_COUNT_MALLOC
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* malloc(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t m) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, m);
}
void* realloc(void* p, std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
}
#endif

using namespace nn;

namespace {
long allocations_during(Session& s, int epochs) {
  allocations = 0;
  counting = true;
  for (int i = 0; i < epochs; ++i) s.run_epoch();
  counting = false;
  return allocations.load();
}
}  // namespace

TEST_CASE("the malloc counter counts") {
  if (!DESCENT_COUNT_MALLOC) return;  // sanitizer build: see the file comment
  counting = true;
  allocations = 0;
  Eigen::VectorXf v(1000);  // one aligned allocation through Eigen
  counting = false;
  v.setZero();
  CHECK(allocations.load() >= 1);
}

TEST_CASE("training steps and epoch evaluation allocate nothing") {
  if (!DESCENT_COUNT_MALLOC) return;
  Experiment e;
  e.data.generator = "spiral";
  e.data.n = 300;
  e.features = {Feature::x1, Feature::x2, Feature::sin_x1};
  e.network.hidden = {8, 6};
  e.network.activations = {Act::tanh, Act::elu};
  e.training.epochs = 0;

  SECTION("sgd, in order, half squared error") {
    e.training.shuffle = false;
    Session s(e);
    s.run_epoch();  // warm-up: workspaces already sized at construction
    CHECK(allocations_during(s, 3) == 0);
  }
  SECTION("adam, shuffled, dropout, L1+L2, binary cross-entropy, odd last batch") {
    e.training.optimizer = OptimizerSpec::defaults(Opt::adam);
    e.training.shuffle = true;
    e.training.dropout = 0.2;
    e.training.l1 = 1e-4;
    e.training.l2 = 1e-3;
    e.training.batch_size = 16;
    e.network.output = OutAct::sigmoid;
    e.loss = Loss::binary_cross_entropy;
    Session s(e);
    s.run_epoch();  // dropout masks are sized on the first dropping pass
    CHECK(allocations_during(s, 3) == 0);
  }
  SECTION("softmax cross-entropy on three classes, full batch") {
    e.data.generator = "spiral3";
    e.network.output = OutAct::softmax;
    e.loss = Loss::cross_entropy;
    e.training.batch_size = 0;
    Session s(e);
    s.run_epoch();
    CHECK(allocations_during(s, 3) == 0);
  }
}
