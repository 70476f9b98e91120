// Layers that only move values: flatten and reshape (identity on the flat NCHW data) and crop2d.
#pragma once
#include "../core/layer.h"

namespace wgan {

// flatten and reshape: y = x with another per-sample shape.
class Reshape : public Layer {
 public:
  Reshape(const Shape& in, const Shape& out, const char* name);
  const char* typeName() const override { return name_; }
  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;

 private:
  const char* name_;
};

struct Cropping {
  int top, bottom, left, right;
};

// Keras Cropping2D: drops rows/columns at the image borders (gan_mnist crops 8x8 to 7x7).
class Crop2D : public Layer {
 public:
  Crop2D(const Shape& in, const Cropping& crop);
  const char* typeName() const override { return "crop2d"; }
  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;

 private:
  CropWindow window() const;
  Cropping crop_;
};

}  // namespace wgan
