#include "normalization.h"

#include <algorithm>

#include "../kernels/normalize.h"

namespace wgan {

namespace {

// LayerNorm: group b is sample b; γ is indexed by the position within the sample.
struct SampleGroup {
  int features;
  WGAN_HD int size() const { return features; }
  WGAN_HD long long at(int g, int k) const { return static_cast<long long>(g) * features + k; }
  WGAN_HD int param(int, int k) const { return k; }
};

// BatchNorm: group c is channel c over n samples of `plane` pixels; γ is indexed by the channel.
struct ChannelGroup {
  int n, channels, plane;
  WGAN_HD int size() const { return n * plane; }
  WGAN_HD long long at(int g, int k) const {
    const int b = k / plane, p = k % plane;
    return (static_cast<long long>(b) * channels + g) * plane + p;
  }
  WGAN_HD int param(int g, int) const { return g; }
};

}  // namespace

// ---- LayerNorm -------------------------------------------------------------------------------

std::vector<ParamInfo> LayerNorm::paramInfo() const { return {{"weight", in_, true}, {"bias", in_, true}}; }

void LayerNorm::initParams(Rng&) {
  std::fill(params_, params_ + inSize(), 1.f);
  std::fill(params_ + inSize(), params_ + 2 * inSize(), 0.f);
}

void LayerNorm::forward(const float* x, float* y, int n, Mode) {
  const SampleGroup G{inSize()};
  for (int b = 0; b < n; ++b) normalizeForward(G, b, x, params_, params_ + inSize(), y, kNormEpsilon);
}

void LayerNorm::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  const SampleGroup G{inSize()};
  for (int b = 0; b < n; ++b) normalizeBackwardData(G, b, x, params_, gy, gx, kNormEpsilon);
}

void LayerNorm::backwardParams(const float* x, const float*, const float* gy, int n) {
  const SampleGroup G{inSize()};
  for (int b = 0; b < n; ++b) normalizeBackwardParams(G, b, x, gy, grads_, grads_ + inSize(), kNormEpsilon);
}

void LayerNorm::tangent(const float* x, const float*, const float* v, float* w, int n) {
  const SampleGroup G{inSize()};
  for (int b = 0; b < n; ++b) normalizeTangent(G, b, x, params_, v, w, kNormEpsilon);
}

void LayerNorm::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  const SampleGroup G{inSize()};
  for (int b = 0; b < n; ++b) normalizeCurvature(G, b, x, params_, gy, v, c, grads_, kNormEpsilon);
}

// ---- BatchNorm -------------------------------------------------------------------------------

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

void BatchNorm::forward(const float* x, float* y, int n, Mode mode) {
  const int c = channels(), plane = this->plane();
  const float* gamma = params_;
  const float* beta = params_ + c;
  float* runningMean = state_;
  float* runningVar = state_ + c;
  if (mode == Mode::Eval) {
    for (int b = 0; b < n; ++b)
      for (int ch = 0; ch < c; ++ch) {
        const float scale = gamma[ch] / std::sqrt(runningVar[ch] + static_cast<float>(kNormEpsilon));
        const long long off = (static_cast<long long>(b) * c + ch) * plane;
        for (int p = 0; p < plane; ++p) y[off + p] = (x[off + p] - runningMean[ch]) * scale + beta[ch];
      }
    return;
  }
  const ChannelGroup G{n, c, plane};
  const int m = G.size();
  for (int ch = 0; ch < c; ++ch) {
    normalizeForward(G, ch, x, gamma, beta, y, kNormEpsilon);
    // torch.nn.BatchNorm: running statistics move by `momentum`, the variance unbiased.
    const GroupStats s = groupStats(G, ch, x, kNormEpsilon);
    const double var = s.sigma * s.sigma - kNormEpsilon;
    const double unbiased = m > 1 ? var * m / (m - 1) : var;
    runningMean[ch] = static_cast<float>((1 - momentum_) * runningMean[ch] + momentum_ * s.mean);
    runningVar[ch] = static_cast<float>((1 - momentum_) * runningVar[ch] + momentum_ * unbiased);
  }
}

void BatchNorm::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  const ChannelGroup G{n, channels(), plane()};
  for (int ch = 0; ch < channels(); ++ch) normalizeBackwardData(G, ch, x, params_, gy, gx, kNormEpsilon);
}

void BatchNorm::backwardParams(const float* x, const float*, const float* gy, int n) {
  const ChannelGroup G{n, channels(), plane()};
  for (int ch = 0; ch < channels(); ++ch)
    normalizeBackwardParams(G, ch, x, gy, grads_, grads_ + channels(), kNormEpsilon);
}

void BatchNorm::tangent(const float* x, const float*, const float* v, float* w, int n) {
  const ChannelGroup G{n, channels(), plane()};
  for (int ch = 0; ch < channels(); ++ch) normalizeTangent(G, ch, x, params_, v, w, kNormEpsilon);
}

void BatchNorm::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  const ChannelGroup G{n, channels(), plane()};
  for (int ch = 0; ch < channels(); ++ch) normalizeCurvature(G, ch, x, params_, gy, v, c, grads_, kNormEpsilon);
}

}  // namespace wgan
