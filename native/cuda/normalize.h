// The CUDA normalisation kernels: one block per group over kernels/normalize.h (as cpu/normalize.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void normalize(cudaStream_t stream, NormOp op, const NormLayout& layout, const NormArgs& args);
void batchNormRunningUpdate(cudaStream_t stream, const NormLayout& layout, const float* x, float* runningMean,
                            float* runningVar, double momentum);
void batchNormInference(cudaStream_t stream, const NormLayout& layout, const float* x, const float* gamma,
                        const float* beta, const float* runningMean, const float* runningVar, float* y);

}  // namespace wgan::cuda
