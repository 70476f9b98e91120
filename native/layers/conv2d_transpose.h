// Conv2DTranspose: torch.nn.ConvTranspose2d (weight [in, out, kh, kw], bias [out]; PyTorch's padding and
// output_padding, or TensorFlow's 'same'). It is the adjoint of a convolution, so it runs on the same three
// products (ConvCore) as Conv2D with their roles swapped.
#pragma once
#include "../conv/conv_core.h"
#include "../conv/geometry.h"
#include "../core/layer.h"

namespace wgan {

class Conv2DTranspose : public Layer {
 public:
  Conv2DTranspose(const Shape& in, const ConvOptions& o);
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override { core_.reserve(device(), maxRows); }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  ConvCore core_;  // the convolution from this layer's output (its input image) to this layer's input
  long long weightSize() const { return static_cast<long long>(core_.filters()) * core_.geometry().patch(); }
};

}  // namespace wgan
