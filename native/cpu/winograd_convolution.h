// The CPU's convolution for 3×3 stride-1 kernels (the ResNets' and most generators'): Winograd F(2×2, 3×3)
// (cpu/winograd_transforms.h), 16 GEMMs over the channels per chunk of samples instead of im2col's one GEMM with
// 2.25x the multiplies. Forward and backward-data are the same correlation (backward-data: the kernel rotated and
// its channels swapped, from the output's plane to the input's); backward-filter is its adjoint in the weight.
// Within float32 round-off of im2col + GEMM; each GEMM runs on one thread, so results do not depend on the threads.
#pragma once
#include <cstddef>

#include "../common/types.h"
#include "../conv/convolution.h"
#include "winograd_transforms.h"

namespace wgan {

// Whether the Winograd convolution computes g: a 3×3 kernel at stride 1.
bool winogradApplies(const ConvGeometry& g);

class WinogradConvolution : public Convolution {
 public:
  WinogradConvolution(const ConvGeometry& g, int filters, int maxRows);
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  // out = the correlation of `grid` with weight (adjoint: its adjoint in the input), chunk by chunk
  void correlate(const cpu::TileGrid& grid, const float* weight, bool adjoint, const float* in, float* out, int n);
  size_t workspaceFloats() const;

  ConvGeometry g_;
  int filters_;
  cpu::TileGrid forward_, adjoint_;  // x → y, and gy → gx
  int chunk_;                        // samples per chunk
  bool ownGemm_;                     // the products on cpu/avx512_gemm.h (the weight gradient's via cpu/avx512_products.h)
};

}  // namespace wgan
