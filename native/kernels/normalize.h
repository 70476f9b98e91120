// The algebra of a normalisation group, shared by LayerNorm (a group = one sample's features) and
// BatchNorm in training mode (a group = one channel over batch and pixels). Over a group of m values:
//   h = x - mean(x), σ = sqrt(mean(h²) + eps), n = h/σ, y = γ⊙n + β.
// With a = γ⊙gy, P· = centring, p = a·n, q = n·v:
//   backward-data  gx = (Pa - n·p/m)/σ
//   tangent        Jv = γ⊙(Pv - n·q/m)/σ
//   curvature      ∂/∂x [aᵀ N(x) v] = -(n·(Pa·v - 3pq/m) + q·Pa + p·Pv) / (m σ²)
// `Group` maps a position k < m of group g to its element offset (at) and its γ/β index (param); its
// methods are WGAN_HD too, so a CUDA kernel can run these bodies unchanged.
#pragma once
#include <cmath>

#include "../core/device.h"
#include "hd.h"

namespace wgan {

constexpr double kNormEpsilon = 1e-5;

// gradient += value. Groups may share a γ/β entry (LayerNorm: every sample uses all of them), so on the GPU,
// where groups run in parallel, the sum is atomic.
WGAN_HD void accumulate(float* gradient, float value) {
#ifdef __CUDA_ARCH__
  atomicAdd(gradient, value);
#else
  *gradient += value;
#endif
}

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

struct GroupStats {
  double mean, sigma;
};

template <class Group>
WGAN_HD GroupStats groupStats(const Group& G, int g, const float* x, double eps) {
  double sum = 0;
  for (int k = 0; k < G.size(); ++k) sum += x[G.at(g, k)];
  const double mean = sum / G.size();
  double sq = 0;
  for (int k = 0; k < G.size(); ++k) {
    const double h = x[G.at(g, k)] - mean;
    sq += h * h;
  }
  return {mean, sqrt(sq / G.size() + eps)};
}

template <class Group>
WGAN_HD double normalized(const Group& G, int g, int k, const float* x, const GroupStats& s) {
  return (x[G.at(g, k)] - s.mean) / s.sigma;
}

template <class Group>
WGAN_HD void normalizeForward(const Group& G, int g, const float* x, const float* gamma, const float* beta, float* y,
                      double eps) {
  const GroupStats s = groupStats(G, g, x, eps);
  for (int k = 0; k < G.size(); ++k)
    y[G.at(g, k)] = static_cast<float>(gamma[G.param(g, k)] * normalized(G, g, k, x, s) + beta[G.param(g, k)]);
}

// gx = (Pa - n·p/m)/σ with a = γ⊙gy.
template <class Group>
WGAN_HD void normalizeBackwardData(const Group& G, int g, const float* x, const float* gamma, const float* gy, float* gx,
                           double eps) {
  const GroupStats s = groupStats(G, g, x, eps);
  const int m = G.size();
  double sumA = 0, p = 0;
  for (int k = 0; k < m; ++k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    sumA += a;
    p += a * normalized(G, g, k, x, s);
  }
  for (int k = 0; k < m; ++k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    gx[G.at(g, k)] = static_cast<float>((a - sumA / m - normalized(G, g, k, x, s) * p / m) / s.sigma);
  }
}

// gγ += gy⊙n, gβ += gy
template <class Group>
WGAN_HD void normalizeBackwardParams(const Group& G, int g, const float* x, const float* gy, float* gGamma, float* gBeta,
                             double eps) {
  const GroupStats s = groupStats(G, g, x, eps);
  for (int k = 0; k < G.size(); ++k) {
    accumulate(&gGamma[G.param(g, k)], static_cast<float>(gy[G.at(g, k)] * normalized(G, g, k, x, s)));
    accumulate(&gBeta[G.param(g, k)], gy[G.at(g, k)]);
  }
}

// w = γ⊙(Pv - n·q/m)/σ
template <class Group>
WGAN_HD void normalizeTangent(const Group& G, int g, const float* x, const float* gamma, const float* v, float* w,
                      double eps) {
  const GroupStats s = groupStats(G, g, x, eps);
  const int m = G.size();
  double sumV = 0, q = 0;
  for (int k = 0; k < m; ++k) {
    sumV += v[G.at(g, k)];
    q += v[G.at(g, k)] * normalized(G, g, k, x, s);
  }
  for (int k = 0; k < m; ++k) {
    const double nv = (v[G.at(g, k)] - sumV / m - normalized(G, g, k, x, s) * q / m) / s.sigma;
    w[G.at(g, k)] = static_cast<float>(gamma[G.param(g, k)] * nv);
  }
}

// For s = gyᵀ(γ⊙N(x)v): gγ += gy⊙N(x)v (β does not enter) and c = ∂s/∂x (formula above).
template <class Group>
WGAN_HD void normalizeCurvature(const Group& G, int g, const float* x, const float* gamma, const float* gy, const float* v,
                        float* c, float* gGamma, double eps) {
  const GroupStats s = groupStats(G, g, x, eps);
  const int m = G.size();
  double sumA = 0, sumV = 0, p = 0, q = 0, av = 0;
  for (int k = 0; k < m; ++k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)], vk = v[G.at(g, k)], nk = normalized(G, g, k, x, s);
    sumA += a;
    sumV += vk;
    p += a * nk;
    q += nk * vk;
    av += a * vk;
  }
  const double meanA = sumA / m, meanV = sumV / m;
  const double paDotV = av - m * meanA * meanV;  // (Pa)·v
  const double scale = -1.0 / (m * s.sigma * s.sigma);
  for (int k = 0; k < m; ++k) {
    const double nk = normalized(G, g, k, x, s), vk = v[G.at(g, k)];
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    const double nv = (vk - meanV - nk * q / m) / s.sigma;
    accumulate(&gGamma[G.param(g, k)], static_cast<float>(gy[G.at(g, k)] * nv));
    c[G.at(g, k)] = static_cast<float>(scale * (nk * (paDotV - 3.0 * p * q / m) + q * (a - meanA) + p * (vk - meanV)));
  }
}

