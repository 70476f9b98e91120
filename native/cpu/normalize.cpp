#include "normalize.h"

#include "../kernels/normalize.h"

namespace wgan::cpu {

void normalize(NormOp op, const NormLayout& l, const NormArgs& args) {
  if (l.perChannel) {
    const ChannelGroup G{l.n, l.channels, l.plane, l.synced};
    for (int ch = 0; ch < l.channels; ++ch) normalizeGroup(SerialLoops{}, op, G, ch, args, kNormEpsilon);
  } else {
    const SampleGroup G{l.channels * l.plane};
    for (int b = 0; b < l.n; ++b) normalizeGroup(SerialLoops{}, op, G, b, args, kNormEpsilon);
  }
}

void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar, double momentum) {
  const ChannelGroup G{l.n, l.channels, l.plane, l.synced};
  for (int ch = 0; ch < l.channels; ++ch)
    wgan::batchNormRunningUpdate(SerialLoops{}, G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
}

void batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                        const float* runningMean, const float* runningVar, float* y) {
  const long long count = static_cast<long long>(l.n) * l.channels * l.plane;
  for (long long i = 0; i < count; ++i)
    y[i] = batchNormInferenceAt(i, l.channels, l.plane, x, gamma, beta, runningMean, runningVar, kNormEpsilon);
}

}  // namespace wgan::cpu
