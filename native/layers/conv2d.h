// Conv2D: torch.nn.Conv2d (weight [out, in, kh, kw], bias [out]); padding 'same' follows TensorFlow.
#pragma once
#include "../conv/conv_core.h"
#include "../conv/geometry.h"
#include "../core/layer.h"

namespace wgan {

class Conv2D : public Layer {
 public:
  Conv2D(const Shape& in, const ConvOptions& o);
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override { core_.reserve(device(), maxRows); }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  ConvCore core_;
  long long weightSize() const { return static_cast<long long>(core_.filters()) * core_.geometry().patch(); }
};

}  // namespace wgan
