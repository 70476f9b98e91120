#include "layer_norm.h"

#include <algorithm>

#include "../core/layer_registry.h"

namespace wgan {

namespace {
NormLayout sampleLayout(int n, int features) { return {false, n, 1, features}; }
std::unique_ptr<Layer> build(const SpecReader&, const Shape& in) { return std::make_unique<LayerNorm>(in); }
const LayerRegistration registration{{"layerNorm", {}, build}};
}  // namespace

std::vector<ParamInfo> LayerNorm::paramInfo() const { return {{"weight", in_, true}, {"bias", in_, true}}; }

void LayerNorm::initParams(Rng&) {
  std::fill(params_, params_ + inSize(), 1.f);
  std::fill(params_ + inSize(), params_ + 2 * inSize(), 0.f);
}

void LayerNorm::forward(const float* x, float* y, int n, Mode) {
  device().normalize(NormOp::Forward, sampleLayout(n, inSize()), {x, params_, params_ + inSize(), nullptr, nullptr, y, nullptr, nullptr});
}

void LayerNorm::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  device().normalize(NormOp::BackwardData, sampleLayout(n, inSize()), {x, params_, nullptr, gy, nullptr, gx, nullptr, nullptr});
}

void LayerNorm::backwardParams(const float* x, const float*, const float* gy, int n) {
  device().normalize(NormOp::BackwardParams, sampleLayout(n, inSize()),
                     {x, params_, nullptr, gy, nullptr, nullptr, grads_, grads_ + inSize()});
}

void LayerNorm::tangent(const float* x, const float*, const float* v, float* w, int n) {
  device().normalize(NormOp::Tangent, sampleLayout(n, inSize()), {x, params_, nullptr, nullptr, v, w, nullptr, nullptr});
}

void LayerNorm::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  device().normalize(NormOp::Curvature, sampleLayout(n, inSize()), {x, params_, nullptr, gy, v, c, grads_, nullptr});
}

}  // namespace wgan
