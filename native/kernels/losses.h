// The losses' heads, written once for both backends: the per-sample pieces (seeds, interpolation) and the
// few scalar sums over a batch, which each backend runs in one thread in this order, so both report the
// same sums. The per-sample penalty pass is in penalty.h, the per-sample cross-entropy in softmax.h.
// A step may run its batch of `batch` samples in chunks of n (core/critic_step.h): seeds carry the batch's
// 1/batch, and the scalar sums add each chunk's share to totals the step zeroed first (0 + x is x, so a
// batch in one chunk gives the sums of one pass).
#pragma once
#include <cstdint>

#include "../common/hd.h"
#include "softmax.h"

namespace wgan {

// x̂ = ε·real + (1-ε)·fake at position k of a batch of samples of `size` values.
WGAN_HD float interpolateAt(long long k, const float* real, const float* fake, const float* epsilon, int size) {
  const float e = epsilon[k / size];
  return e * real[k] + (1.f - e) * fake[k];
}

// Over the critic's 3n scores [real; fake; x̂] of a chunk, sample b: seeds -1/batch (real), +1/batch (fake),
// 1 (x̂).
WGAN_HD void wassersteinSeedsAt(int b, int n, int batch, float* seed) {
  seed[b] = -1.f / batch;
  seed[n + b] = 1.f / batch;
  seed[2 * n + b] = 1.f;
}

// means += the chunk's share of {mean real score, mean fake score}
WGAN_HD void wassersteinMeans(const float* scores, int n, int batch, double* means) {
  double meanReal = 0, meanFake = 0;
  for (int b = 0; b < n; ++b) {
    meanReal += scores[b];
    meanFake += scores[n + b];
  }
  means[0] += meanReal / batch;
  means[1] += meanFake / batch;
}

// loss += the chunk's share of the generator's loss -mean(D(G(z))) over n scores (its seeds are -1/batch each).
WGAN_HD void generatorLoss(const float* scores, int n, int batch, double* loss) {
  double mean = 0;
  for (int b = 0; b < n; ++b) mean += scores[b];
  *loss += -mean / batch;
}

// out += the chunk's share of {λ·mean((‖g‖-1)²), mean ‖g‖}, from its per-sample norms.
WGAN_HD void penaltyTotals(const float* norms, int n, int batch, float lambda, double* out) {
  double penalty = 0, normSum = 0;
  for (int b = 0; b < n; ++b) {
    const double s = norms[b];
    penalty += (s - 1) * (s - 1);
    normSum += s;
  }
  out[0] += penalty * static_cast<double>(lambda) / batch;
  out[1] += normSum / batch;
}

// out += the chunk's share of {mean cross-entropy, samples whose largest logit is their label};
// seed = ∂(mean)/∂logits.
WGAN_HD void softmaxCrossEntropyBatch(const float* logits, const int32_t* labels, int classes, int n, int batch,
                                      float* seed, double* out) {
  double loss = 0;
  int correct = 0;
  for (int b = 0; b < n; ++b) {
    const float* row = logits + static_cast<long long>(b) * classes;
    loss += softmaxCrossEntropy(row, classes, labels[b], 1.0 / batch, seed + static_cast<long long>(b) * classes);
    int top = 0;
    for (int k = 1; k < classes; ++k)
      if (row[k] > row[top]) top = k;
    if (top == labels[b]) ++correct;
  }
  out[0] += loss / batch;
  out[1] += correct;
}

}  // namespace wgan
