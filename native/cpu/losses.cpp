#include "losses.h"

#include <cstddef>

#include "../kernels/losses.h"
#include "../kernels/penalty.h"

namespace wgan::cpu {

void wassersteinSeeds(const float* scores, float* seed, int n, double* means) {
  for (int b = 0; b < n; ++b) wassersteinSeedsAt(b, n, seed);
  wassersteinMeans(scores, n, means);
}

void generatorSeeds(const float* scores, float* seed, int n, double* loss) {
  for (int b = 0; b < n; ++b) seed[b] = -1.f / n;
  *loss = generatorLoss(scores, n);
}

void gradientPenalty(const float* g, float* v0, float* norms, int n, int size, float lambda, double* out) {
  const double scale = 2.0 * lambda / n;
  for (int b = 0; b < n; ++b) {
    const size_t offset = static_cast<size_t>(b) * size;
    norms[b] = static_cast<float>(penaltySample(SerialLoops{}, g + offset, v0 + offset, size, scale));
  }
  penaltyTotals(norms, n, lambda, out);
}

void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, float* seed, double* out) {
  softmaxCrossEntropyBatch(logits, labels, classes, n, seed, out);
}

}  // namespace wgan::cpu
