// Softmax cross-entropy of one sample, fused: from the logits it yields -log p[label] and the seed
// ∂L/∂logits = scale · (softmax - onehot(label)) in one pass. Shared by the CPU and the CUDA backend.
#pragma once
#include <cmath>

#include "../common/hd.h"

namespace wgan {

WGAN_HD double softmaxCrossEntropy(const float* logits, int classes, int label, double scale, float* seed) {
  // Shifting by the largest logit keeps exp() in range (log-sum-exp).
  double top = logits[0];
  for (int k = 1; k < classes; ++k) top = logits[k] > top ? logits[k] : top;
  double sum = 0;
  for (int k = 0; k < classes; ++k) sum += exp(logits[k] - top);
  const double logSum = log(sum);
  for (int k = 0; k < classes; ++k)
    seed[k] = static_cast<float>(scale * (exp(logits[k] - top - logSum) - (k == label ? 1.0 : 0.0)));
  return logSum + top - logits[label];
}

}  // namespace wgan
