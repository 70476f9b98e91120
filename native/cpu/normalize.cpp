#include "normalize.h"

#include <cstdint>

#include "../kernels/normalize.h"
#include "parallel.h"

namespace wgan::cpu {

namespace {

// ChannelGroup with the division of at() (k / plane) done as a multiplication, exact for every 32-bit k
// (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019): the division took most of the CPU
// normalisation's time.
struct CpuChannelGroup : ChannelGroup {
  uint64_t inverse;  // ⌈2⁶⁴ / plane⌉ (unused where plane == 1)
  explicit CpuChannelGroup(const NormLayout& l)
      : ChannelGroup{l.n, l.channels, l.plane, l.synced}, inverse(l.plane > 1 ? ~uint64_t{0} / l.plane + 1 : 0) {}
  long long at(int g, int k) const {
    const int b = plane == 1 ? k : static_cast<int>((static_cast<unsigned __int128>(inverse) * static_cast<uint32_t>(k)) >> 64);
    return atPixel(g, b, k - b * plane);
  }
};

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
    const CpuChannelGroup G(l);
    forEachGroup(l.channels, G.size(), false, [&](int ch) { normalizeGroup(SerialLoops{}, op, G, ch, args, kNormEpsilon); });
  } else {
    const SampleGroup G{l.channels * l.plane};
    const bool shared = op == NormOp::BackwardParams || op == NormOp::Curvature;
    forEachGroup(l.n, G.size(), shared, [&](int b) { normalizeGroup(SerialLoops{}, op, G, b, args, kNormEpsilon); });
  }
}

void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar, double momentum) {
  const CpuChannelGroup G(l);
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
