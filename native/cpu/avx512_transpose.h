// Transposes a block of floats on AVX-512: 16 × 16 tiles in registers, the edges one value at a time. The blocked
// convolution (cpu/blocked_convolution.h) packs its weight with it (one value at a time, at a stride of 32 floats,
// the packing took as long as a sixth of the products it fed) and moves values between its rows per pixel and the
// NCHW planes.
#pragma once

namespace wgan::cpu {

// to[j·ldTo + i] = from[i·ldFrom + j] for i < rows, j < cols, on the calling thread; only where avx512GemmRuns()
// (cpu/avx512_gemm.h).
void avx512Transpose(const float* from, long long ldFrom, float* to, long long ldTo, int rows, int cols);

}  // namespace wgan::cpu
