#include "losses.h"

#include <cstddef>

#include "../kernels/losses.h"
#include "../kernels/penalty.h"

namespace wgan::cpu {

void wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means) {
  for (int b = 0; b < n; ++b) wassersteinSeedsAt(b, n, batch, seed);
  wassersteinMeans(scores, n, batch, means);
}

void generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss) {
  for (int b = 0; b < n; ++b) seed[b] = -1.f / batch;
  generatorLoss(scores, n, batch, loss);
}

void gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda, double* out) {
  const double scale = 2.0 * lambda / batch;
  for (int b = 0; b < n; ++b) {
    const size_t offset = static_cast<size_t>(b) * size;
    norms[b] = static_cast<float>(penaltySample(SerialLoops{}, g + offset, v0 + offset, size, scale));
  }
  penaltyTotals(norms, n, batch, lambda, out);
}

void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch, float* seed,
                         double* out) {
  softmaxCrossEntropyBatch(logits, labels, classes, n, batch, seed, out);
}

}  // namespace wgan::cpu
