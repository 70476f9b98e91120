#include "dense.h"

#include "../core/errors.h"
#include "../core/layer_registry.h"
#include "../core/rng.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  if (in.size() != 1)
    fail(ErrorCode::InvalidModel, "dense needs a flat input [features], got " + shapeToString(in) +
                                      " (add a flatten layer before it)");
  return std::make_unique<Dense>(in, spec.integer("units"));
}
const LayerRegistration registration{{"dense", {{"units", KeyType::Integer, true, 1, kMaxDim}}, build}};
}  // namespace

Dense::Dense(const Shape& in, int units) : Layer(in, {units}), in_features_(shapeSize(in)), units_(units) {}

std::vector<ParamInfo> Dense::paramInfo() const {
  return {{"weight", {units_, in_features_}, true}, {"bias", {units_}, true}};
}

// torch.nn.Linear's default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
void Dense::initParams(Rng& rng) { fanInUniform(rng, params_, static_cast<long long>(units_) * in_features_ + units_, in_features_); }

void Dense::forward(const float* x, float* y, int n, Mode) {
  device().sgemm(false, true, n, units_, in_features_, 1.f, x, in_features_, weight(), in_features_, 0.f, y, units_);
  device().addBiasRows(y, bias(), n, units_);
}

void Dense::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  device().sgemm(false, false, n, in_features_, units_, 1.f, gy, units_, weight(), in_features_, 0.f, gx, in_features_);
}

void Dense::backwardParams(const float* x, const float*, const float* gy, int n) {
  device().sgemm(true, false, units_, in_features_, n, 1.f, gy, units_, x, in_features_, 1.f, grads_, in_features_);
  if (!outputShiftAbsorbed_) device().sumRowsInto(gy, n, units_, grads_ + units_ * in_features_);
}

void Dense::tangent(const float*, const float*, const float* v, float* w, int n) {
  device().sgemm(false, true, n, units_, in_features_, 1.f, v, in_features_, weight(), in_features_, 0.f, w, units_);
}

// s = gyᵀ W v is linear in x, so only the weight term: ∂s/∂W = gy vᵀ.
void Dense::curvature(const float*, const float*, const float* gy, const float* v, float*, int n) {
  device().sgemm(true, false, units_, in_features_, n, 1.f, gy, units_, v, in_features_, 1.f, grads_, in_features_);
}

}  // namespace wgan
