// The CPU's convolution for 1×1 kernels at stride 1 without padding (the ResNets' shortcuts): on NCHW planes it
// is one product per sample, y_b = W·x_b, so it needs neither im2col's columns nor the transposes between planes
// and GEMM rows. The samples' products run side by side, each on one thread (on CPUs with AVX-512 on the project's
// kernel, cpu/avx512_products.h).
#pragma once

#include "../common/types.h"
#include "../conv/convolution.h"

namespace wgan {

// Whether the pointwise convolution computes g: a 1×1 kernel at stride 1 without padding.
bool pointwiseApplies(const ConvGeometry& g);

class PointwiseConvolution : public Convolution {
 public:
  PointwiseConvolution(const ConvGeometry& g, int filters);
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  void perSample(bool adjoint, const float* weight, const float* in, float* out, int n);
  ConvGeometry g_;
  int filters_;
  bool ownGemm_;  // the products on the AVX-512 kernel (cpu/avx512_gemm.h), else OpenBLAS
};

}  // namespace wgan
