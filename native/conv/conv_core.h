// The convolution shared by Conv2D and Conv2DTranspose (whose forward is a convolution's backward-data):
// its geometry, and its implementation on the layer's device, planned by reserve(). Weight is
// [filters, channels, kh, kw]; images are NCHW.
#pragma once
#include <memory>

#include "convolution.h"
#include "../core/device.h"

namespace wgan {

class ConvCore {
 public:
  ConvCore(const ConvGeometry& g, int filters) : g_(g), filters_(filters) {}
  const ConvGeometry& geometry() const { return g_; }
  int filters() const { return filters_; }
  int outSize() const { return filters_ * g_.pixels(); }

  // Plans the convolution for batches of up to maxRows on `device`. WGAN_GP_CONV chooses how it runs:
  // "auto" (default: the device's preferred convolution where it has one: cuDNN on CUDA; on the CPU Winograd F(2×2,
  // 3×3) for 3×3 stride-1 kernels, and the blocked, pointwise and few-filter convolutions (CpuDevice::
  // preferredConvolution); else im2col + GEMM), "gemm",
  // or "gemm-padded" (GEMM over zero-padded copies where padding is asymmetric, the way cuDNN runs it).
  // WGAN_GP_CONV_CHUNK bounds the floats of one chunk of the GEMM path (conv/gemm_convolution.cpp).
  void reserve(Device& device, int maxRows);
  Convolution& run() { return *plan_; }

 private:
  ConvGeometry g_;
  int filters_;
  Device* device_ = nullptr;
  int plannedRows_ = 0;
  std::unique_ptr<Convolution> plan_;
};

}  // namespace wgan
