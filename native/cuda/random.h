// The CUDA Philox fills over kernels/philox.h (as cpu/random.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void fillUniform(cudaStream_t stream, float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset);
void fillNormal(cudaStream_t stream, float* out, long long count, const RngControl* rng, uint64_t offset);

}  // namespace wgan::cuda
