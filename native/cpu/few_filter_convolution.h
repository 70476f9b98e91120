// The CPU's convolution for stride-1 layers of many input channels and few filters (a ResNet generator's last 3×3
// convolution to RGB: 128 → 3). Winograd's products then have 3 rows and its input transform writes 4x the input
// (30 GFLOP/s by the direct count at 32×32), and im2col's columns are 9x the input; the blocked convolution needs 16
// filters. Here each output value is its direct sum, on AVX-512 vectors of 16 pixels along a row: a row of the
// input, shifted by each kernel column (masked at the edges, so the padding is never stored), is multiplied into a
// few filters' (or, for backward-data, channels') accumulators at once. Nothing is copied or packed.
#pragma once

#include "../common/types.h"
#include "../conv/convolution.h"

namespace wgan {

// Whether the few-filter convolution runs g with `filters` outputs: the AVX-512 kernel is chosen (cpu/avx512_gemm.h),
// stride 1, a kernel larger than 1×1 (the pointwise product takes those), under 16 filters (the blocked
// convolution's minimum) and at least `minChannels` input channels (below them Winograd and im2col do well enough).
bool fewFilterApplies(const ConvGeometry& g, int filters, int minChannels);

class FewFilterConvolution : public Convolution {
 public:
  FewFilterConvolution(const ConvGeometry& g, int filters) : g_(g), filters_(filters) {}
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  ConvGeometry g_;
  int filters_;
};

}  // namespace wgan
