// The CUDA activation kernels over kernels/activations.h (as cpu/activations.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void activationForward(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, float* y, long long count);
void activationDerivative(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, const float* y,
                          const float* a, float* out, long long count);
void activationCurvature(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, const float* y,
                         const float* gy, const float* v, float* c, long long count);

}  // namespace wgan::cuda
