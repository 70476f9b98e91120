#include "normalize.h"

#include "../kernels/normalize.h"
#include "parallel.h"

namespace wgan::cpu {

namespace {

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
    forEachGroup(l.channels, G.size(), false, [&](int ch) { normalizeGroup(SerialLoops{}, op, G, ch, args, kNormEpsilon); });
  } else {
    const SampleGroup G{l.channels * l.plane};
    const bool shared = op == NormOp::BackwardParams || op == NormOp::Curvature;
    forEachGroup(l.n, G.size(), shared, [&](int b) { normalizeGroup(SerialLoops{}, op, G, b, args, kNormEpsilon); });
  }
}

void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar, double momentum) {
  const ChannelGroup G{l.n, l.channels, l.plane, l.synced};
  forEachGroup(l.channels, G.size(), false, [&](int ch) {
    wgan::batchNormRunningUpdate(SerialLoops{}, G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
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
