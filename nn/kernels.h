// nn/kernels.h — the float training kernels, one build per instruction set, chosen at start-up.
//
// A packaged binary runs on whatever CPU a student brings, so it cannot be built for one.
// nn/network_kernels.cpp holds the whole float forward and backward pass of Network<float>
// (nn/network.cpp keeps the layout, the Eigen reference path and everything else); CMake
// compiles it once per target into its own namespace (nn/fast_kernels.h says why) and each
// build exports one Table. At start-up the best table for this CPU is picked:
//
//   x86-64   avx512 (AVX-512 F/BW/DQ/VL + FMA)  >  avx2 (AVX2 + FMA + BMI2)  >  generic (SSE2)
//   arm64    neon (the only one: every arm64 CPU has NEON and FMA)
//
// DESCENT_KERNELS=avx512|avx2|generic|neon in the environment forces one (tests, benchmarks);
// `descent --version` names the one in use. The kernels see arrays and sizes, never
// experiments; what they leave to Eigen (softmax, the rarer activations, losses over several
// outputs, dropout masks) is called back into code compiled once, shared by every target.
//
// Same numbers on every path: every target adds in the same order (16 logical lanes everywhere)
// and avx2, avx512 and neon fuse the same multiply-adds, so the histories are bit-identical on
// avx2, avx512 and arm64's neon (tests/test_kernels.cpp; tests/kernels/same_bits_arm64.sh). The
// code outside the kernels fuses nothing (-ffp-contract=off) and takes exact square roots
// (EIGEN_FAST_MATH=0), so it rounds the same on every CPU. generic has no FMA instruction, so it
// rounds each product and may differ in the last bits; it only runs on x86-64 CPUs from before 2013.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nn::kernels {

// Hidden activations the kernels compute themselves; `other` ones are computed by the hooks.
enum class KAct : uint8_t { linear, tanh, sigmoid, relu, leaky, other };
enum class KOut : uint8_t { linear, tanh, sigmoid, softmax };
// Losses the kernels compute for one output; `other` (or several outputs) goes to the hooks.
enum class KLoss : uint8_t { mse, half_squared_error, binary_cross_entropy, other };

inline constexpr int kLanes = 16;  // floats per logical vector, on every target
inline constexpr double kLeakySlope = 0.01;  // leaky_relu: g(z) = 0.01 z for z ≤ 0

// One weight layer as the kernels see it. Buffers are neuron-major with row length NetView::ld
// (see nn/network.h); `in_buf` rows are the layer's inputs followed by a row of ones.
struct LayerView {
  int out = 0, in = 0;
  KAct act = KAct::linear;  // hidden layers
  long w_off = 0;           // W (out × in, column-major) at params + w_off, then b (out)
  float* Z = nullptr;
  float* A = nullptr;
  float* D = nullptr;
  float* M = nullptr;   // dropout mask (hidden layers, once a pass has dropped)
  float* AM = nullptr;  // A ⊙ M with its row of ones
  float* scratch = nullptr;
  long scratch_ld = 0;
};

struct NetView;
// Work the kernels hand back to code compiled once (nn/network.cpp). Column ranges are
// [c0, c0 + cols) of layer l's buffers.
struct Hooks {
  void* self = nullptr;
  void (*activate)(void* self, int l, long c0, long cols) = nullptr;    // A = g(Z), KAct::other
  void (*derivative)(void* self, int l, long c0, long cols) = nullptr;  // D ⊙= g'(Z, A), KAct::other
  void (*softmax)(void* self, int l, long c0, long cols) = nullptr;     // output A = softmax(Z)
  double (*loss)(void* self) = nullptr;  // the loss and δ_L, for what KLoss cannot do
  void (*dropout)(void* self, int l, long c0, long c1, long ce) = nullptr;  // masks of [c0, c1), 0 to ce
};

struct NetView {
  int L = 0, inputs = 0, outputs = 0;
  KOut output = KOut::linear;
  LayerView* layers = nullptr;
  float* params = nullptr;
  float* grads = nullptr;
  long P = 0;
  float* Xt = nullptr;  // (inputs + 1, ld): X transposed, then a row of ones
  float* Tt = nullptr;  // (outputs, ld): targets transposed
  long ld = 0;
  // State of the last forward pass.
  long n = 0;
  bool dropped = false;
  char* z_ready = nullptr;  // per layer
  char* a_ready = nullptr;
  float* memo_params = nullptr;  // (P)
  bool memo_valid = false;
  Hooks hooks;
};

struct Table {
  const char* name;
  // Forward pass over X (inputs × n, column stride xs). Dropout (hooks.dropout) when `drop`.
  void (*forward)(NetView& v, const float* X, long xs, long n, bool drop);
  // Backward pass after forward: grads = ∂loss/∂params; returns the loss. T is outputs × n.
  double (*backward)(NetView& v, const float* T, long ts, KLoss loss);
  void (*materialize_a)(NetView& v, int l);  // hidden activations after a lazy pass
  void (*materialize_z)(NetView& v, int l);  // pre-activations of layer l
  bool (*finite)(const float* p, long n);    // every value finite
  // Plain SGD: p[i] −= lr·g[i], never fused (the bits of Eigen's `p -= lr * g` on every path).
  void (*sgd)(float* p, const float* g, float lr, long n);
};

// The table in use (chosen on first use: DESCENT_KERNELS, else the best for this CPU).
const Table& active();
// Use the named table from now on ("" = the best for this CPU). False if it is not built in
// or this CPU cannot run it. Not to be called while another thread trains.
bool select(std::string_view name);
// Tables built into this binary that this CPU can run, best first.
std::vector<std::string> available();

}  // namespace nn::kernels
