// The column moves of the blocked convolution (cpu/blocked_convolution.h) on AVX-512: im2col with one masked move
// per kernel row of each channel, so pixels whose kernel reaches into the padding take the same path as those inside
// the image; and col2im, which sums an image row's entries in a register before adding them to the image once.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

// The widest kernel the masked moves take: one vector of floats.
constexpr int kAvx512ColumnsWidth = 16;

// Where the columns lie: pixel q's row (channels [cBegin, cEnd), each kernel row after row) at
// rows + (q - firstPixel)·ld.
struct ColumnBlock {
  float* rows;
  int ld, firstPixel, cBegin, cEnd;
};

// The column rows of output pixels [q0, q1) of one sample's image (C×H×W at img), as cpu::im2col writes them, for
// the block's channels only, on the calling thread; kernels up to kAvx512ColumnsWidth wide, only where
// avx512GemmRuns() (cpu/avx512_gemm.h).
void avx512Im2col(const ConvGeometry& g, const float* img, const ColumnBlock& block, int q0, int q1);

// Adds the column rows of the whole output rows [oyBegin, oyEnd) of one sample into its image's channels
// [cBegin, cEnd) (the adjoint of avx512Im2col), on the calling thread; same kernels and CPUs. Each image row of a
// channel takes, from each output row and kernel row that read it in turn, the sum of their entries in order of
// the output pixels, added at once.
void avx512Col2im(const ConvGeometry& g, const ColumnBlock& block, int oyBegin, int oyEnd, float* img);

}  // namespace wgan::cpu
