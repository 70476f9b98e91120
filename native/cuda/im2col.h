// The CUDA im2col / col2im transforms and NCHW plane/row transposes (as cpu/im2col.h).
#pragma once
#include <cuda_runtime.h>

#include "../common/types.h"

namespace wgan::cuda {

void im2col(cudaStream_t stream, const ConvGeometry& g, const float* x, int n, float* col);
void col2im(cudaStream_t stream, const ConvGeometry& g, const float* col, int n, float* x);
void planesToRows(cudaStream_t stream, const float* planes, int n, int channels, int plane, float* rows);
void rowsToPlanes(cudaStream_t stream, const float* rows, int n, int channels, int plane, float* planes);

}  // namespace wgan::cuda
