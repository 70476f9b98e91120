// flatten and reshape: y = x with another per-sample shape (the flat NCHW data is unchanged).
#pragma once
#include "../core/layer.h"

namespace wgan {

class Reshape : public Layer {
 public:
  Reshape(const Shape& in, const Shape& out);
  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
};

}  // namespace wgan
