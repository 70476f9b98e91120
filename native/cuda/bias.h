// The CUDA bias primitives of Dense and the convolutions (as cpu/bias.h: sums in double, added once per call).
#pragma once
#include <cuda_runtime.h>

namespace wgan::cuda {

void addBiasRows(cudaStream_t stream, float* y, const float* bias, int rows, int cols);
void addBiasPlanes(cudaStream_t stream, float* y, const float* bias, int n, int channels, int plane);
void sumRowsInto(cudaStream_t stream, const float* g, int rows, int cols, float* out);
void sumPlanesInto(cudaStream_t stream, const float* g, int n, int channels, int plane, float* out);

}  // namespace wgan::cuda
