// nn/optimizer_loops.cpp — plain SGD on floats (p −= lr·g), the update of most runs, built for
// several x86-64 instruction sets and picked by the CPU when the program loads.
//
// Everything outside nn/network_kernels.cpp is compiled for baseline x86-64 (SSE2) so that one
// binary runs on every machine; Eigen then updates four floats per instruction where the CPU
// could do sixteen, a few per cent of a small network's step. target_clones builds this loop
// once per listed target and lets the dynamic loader choose (an ifunc). The file is compiled
// with -ffp-contract=off like the rest of nn/: the product is rounded, then subtracted, exactly
// as Eigen's `p -= lr * g` does, so every version gives the same bits on every CPU.
#include "nn/optimizer.h"

namespace nn::detail {

#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("default", "avx2", "avx512f")))
#endif
void sgd_step(float* p, const float* g, float lr, long n) {
  for (long i = 0; i < n; ++i) p[i] = p[i] - lr * g[i];
}

}  // namespace nn::detail
