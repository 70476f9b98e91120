// upsample2d: nearest-neighbour upsampling by `factor` (torch.nn.Upsample(scale_factor=factor,
// mode='nearest'); the reference's four tiled copies + depth_to_space). Linear, no parameters: its tangent
// is the forward map, its backward the adjoint, its curvature zero.
#pragma once
#include "../core/layer.h"
#include "../kernels/upsample.h"

namespace wgan {

class Upsample2D : public Layer {
 public:
  Upsample2D(const Shape& in, int factor);
  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;

 private:
  const UpsampleKernels& kernels();
  UpsampleShape shape_;
};

}  // namespace wgan
