#include "reshape.h"

#include <string>

#include "../core/errors.h"
#include "../core/layer_registry.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> buildFlatten(const SpecReader&, const Shape& in) {
  return std::make_unique<Reshape>(in, Shape{shapeSize(in)});
}
std::unique_ptr<Layer> buildReshape(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Reshape>(in, spec.shape("targetShape"));
}
const LayerRegistration flatten{{"flatten", {}, buildFlatten}};
const LayerRegistration reshape{{"reshape", {{"targetShape", KeyType::Shape, true}}, buildReshape}};
}  // namespace

Reshape::Reshape(const Shape& in, const Shape& out) : Layer(in, out) {
  if (shapeSize(in) != shapeSize(out))
    fail(ErrorCode::InvalidModel, "cannot reshape " + shapeToString(in) + " (" + std::to_string(shapeSize(in)) +
                                      " values) to " + shapeToString(out) + " (" + std::to_string(shapeSize(out)) +
                                      " values)");
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

}  // namespace wgan
