#include "batch_norm.h"

#include <algorithm>

#include "../core/errors.h"
#include "../core/layer_registry.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<BatchNorm>(in, static_cast<float>(spec.number("momentum")));
}
const LayerRegistration registration{{"batchNorm", {{"momentum", KeyType::Number, false, 0, 1, 0.1}}, build}};
}  // namespace

std::vector<ParamInfo> BatchNorm::paramInfo() const {
  const Shape c{in_[0]};
  return {{"weight", c, true}, {"bias", c, true}, {"running_mean", c, false}, {"running_var", c, false}};
}

void BatchNorm::initParams(Rng&) {
  const int c = channels();
  std::fill(params_, params_ + c, 1.f);
  std::fill(params_ + c, params_ + 2 * c, 0.f);
  std::fill(state_, state_ + c, 0.f);
  std::fill(state_ + c, state_ + 2 * c, 1.f);
}

void BatchNorm::reserve(int) { stats_.reserve(device(), channels()); }

void BatchNorm::forward(const float* x, float* y, int n, Mode mode) {
  const int c = channels();
  const float* gamma = params_;
  const float* beta = params_ + c;
  float* runningMean = state_;
  float* runningVar = state_ + c;
  if (mode == Mode::Eval) return device().batchNormInference(layout(n), x, gamma, beta, runningMean, runningVar, y);
  const NormLayout l = stats_.forward(device(), layout(n), x);
  device().normalize(NormOp::Forward, l, {x, gamma, beta, nullptr, nullptr, y, nullptr, nullptr});
  device().batchNormRunningUpdate(l, x, runningMean, runningVar, momentum_);
}

void BatchNorm::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  const NormLayout l = stats_.backwardData(device(), layout(n), x, params_, gy, "batchNorm");
  device().normalize(NormOp::BackwardData, l, {x, params_, nullptr, gy, nullptr, gx, nullptr, nullptr});
}

void BatchNorm::backwardParams(const float* x, const float*, const float* gy, int n) {
  device().normalize(NormOp::BackwardParams, stats_.current(layout(n), "batchNorm"),
                     {x, params_, nullptr, gy, nullptr, nullptr, grads_, grads_ + channels()});
}

void BatchNorm::tangent(const float* x, const float*, const float* v, float* w, int n) {
  stats_.requireOwn("batchNorm");
  device().normalize(NormOp::Tangent, layout(n), {x, params_, nullptr, nullptr, v, w, nullptr, nullptr});
}

void BatchNorm::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  stats_.requireOwn("batchNorm");
  device().normalize(NormOp::Curvature, layout(n), {x, params_, nullptr, gy, v, c, grads_, nullptr});
}

}  // namespace wgan
