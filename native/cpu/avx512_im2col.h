// The im2col of the blocked convolution (cpu/blocked_convolution.h) on AVX-512: one masked move per kernel row of
// each channel, so pixels whose kernel reaches into the padding take the same path as those inside the image.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

// The widest kernel the masked moves take: one vector of floats.
constexpr int kAvx512Im2colWidth = 16;

// Where avx512Im2col writes: pixel q's row (channels [cBegin, cEnd), each kernel row after row) at
// dst + (q - firstPixel)·ld.
struct ColumnBlock {
  float* dst;
  int ld, firstPixel, cBegin, cEnd;
};

// The column rows of output pixels [q0, q1) of one sample's image (C×H×W at img), as cpu::im2col writes them, for
// the block's channels only, on the calling thread; kernels up to kAvx512Im2colWidth wide, only where
// avx512GemmRuns() (cpu/avx512_gemm.h).
void avx512Im2col(const ConvGeometry& g, const float* img, const ColumnBlock& block, int q0, int q1);

}  // namespace wgan::cpu
