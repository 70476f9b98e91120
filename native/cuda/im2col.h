// The CUDA im2col / col2im transforms and the NCHW <-> CNHW block transpose (as cpu/im2col.h).
#pragma once
#include <cuda_runtime.h>

#include "../common/types.h"

namespace wgan::cuda {

void im2col(cudaStream_t stream, const ConvGeometry& g, const float* x, int n, float* col);
void col2im(cudaStream_t stream, const ConvGeometry& g, const float* col, int n, float* x);
void transposeBlocks(cudaStream_t stream, const float* from, int rows, int cols, int block, float* to);

}  // namespace wgan::cuda
