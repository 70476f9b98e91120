#include "conditional_batch_norm.h"

#include <algorithm>

#include "../core/errors.h"
#include "../core/layer_kernels.h"
#include "../core/layer_registry.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<ConditionalBatchNorm>(in, spec.integer("classes"), spec.number("momentum"));
}
const LayerRegistration registration{{"conditionalBatchNorm",
                                      {{"classes", KeyType::Integer, true, 1, kMaxDim},
                                       {"momentum", KeyType::Number, false, 0, 1, 0.1}},
                                      build}};
}  // namespace

// The tables as a PyTorch module holding nn.Parameter weight/bias of shape [classes, C] names them.
std::vector<ParamInfo> ConditionalBatchNorm::paramInfo() const {
  const Shape table{classes_, channels()}, c{channels()};
  return {{"weight", table, true}, {"bias", table, true}, {"running_mean", c, false}, {"running_var", c, false}};
}

void ConditionalBatchNorm::initParams(Rng&) {
  const size_t table = static_cast<size_t>(classes_) * channels();
  std::fill(params_, params_ + table, 1.f);
  std::fill(params_ + table, params_ + 2 * table, 0.f);
  std::fill(state_, state_ + channels(), 0.f);
  std::fill(state_ + channels(), state_ + 2 * channels(), 1.f);
}

void ConditionalBatchNorm::reserve(int maxRows) {
  Device& d = device();
  const size_t rows = static_cast<size_t>(maxRows) * inSize();
  normalized_ = DeviceArray<float>(d, rows);
  scaled_ = DeviceArray<float>(d, rows);
  const std::vector<float> ones(channels(), 1.f);
  ones_ = DeviceArray<float>(d, channels());
  ones_.upload(ones.data());
  zeros_ = DeviceArray<float>(d, channels());
  unitGrad_ = DeviceArray<float>(d, channels());
  stats_.reserve(d, channels());
}

const LabelKernels& ConditionalBatchNorm::kernels() {
  return LayerKernels<LabelKernels>::on(device(), "conditionalBatchNorm");
}

const int32_t* ConditionalBatchNorm::labels() const {
  if (!labels_) fail(ErrorCode::InvalidArgument, "conditionalBatchNorm reads the batch's labels, but none were given");
  return labels_;
}

void ConditionalBatchNorm::normalizeUnit(const NormLayout& l, const float* x) {
  device().normalize(NormOp::Forward, l, {x, ones_.data(), zeros_.data(), nullptr, nullptr, normalized_.data(), nullptr, nullptr});
}

void ConditionalBatchNorm::forward(const float* x, float* y, int n, Mode mode) {
  const int32_t* l = labels();
  if (mode == Mode::Eval) {
    device().batchNormInference(layout(n), x, ones_.data(), zeros_.data(), state_, state_ + channels(), normalized_.data());
  } else {
    const NormLayout synced = stats_.forward(device(), layout(n), x);
    normalizeUnit(synced, x);
    device().batchNormRunningUpdate(synced, x, state_, state_ + channels(), momentum_);
  }
  kernels().affine(device().queue(), n, channels(), plane(), l, gamma(), beta(), normalized_.data(), y);
}

// gx = N'(x)ᵀ(γ[l]⊙gy)
void ConditionalBatchNorm::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  kernels().affine(device().queue(), n, channels(), plane(), labels(), gamma(), nullptr, gy, scaled_.data());
  const NormLayout l = stats_.backwardData(device(), layout(n), x, ones_.data(), scaled_.data(), "conditionalBatchNorm");
  device().normalize(NormOp::BackwardData, l, {x, ones_.data(), nullptr, scaled_.data(), nullptr, gx, nullptr, nullptr});
}

void ConditionalBatchNorm::backwardParams(const float* x, const float*, const float* gy, int n) {
  normalizeUnit(stats_.current(layout(n), "conditionalBatchNorm"), x);
  const size_t table = static_cast<size_t>(classes_) * channels();
  kernels().tableGrads(device().queue(), n, channels(), plane(), labels(), gy, normalized_.data(), grads_, grads_ + table);
}

// w = γ[l]⊙N'(x)v
void ConditionalBatchNorm::tangent(const float* x, const float*, const float* v, float* w, int n) {
  stats_.requireOwn("conditionalBatchNorm");
  device().normalize(NormOp::Tangent, layout(n), {x, ones_.data(), nullptr, nullptr, v, normalized_.data(), nullptr, nullptr});
  kernels().affine(device().queue(), n, channels(), plane(), labels(), gamma(), nullptr, normalized_.data(), w);
}

// s = gyᵀ(γ[l]⊙N'(x)v): gγ[l] += Σ gy⊙N'(x)v (β does not enter), c = ∂/∂x [(γ[l]⊙gy)ᵀ N'(x) v].
void ConditionalBatchNorm::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  stats_.requireOwn("conditionalBatchNorm");
  const int32_t* l = labels();
  device().normalize(NormOp::Tangent, layout(n), {x, ones_.data(), nullptr, nullptr, v, normalized_.data(), nullptr, nullptr});
  kernels().tableGrads(device().queue(), n, channels(), plane(), l, gy, normalized_.data(), grads_, nullptr);
  kernels().affine(device().queue(), n, channels(), plane(), l, gamma(), nullptr, gy, scaled_.data());
  device().normalize(NormOp::Curvature, layout(n), {x, ones_.data(), nullptr, scaled_.data(), v, c, unitGrad_.data(), nullptr});
}

}  // namespace wgan
