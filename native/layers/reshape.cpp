#include "reshape.h"

#include <string>

#include "../core/errors.h"

namespace wgan {

Reshape::Reshape(const Shape& in, const Shape& out, const char* name) : Layer(in, out), name_(name) {
  if (shapeSize(in) != shapeSize(out))
    fail(ErrorCode::InvalidModel, std::string(name) + ": cannot reshape " + shapeToString(in) + " (" +
                                      std::to_string(shapeSize(in)) + " values) to " + shapeToString(out) + " (" +
                                      std::to_string(shapeSize(out)) + " values)");
}

void Reshape::forward(const float* x, float* y, int n, Mode) {
  device().copy(y, x, sizeof(float) * static_cast<size_t>(n) * inSize());
}
void Reshape::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  device().copy(gx, gy, sizeof(float) * static_cast<size_t>(n) * inSize());
}
void Reshape::tangent(const float*, const float*, const float* v, float* w, int n) {
  device().copy(w, v, sizeof(float) * static_cast<size_t>(n) * inSize());
}

namespace {
Shape croppedShape(const Shape& in, const Cropping& c) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "crop2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  const Shape out{in[0], in[1] - c.top - c.bottom, in[2] - c.left - c.right};
  if (out[1] < 1 || out[2] < 1) fail(ErrorCode::InvalidModel, "crop2d: cropping removes the whole " + shapeToString(in) + " image");
  return out;
}
}  // namespace

Crop2D::Crop2D(const Shape& in, const Cropping& crop) : Layer(in, croppedShape(in, crop)), crop_(crop) {}

CropWindow Crop2D::window() const { return {in_[0], in_[1], in_[2], out_[1], out_[2], crop_.top, crop_.left}; }

void Crop2D::forward(const float* x, float* y, int n, Mode) { device().cropWindow(window(), x, y, n, true); }

void Crop2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  device().cropWindow(window(), gy, gx, n, false);
}

void Crop2D::tangent(const float*, const float*, const float* v, float* w, int n) { forward(v, w, n, Mode::Train); }

}  // namespace wgan
