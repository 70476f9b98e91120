#include "reshape.h"

#include <cstring>
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
  std::memcpy(y, x, sizeof(float) * static_cast<size_t>(n) * inSize());
}
void Reshape::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  std::memcpy(gx, gy, sizeof(float) * static_cast<size_t>(n) * inSize());
}
void Reshape::tangent(const float*, const float*, const float* v, float* w, int n) {
  std::memcpy(w, v, sizeof(float) * static_cast<size_t>(n) * inSize());
}

namespace {
Shape croppedShape(const Shape& in, const Cropping& c) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "crop2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  const Shape out{in[0], in[1] - c.top - c.bottom, in[2] - c.left - c.right};
  if (out[1] < 1 || out[2] < 1) fail(ErrorCode::InvalidModel, "crop2d: cropping removes the whole " + shapeToString(in) + " image");
  return out;
}

// Copies the window of `big` at (top, left) to/from `small`, sample by sample.
template <bool kToSmall>
void copyWindow(const Shape& big, const Shape& small, const Cropping& c, const float* from, float* to, int n) {
  const int channels = big[0];
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < channels; ++ch)
      for (int r = 0; r < small[1]; ++r) {
        const long long bigRow = ((static_cast<long long>(b) * channels + ch) * big[1] + r + c.top) * big[2] + c.left;
        const long long smallRow = ((static_cast<long long>(b) * channels + ch) * small[1] + r) * small[2];
        if (kToSmall) std::memcpy(to + smallRow, from + bigRow, sizeof(float) * small[2]);
        else std::memcpy(to + bigRow, from + smallRow, sizeof(float) * small[2]);
      }
}
}  // namespace

Crop2D::Crop2D(const Shape& in, const Cropping& crop) : Layer(in, croppedShape(in, crop)), crop_(crop) {}

void Crop2D::forward(const float* x, float* y, int n, Mode) { copyWindow<true>(in_, out_, crop_, x, y, n); }

void Crop2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  std::memset(gx, 0, sizeof(float) * static_cast<size_t>(n) * inSize());
  copyWindow<false>(in_, out_, crop_, gy, gx, n);
}

void Crop2D::tangent(const float*, const float*, const float* v, float* w, int n) { forward(v, w, n, Mode::Train); }

}  // namespace wgan
