// crop2d: Keras Cropping2D, drops rows/columns at the image borders (gan_mnist crops 8x8 to 7x7).
#pragma once
#include "../core/layer.h"
#include "../core/spec_reader.h"

namespace wgan {

class Crop2D : public Layer {
 public:
  Crop2D(const Shape& in, const Cropping& crop);
  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;

 private:
  CropWindow window() const;
  Cropping crop_;
};

}  // namespace wgan
