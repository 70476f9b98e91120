// Dense: y = W x + b, W [out, in] as in torch.nn.Linear.
#pragma once
#include "../core/layer.h"

namespace wgan {

class Dense : public Layer {
 public:
  Dense(const Shape& in, int units);
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  int in_features_, units_;
  const float* weight() const { return params_; }
  const float* bias() const { return params_ + units_ * in_features_; }
};

}  // namespace wgan
