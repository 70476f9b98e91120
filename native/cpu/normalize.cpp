#include "normalize.h"

#include "../kernels/normalize.h"
#include "parallel.h"

namespace wgan::cpu {

namespace {

// A group's loops in one thread, over its planes: `planes` runs of `plane` contiguous values, `stride` apart, from
// `first` (a BatchNorm channel: one plane per sample; a LayerNorm sample: one run). The bodies get each value's
// offset with its position (Element), so no position is divided by the plane size, and the sums run in kLanes
// interleaved chains, which vectorise; the chains are added in a fixed order, so a result does not depend on the
// thread count.
struct PlaneLoops {
  static constexpr int kLanes = 8;
  long long first, stride;
  int planes, plane;

  template <class F>
  void forEach(int, F f) const {
    for (int b = 0; b < planes; ++b) {
      const long long base = first + b * stride;
      const int k0 = b * plane;
      for (int p = 0; p < plane; ++p) f(Element{base + p, k0 + p});
    }
  }
  template <class F>
  auto sums(int, F f) const -> decltype(f(Element{})) {
    using S = decltype(f(Element{}));
    double lane[S::size][kLanes] = {};
    for (int b = 0; b < planes; ++b) {
      const long long base = first + b * stride;
      const int k0 = b * plane;
      int p = 0;
      for (; p + kLanes <= plane; p += kLanes)
        for (int j = 0; j < kLanes; ++j) {
          const S s = f(Element{base + p + j, k0 + p + j});
          for (int i = 0; i < S::size; ++i) lane[i][j] += s.v[i];
        }
      for (; p < plane; ++p) {
        const S s = f(Element{base + p, k0 + p});
        for (int i = 0; i < S::size; ++i) lane[i][0] += s.v[i];
      }
    }
    S total{};
    for (int i = 0; i < S::size; ++i)
      for (int j = 0; j < kLanes; ++j) total.v[i] += lane[i][j];
    return total;
  }
  bool lead() const { return true; }
};

PlaneLoops channelLoops(const NormLayout& l, int ch) {
  return {static_cast<long long>(ch) * l.plane, static_cast<long long>(l.channels) * l.plane, l.n, l.plane};
}
PlaneLoops sampleLoops(const NormLayout& l, int b) {
  const int features = l.channels * l.plane;
  return {static_cast<long long>(b) * features, features, 1, features};
}

// Runs body(g) for every group, groups split over the threads (each group's sums taken in one thread, in order),
// or one after another where `serial`.
template <class Body>
void forEachGroup(int groups, int groupSize, bool serial, Body body) {
  const auto run = [&](long long begin, long long end) {
    for (long long g = begin; g < end; ++g) body(static_cast<int>(g));
  };
  if (serial) run(0, groups);
  else parallelBlocks(groups, grainOf(groupSize), run);
}

}  // namespace

// LayerNorm's parameter gradients (BackwardParams, Curvature) add every sample into the same γ/β entries, in
// sample order: those ops run one sample after another.
void normalize(NormOp op, const NormLayout& l, const NormArgs& args) {
  if (l.perChannel) {
    const ChannelGroup G{l.n, l.channels, l.plane, l.synced};
    forEachGroup(l.channels, G.size(), false,
                 [&](int ch) { normalizeGroup(channelLoops(l, ch), op, G, ch, args, kNormEpsilon); });
  } else {
    const SampleGroup G{l.channels * l.plane};
    const bool shared = op == NormOp::BackwardParams || op == NormOp::Curvature;
    forEachGroup(l.n, G.size(), shared, [&](int b) { normalizeGroup(sampleLoops(l, b), op, G, b, args, kNormEpsilon); });
  }
}

void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar, double momentum) {
  const ChannelGroup G{l.n, l.channels, l.plane, l.synced};
  forEachGroup(l.channels, G.size(), false, [&](int ch) {
    wgan::batchNormRunningUpdate(channelLoops(l, ch), G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
  });
}

// A (sample, channel) plane per item, its channel's scale taken once.
void batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                        const float* runningMean, const float* runningVar, float* y) {
  parallelBlocks(static_cast<long long>(l.n) * l.channels, grainOf(l.plane), [&](long long begin, long long end) {
    for (long long q = begin; q < end; ++q) {
      const int ch = static_cast<int>(q % l.channels);
      const float scale = batchNormInferenceScale(ch, gamma, runningVar, kNormEpsilon);
      for (long long i = q * l.plane; i < (q + 1) * l.plane; ++i)
        y[i] = batchNormInferenceValue(x[i], runningMean[ch], scale, beta[ch]);
    }
  });
}

}  // namespace wgan::cpu
