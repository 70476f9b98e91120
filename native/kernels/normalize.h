// The algebra of a normalisation group, shared by LayerNorm (a group = one sample's features) and
// BatchNorm in training mode (a group = one channel over batch and pixels). Over a group of m values:
//   h = x - mean(x), σ = sqrt(mean(h²) + eps), n = h/σ, y = γ⊙n + β.
// With a = γ⊙gy, P· = centring, p = a·n, q = n·v:
//   backward-data  gx = (Pa - n·p/m)/σ
//   tangent        Jv = γ⊙(Pv - n·q/m)/σ
//   curvature      ∂/∂x [aᵀ N(x) v] = -(n·(Pa·v - 3pq/m) + q·Pa + p·Pv) / (m σ²)
// `Group` maps a position k < m of group g to its element offset (at) and its γ/β index (param); `Loops`
// runs a group's loops (kernels/loops.h) and hands the bodies positions: an int k, or an Element that carries its
// offset too (the CPU's PlaneLoops, which so spare a division per value). Everything here is WGAN_HD, so a CUDA
// kernel runs these bodies unchanged.
#pragma once
#include <cmath>

#include "../common/hd.h"
#include "../common/types.h"
#include "loops.h"

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

// A synchronised BatchNorm's statistics over every rank's rows (M values of each channel in all), in one array of
// SyncedSums::size(C) doubles: per channel c, [c] Σx, [C] M, [C+1+c] Σ(x−μ)², and [2C+1+2c] Σ w·a, [2C+2+2c]
// Σ w·a·n with w = m/M, this rank's share of the rows (each rank's gy is the gradient of its own mean: w puts the
// sums in the units of the global mean). Each part is written here per rank, then summed over the ranks.
struct SyncedSums {
  double* d;
  int channels;
  static constexpr long long size(int channels) { return 4LL * channels + 1; }
  WGAN_HD double& count() const { return d[channels]; }
  WGAN_HD double& sumX(int c) const { return d[c]; }
  WGAN_HD double& sumSquares(int c) const { return d[channels + 1 + c]; }
  WGAN_HD double& sumA(int c) const { return d[2 * channels + 1 + 2 * c]; }
  WGAN_HD double& sumAN(int c) const { return d[2 * channels + 2 + 2 * c]; }
};

// LayerNorm: group b is sample b; γ is indexed by the position within the sample.
struct SampleGroup {
  static constexpr bool kOneParam = false;
  static constexpr bool kSyncable = false;  // one sample's features: nothing to share between ranks
  int features;
  WGAN_HD int size() const { return features; }
  WGAN_HD long long at(int g, int k) const { return static_cast<long long>(g) * features + k; }
  WGAN_HD long long at(int, Element e) const { return e.offset; }
  WGAN_HD int param(int, int k) const { return k; }
  WGAN_HD int param(int, Element e) const { return e.k; }
};

// BatchNorm: group c is channel c over n samples of `plane` pixels; γ is indexed by the channel.
struct ChannelGroup {
  static constexpr bool kOneParam = true;  // one γ/β entry for the whole group
  static constexpr bool kSyncable = true;
  int n, channels, plane;
  double* synced = nullptr;  // the all-ranks sums (SyncedSums) when synchronised, else null
  WGAN_HD SyncedSums sums() const { return {synced, channels}; }
  WGAN_HD int size() const { return n * plane; }
  WGAN_HD long long at(int g, int k) const { return atPixel(g, k / plane, k % plane); }
  WGAN_HD long long at(int, Element e) const { return e.offset; }
  // Pixel p of sample b in channel g (position k = b·plane + p of the group).
  WGAN_HD long long atPixel(int g, int b, int p) const { return (static_cast<long long>(b) * channels + g) * plane + p; }
  template <class Position>
  WGAN_HD int param(int g, Position) const { return g; }
};

struct GroupStats {
  double mean, sigma;
};

// Whether the group's statistics are the all-ranks ones of a synchronised BatchNorm.
template <class Group>
WGAN_HD bool synced(const Group& G) {
  if constexpr (Group::kSyncable) return G.synced != nullptr;
  else return false;
}

template <class Loops, class Group>
WGAN_HD GroupStats groupStats(const Loops& L, const Group& G, int g, const float* x, double eps) {
  if constexpr (Group::kSyncable) {
    if (G.synced) {
      const SyncedSums s = G.sums();
      return {s.sumX(g) / s.count(), sqrt(s.sumSquares(g) / s.count() + eps)};
    }
  }
  const int m = G.size();
  const double mean = L.sums(m, [&](auto k) { return Sums<1>{x[G.at(g, k)]}; })[0] / m;
  const double sq = L.sums(m, [&](auto k) {
    const double h = x[G.at(g, k)] - mean;
    return Sums<1>{h * h};
  })[0];
  return {mean, sqrt(sq / m + eps)};
}

template <class Group, class Position>
WGAN_HD double normalized(const Group& G, int g, Position k, const float* x, const GroupStats& s) {
  return (x[G.at(g, k)] - s.mean) / s.sigma;
}

