// The im2col / col2im transforms that turn a convolution (common/types.h: ConvGeometry) into one GEMM, and
// the block transpose between NCHW and CNHW, on the CPU.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

// col[(b·P + p)][c·kh·kw + i·kw + j] = x[b][c][oy·s - padTop + i][ox·s - padLeft + j] (0 outside the image)
void im2col(const ConvGeometry& g, const float* x, int n, float* col);
// x = Σ of col entries back onto the image positions they were read from (x is overwritten)
void col2im(const ConvGeometry& g, const float* col, int n, float* x);

// to[c][r] = from[r][c] for r < rows, c < cols, where each entry is a run of `block` floats: between NCHW and
// CNHW (channels of all samples in a row, for one GEMM over the batch) with block = H·W
void transposeBlocks(const float* from, int rows, int cols, int block, float* to);

}  // namespace wgan::cpu
