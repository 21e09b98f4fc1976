// nn/update_kernels.cpp — plain SGD's update of float parameters (p −= lr·g), the update of most
// runs, compiled once per instruction set beside nn/network_kernels.cpp (cmake/kernels.cmake) and
// reached through the kernel table (nn/kernels.h, Table::sgd).
//
// Everything else in nn/ is compiled for baseline x86-64, where Eigen updates four floats per
// instruction: a few per cent of a small network's step on a CPU that could do sixteen. Unlike
// the network kernels this file is compiled with -ffp-contract=off: the product is rounded, then
// subtracted, exactly as Eigen's `p -= lr * g`, so every build gives the same bits.
#include "nn/kernels.h"

#ifndef DESCENT_KERNEL_NS
#error "nn/update_kernels.cpp is compiled once per target by cmake/kernels.cmake (DESCENT_KERNEL_NS)"
#endif

namespace nn::kernels::DESCENT_KERNEL_NS {

void sgd(float* p, const float* g, float lr, long n) {
  for (long i = 0; i < n; ++i) p[i] = p[i] - lr * g[i];
}

}  // namespace nn::kernels::DESCENT_KERNEL_NS
