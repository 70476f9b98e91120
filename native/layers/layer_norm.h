// LayerNorm: per sample, over all its features; weight/bias shaped like the input (torch.nn.LayerNorm).
// The algebra is the shared normalisation body (kernels/normalize.h) with one group per sample.
#pragma once
#include "../core/layer.h"

namespace wgan {

class LayerNorm : public Layer {
 public:
  explicit LayerNorm(const Shape& in) : Layer(in, in) {}
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  bool hasCurvature() const override { return true; }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;
};

}  // namespace wgan