// gradient[param] += value(k) over the group: one sum and one add where the group has a single entry.
template <class Loops, class Group, class F>
WGAN_HD void addToParams(const Loops& L, const Group& G, int g, float* gradient, F value) {
  if constexpr (Group::kOneParam) {
    const double total = L.sums(G.size(), [&](auto k) { return Sums<1>{value(k)}; })[0];
    if (L.lead()) accumulate(&gradient[G.param(g, 0)], static_cast<float>(total));
  } else {
    L.forEach(G.size(), [&](auto k) { accumulate(&gradient[G.param(g, k)], static_cast<float>(value(k))); });
  }
}

template <class Loops, class Group>
WGAN_HD void normalizeForward(const Loops& L, const Group& G, int g, const float* x, const float* gamma,
                              const float* beta, float* y, double eps) {
  const GroupStats s = groupStats(L, G, g, x, eps);
  L.forEach(G.size(), [&](auto k) {
    y[G.at(g, k)] = static_cast<float>(gamma[G.param(g, k)] * normalized(G, g, k, x, s) + beta[G.param(g, k)]);
  });
}

// Σa and p = Σa·n over the group's own values, a = γ⊙gy: the two sums of the backward data pass.
template <class Loops, class Group>
WGAN_HD Sums<2> backwardSums(const Loops& L, const Group& G, int g, const float* x, const float* gamma, const float* gy,
                             const GroupStats& s) {
  return L.sums(G.size(), [&](auto k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    return Sums<2>{a, a * normalized(G, g, k, x, s)};
  });
}

// The same two sums over every rank's values, weighted (SyncedSums), of a synchronised group.
template <class Group>
WGAN_HD Sums<2> syncedBackwardSums(const Group& G, int g) {
  if constexpr (Group::kSyncable) return Sums<2>{G.sums().sumA(g), G.sums().sumAN(g)};
  else return Sums<2>{};
}

// gx = (Pa - n·p/m)/σ with a = γ⊙gy. Synchronised: Σa and p are the ranks' weighted sums (SyncedSums), which
// divided by this rank's m give this rank's gx in the units of its own mean.
template <class Loops, class Group>
WGAN_HD void normalizeBackwardData(const Loops& L, const Group& G, int g, const float* x, const float* gamma,
                                   const float* gy, float* gx, double eps) {
  const GroupStats s = groupStats(L, G, g, x, eps);
  const int m = G.size();
  const Sums<2> t = synced(G) ? syncedBackwardSums(G, g) : backwardSums(L, G, g, x, gamma, gy, s);
  const double sumA = t[0], p = t[1];
  L.forEach(m, [&](auto k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    gx[G.at(g, k)] = static_cast<float>((a - sumA / m - normalized(G, g, k, x, s) * p / m) / s.sigma);
  });
}

// gγ += gy⊙n, gβ += gy
template <class Loops, class Group>
WGAN_HD void normalizeBackwardParams(const Loops& L, const Group& G, int g, const float* x, const float* gy,
                                     float* gGamma, float* gBeta, double eps) {
  const GroupStats s = groupStats(L, G, g, x, eps);
  addToParams(L, G, g, gGamma, [&](auto k) { return gy[G.at(g, k)] * normalized(G, g, k, x, s); });
  addToParams(L, G, g, gBeta, [&](auto k) { return static_cast<double>(gy[G.at(g, k)]); });
}

// w = γ⊙(Pv - n·q/m)/σ
template <class Loops, class Group>
WGAN_HD void normalizeTangent(const Loops& L, const Group& G, int g, const float* x, const float* gamma, const float* v,
                              float* w, double eps) {
  const GroupStats s = groupStats(L, G, g, x, eps);
  const int m = G.size();
  const auto t = L.sums(m, [&](auto k) {
    const double vk = v[G.at(g, k)];
    return Sums<2>{vk, vk * normalized(G, g, k, x, s)};
  });
  const double sumV = t[0], q = t[1];
  L.forEach(m, [&](auto k) {
    const double nv = (v[G.at(g, k)] - sumV / m - normalized(G, g, k, x, s) * q / m) / s.sigma;
    w[G.at(g, k)] = static_cast<float>(gamma[G.param(g, k)] * nv);
  });
}

// For s = gyᵀ(γ⊙N(x)v): gγ += gy⊙N(x)v (β does not enter) and c = ∂s/∂x (formula above).
template <class Loops, class Group>
WGAN_HD void normalizeCurvature(const Loops& L, const Group& G, int g, const float* x, const float* gamma,
                                const float* gy, const float* v, float* c, float* gGamma, double eps) {
  const GroupStats s = groupStats(L, G, g, x, eps);
  const int m = G.size();
  const auto t = L.sums(m, [&](auto k) {
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)], vk = v[G.at(g, k)], nk = normalized(G, g, k, x, s);
    return Sums<5>{a, vk, a * nk, nk * vk, a * vk};
  });
  const double meanA = t[0] / m, meanV = t[1] / m, p = t[2], q = t[3];
  const double paDotV = t[4] - m * meanA * meanV;  // (Pa)·v
  const double scale = -1.0 / (m * s.sigma * s.sigma);
  addToParams(L, G, g, gGamma, [&](auto k) {
    const double nv = (v[G.at(g, k)] - meanV - normalized(G, g, k, x, s) * q / m) / s.sigma;
    return gy[G.at(g, k)] * nv;
  });
  L.forEach(m, [&](auto k) {
    const double nk = normalized(G, g, k, x, s), vk = v[G.at(g, k)];
    const double a = gamma[G.param(g, k)] * gy[G.at(g, k)];
    c[G.at(g, k)] = static_cast<float>(scale * (nk * (paDotV - 3.0 * p * q / m) + q * (a - meanA) + p * (vk - meanV)));
  });
}

