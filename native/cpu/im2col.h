// The im2col / col2im transforms that turn a convolution (common/types.h: ConvGeometry) into one GEMM, and
// the NCHW plane/row transposes, on the CPU.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

// col[(b·P + p)][c·kh·kw + i·kw + j] = x[b][c][oy·s - padTop + i][ox·s - padLeft + j] (0 outside the image)
void im2col(const ConvGeometry& g, const float* x, int n, float* col);
// x = Σ of col entries back onto the image positions they were read from (x is overwritten)
void col2im(const ConvGeometry& g, const float* col, int n, float* x);

// [n][channels][plane] <-> [n·plane][channels]
void planesToRows(const float* planes, int n, int channels, int plane, float* rows);
void rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes);

}  // namespace wgan::cpu
