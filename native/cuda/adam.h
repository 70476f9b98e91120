// The CUDA Adam update over kernels/adam.h (as cpu/adam.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void emaUpdate(cudaStream_t stream, float* ema, const float* params, long long count, const float* beta, const int* apply);
void adamUpdate(cudaStream_t stream, float* params, float* m, float* v, const float* grads, long long count,
                AdamControl* control, const int* apply);

}  // namespace wgan::cuda