// One NormOp on group g (the per-group body both backends run).
template <class Group>
WGAN_HD void normalizeGroup(NormOp op, const Group& G, int g, const NormArgs& a, double eps) {
  switch (op) {
    case NormOp::Forward: normalizeForward(G, g, a.x, a.gamma, a.beta, a.out, eps); break;
    case NormOp::BackwardData: normalizeBackwardData(G, g, a.x, a.gamma, a.gy, a.out, eps); break;
    case NormOp::BackwardParams: normalizeBackwardParams(G, g, a.x, a.gy, a.gradGamma, a.gradBeta, eps); break;
    case NormOp::Tangent: normalizeTangent(G, g, a.x, a.gamma, a.v, a.out, eps); break;
    case NormOp::Curvature: normalizeCurvature(G, g, a.x, a.gamma, a.gy, a.v, a.out, a.gradGamma, eps); break;
  }
}

// torch.nn.BatchNorm's running statistics of channel ch: they move by `momentum`, the variance unbiased.
WGAN_HD void batchNormRunningUpdate(const ChannelGroup& G, int ch, const float* x, float* runningMean, float* runningVar,
                                    double momentum, double eps) {
  const GroupStats s = groupStats(G, ch, x, eps);
  const int m = G.size();
  const double var = s.sigma * s.sigma - eps;
  const double unbiased = m > 1 ? var * m / (m - 1) : var;
  runningMean[ch] = static_cast<float>((1 - momentum) * runningMean[ch] + momentum * s.mean);
  runningVar[ch] = static_cast<float>((1 - momentum) * runningVar[ch] + momentum * unbiased);
}

// BatchNorm in evaluation mode, element i of n×channels×plane values.
WGAN_HD float batchNormInferenceAt(long long i, int channels, int plane, const float* x, const float* gamma,
                                   const float* beta, const float* runningMean, const float* runningVar, double eps) {
  const int ch = static_cast<int>((i / plane) % channels);
  const float scale = gamma[ch] / sqrtf(runningVar[ch] + static_cast<float>(eps));
  return (x[i] - runningMean[ch]) * scale + beta[ch];
}

}  // namespace wgan
