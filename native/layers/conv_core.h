// The three GEMM-based convolution primitives shared by Conv2D and Conv2DTranspose (whose forward is
// a convolution's backward-data). Weight is [filters, channels, kh, kw]; images are NCHW. They run on
// the device given to reserve(), the layer's.
#pragma once
#include "../core/device.h"

namespace wgan {

class ConvCore {
 public:
  ConvCore(const ConvGeometry& g, int filters) : g_(g), filters_(filters) {}
  const ConvGeometry& geometry() const { return g_; }
  int filters() const { return filters_; }
  int outSize() const { return filters_ * g_.pixels(); }
  void reserve(Device& device, int maxRows);

  // y[n][F][P] = conv(x, W) (no bias)
  void forward(const float* weight, const float* x, float* y, int n);
  // gx = convᵀ(gy, W): the adjoint of forward in x
  void backwardData(const float* weight, const float* gy, float* gx, int n);
  // gW += ∂/∂W <gy, conv(x, W)>
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n);

 private:
  ConvGeometry g_;
  int filters_;
  Device* device_ = nullptr;
  DeviceArray<float> cols_, rows_;  // im2col columns and the GEMM's [n·P, F] side
};

}  // namespace wgan
