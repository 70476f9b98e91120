#include "crop2d.h"

#include "../core/errors.h"
#include "../core/layer_registry.h"

namespace wgan {

namespace {
Shape croppedShape(const Shape& in, const Cropping& c) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "crop2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  const Shape out{in[0], in[1] - c.top - c.bottom, in[2] - c.left - c.right};
  if (out[1] < 1 || out[2] < 1) fail(ErrorCode::InvalidModel, "crop2d: cropping removes the whole " + shapeToString(in) + " image");
  return out;
}
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Crop2D>(in, spec.cropping("cropping"));
}
const LayerRegistration registration{{"crop2d", {{"cropping", KeyType::Cropping, true, 0, kMaxDim}}, build}};
}  // namespace

Crop2D::Crop2D(const Shape& in, const Cropping& crop) : Layer(in, croppedShape(in, crop)), crop_(crop) {}

CropWindow Crop2D::window() const { return {in_[0], in_[1], in_[2], out_[1], out_[2], crop_.top, crop_.left}; }

void Crop2D::forward(const float* x, float* y, int n, Mode) { device().cropWindow(window(), x, y, n, true); }

void Crop2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  device().cropWindow(window(), gy, gx, n, false);
}

void Crop2D::tangent(const float*, const float*, const float* v, float* w, int n) { forward(v, w, n, Mode::Train); }

}  // namespace wgan
