// The three products of a 2-D convolution (cross-correlation, as in PyTorch and TensorFlow) on one
// device, planned once for a geometry and a largest batch: weight [filters, channels, kh, kw], images NCHW.
// Conv2D and Conv2DTranspose run on these (conv/conv_core.h picks the implementation).
#pragma once

namespace wgan {

class Convolution {
 public:
  virtual ~Convolution() = default;
  // y[n][filters][outH][outW] = conv(x, W), no bias
  virtual void forward(const float* weight, const float* x, float* y, int n) = 0;
  // gx = convᵀ(gy, W): the adjoint of forward in x (gx is overwritten)
  virtual void backwardData(const float* weight, const float* gy, float* gx, int n) = 0;
  // gW += ∂/∂W <gy, conv(x, W)>
  virtual void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) = 0;
};

}  // namespace wgan
