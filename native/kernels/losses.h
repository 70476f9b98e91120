// The losses' heads, written once for both backends: the per-sample pieces (seeds, interpolation) and the
// few scalar sums over a batch, which each backend runs in one thread in this order, so both report the
// same sums. The per-sample penalty pass is in penalty.h, the per-sample cross-entropy in softmax.h.
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

// Over the critic's 3n scores [real; fake; x̂], sample b: seeds -1/n (real), +1/n (fake), 1 (x̂).
WGAN_HD void wassersteinSeedsAt(int b, int n, float* seed) {
  seed[b] = -1.f / n;
  seed[n + b] = 1.f / n;
  seed[2 * n + b] = 1.f;
}

// means = {mean real score, mean fake score}
WGAN_HD void wassersteinMeans(const float* scores, int n, double* means) {
  double meanReal = 0, meanFake = 0;
  for (int b = 0; b < n; ++b) {
    meanReal += scores[b];
    meanFake += scores[n + b];
  }
  means[0] = meanReal / n;
  means[1] = meanFake / n;
}

// The generator's loss -mean(D(G(z))) over n scores (its seeds are -1/n each).
WGAN_HD double generatorLoss(const float* scores, int n) {
  double mean = 0;
  for (int b = 0; b < n; ++b) mean += scores[b];
  return -mean / n;
}

// out = {λ·mean((‖g‖-1)²), mean ‖g‖} from the per-sample norms.
WGAN_HD void penaltyTotals(const float* norms, int n, float lambda, double* out) {
  double penalty = 0, normSum = 0;
  for (int b = 0; b < n; ++b) {
    const double s = norms[b];
    penalty += (s - 1) * (s - 1);
    normSum += s;
  }
  out[0] = penalty * static_cast<double>(lambda) / n;
  out[1] = normSum / n;
}

// out = {mean cross-entropy, samples whose largest logit is their label}; seed = ∂(mean)/∂logits.
WGAN_HD void softmaxCrossEntropyBatch(const float* logits, const int32_t* labels, int classes, int n, float* seed,
                                      double* out) {
  double loss = 0;
  int correct = 0;
  for (int b = 0; b < n; ++b) {
    const float* row = logits + static_cast<long long>(b) * classes;
    loss += softmaxCrossEntropy(row, classes, labels[b], 1.0 / n, seed + static_cast<long long>(b) * classes);
    int top = 0;
    for (int k = 1; k < classes; ++k)
      if (row[k] > row[top]) top = k;
    if (top == labels[b]) ++correct;
  }
  out[0] = loss / n;
  out[1] = correct;
}

}  // namespace wgan
