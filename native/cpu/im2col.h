// Geometry of a 2-D convolution and the im2col / col2im transforms that turn it into one GEMM.
// The transposed convolution uses the same geometry read backwards (its output is this input).
#pragma once
#include "../kernels/hd.h"

namespace wgan {

struct ConvGeometry {
  int channels, height, width;  // input image C×H×W
  int outHeight, outWidth;      // output image OH×OW
  int kernelH, kernelW, stride;
  int padTop, padLeft;  // padding before the first row / column; any padding after is implied

  WGAN_HD int patch() const { return channels * kernelH * kernelW; }  // one GEMM row of the columns
  WGAN_HD int pixels() const { return outHeight * outWidth; }
  WGAN_HD int inSize() const { return channels * height * width; }
};

// col[(b·P + p)][c·kh·kw + i·kw + j] = x[b][c][oy·s - padTop + i][ox·s - padLeft + j] (0 outside the image)
void im2col(const ConvGeometry& g, const float* x, int n, float* col);
// x = Σ of col entries back onto the image positions they were read from (x is overwritten)
void col2im(const ConvGeometry& g, const float* col, int n, float* x);

// [n][channels][plane] <-> [n·plane][channels]
void planesToRows(const float* planes, int n, int channels, int plane, float* rows);
void rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes);

}  // namespace wgan