// A synchronised BatchNorm's parts of channel g from this rank's rows (SyncedSums), in the order the layer calls
// them with an all-reduce after each: Σx and the count; Σ(x−μ)² about the global mean; then, for a backward
// pass, w·Σa and w·Σa·n.
template <class Loops, class Group>
WGAN_HD void syncedPart(const Loops& L, NormOp op, const Group& G, int g, const NormArgs& a, double eps) {
  const SyncedSums sums = G.sums();
  const int m = G.size();
  if (op == NormOp::SyncSumX) {
    const double total = L.sums(m, [&](auto k) { return Sums<1>{a.x[G.at(g, k)]}; })[0];
    if (L.lead()) sums.sumX(g) = total;
    if (L.lead() && g == 0) sums.count() = m;  // the same for every channel: written once, not raced for
  } else if (op == NormOp::SyncSumSquares) {
    const double mean = sums.sumX(g) / sums.count();
    const double total = L.sums(m, [&](auto k) {
      const double h = a.x[G.at(g, k)] - mean;
      return Sums<1>{h * h};
    })[0];
    if (L.lead()) sums.sumSquares(g) = total;
  } else {
    const Sums<2> t = backwardSums(L, G, g, a.x, a.gamma, a.gy, groupStats(L, G, g, a.x, eps));
    const double w = m / sums.count();
    if (L.lead()) sums.sumA(g) = w * t[0], sums.sumAN(g) = w * t[1];
  }
}

// One NormOp on group g (the per-group body both backends run).
template <class Loops, class Group>
WGAN_HD void normalizeGroup(const Loops& L, NormOp op, const Group& G, int g, const NormArgs& a, double eps) {
  switch (op) {
    case NormOp::Forward: normalizeForward(L, G, g, a.x, a.gamma, a.beta, a.out, eps); break;
    case NormOp::BackwardData: normalizeBackwardData(L, G, g, a.x, a.gamma, a.gy, a.out, eps); break;
    case NormOp::BackwardParams: normalizeBackwardParams(L, G, g, a.x, a.gy, a.gradGamma, a.gradBeta, eps); break;
    case NormOp::Tangent: normalizeTangent(L, G, g, a.x, a.gamma, a.v, a.out, eps); break;
    case NormOp::Curvature: normalizeCurvature(L, G, g, a.x, a.gamma, a.gy, a.v, a.out, a.gradGamma, eps); break;
    case NormOp::SyncSumX:
    case NormOp::SyncSumSquares:
    case NormOp::SyncBackwardSums:
      if constexpr (Group::kSyncable) syncedPart(L, op, G, g, a, eps);
      break;
  }
}

// torch.nn.BatchNorm's running statistics of channel ch: they move by `momentum`, the variance unbiased.
template <class Loops, class Group>
WGAN_HD void batchNormRunningUpdate(const Loops& L, const Group& G, int ch, const float* x, float* runningMean,
                                    float* runningVar, double momentum, double eps) {
  const GroupStats s = groupStats(L, G, ch, x, eps);
  if (!L.lead()) return;
  const double m = synced(G) ? G.sums().count() : G.size();
  const double var = s.sigma * s.sigma - eps;
  const double unbiased = m > 1 ? var * m / (m - 1) : var;
  runningMean[ch] = static_cast<float>((1 - momentum) * runningMean[ch] + momentum * s.mean);
  runningVar[ch] = static_cast<float>((1 - momentum) * runningVar[ch] + momentum * unbiased);
}

// BatchNorm in evaluation mode: channel ch's scale γ/sqrt(var + eps) ...
WGAN_HD float batchNormInferenceScale(int ch, const float* gamma, const float* runningVar, double eps) {
  return gamma[ch] / sqrtf(runningVar[ch] + static_cast<float>(eps));
}
// ... a value x of the channel normalised with it ...
WGAN_HD float batchNormInferenceValue(float x, float runningMean, float scale, float beta) {
  return (x - runningMean) * scale + beta;
}
// ... and element i of n×channels×plane values.
WGAN_HD float batchNormInferenceAt(long long i, int channels, int plane, const float* x, const float* gamma,
                                   const float* beta, const float* runningMean, const float* runningVar, double eps) {
  const int ch = static_cast<int>((i / plane) % channels);
  return batchNormInferenceValue(x[i], runningMean[ch], batchNormInferenceScale(ch, gamma, runningVar, eps), beta[ch]);
}

}  // namespace wgan
