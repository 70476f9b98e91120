// The CUDA element-wise primitives (as cpu/elementwise.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void addInto(cudaStream_t stream, float* u, const float* s, long long count);
void cropWindow(cudaStream_t stream, const CropWindow& w, const float* from, float* to, int n, bool toSmall);
void interpolate(cudaStream_t stream, const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size);
void checkFinite(cudaStream_t stream, const float* values, long long count, const double* scalars, int scalarCount, int* finite);

}  // namespace wgan::cuda
