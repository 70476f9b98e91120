// The auxiliary classifier head of an ACGAN critic (gan_cifar_resnet.py with ACGAN = True): the critic's output
// row is [score, logit_1 .. logit_K]. Column 0 is the Wasserstein output, the only one the losses' score seeds
// and the gradient penalty see; columns 1..K are class logits, trained with scale · cross-entropy
// (the critic on real samples, the generator on its samples under their requested labels).
#pragma once
#include <cstdint>

#include "sequential.h"

namespace wgan {

// The classifier term of one step: one label per sample (device int32, each in [0, K)) and its weight.
struct AcganTerm {
  const int32_t* labels;
  float scale;
};

class AcganHead {
 public:
  // The classes of a critic whose output is [1 + K] (K >= 2), checked: InvalidModel otherwise.
  static int classesOf(const Sequential& critic);
  // Buffers for `rows` output rows of `classes` logits.
  void reserve(Device& device, int rows, int classes);
  // Column 0 of the first `rows` rows of `out`, contiguous (what the score seeds read) ...
  const float* scores(const float* out, int rows);
  // ... and where those seeds are written, one per row.
  float* scoreSeeds() { return seeds_.data(); }
  // Zeroes the classifier terms before the first chunk of a step's batch ...
  void startBatch();
  // ... then, per chunk: the output gradient gOut over `rows` rows: the score seeds in column 0, and in columns
  // 1..K of the first n rows term.scale · ∂CE/∂logits of those rows under term.labels, where CE is the mean over
  // the batch of `batch` samples; the chunk's share is added to the classifier terms.
  void seed(const float* out, float* gOut, int rows, int n, int batch, const AcganTerm& term);
  // {mean cross-entropy, samples whose largest logit is the label} of the batch since startBatch(), in device memory.
  const double* classifierTerms() const { return ce_.data(); }
  double* classifierTerms() { return ce_.data(); }  // (a data-parallel iteration combines them across ranks)

 private:
  Device* device_ = nullptr;
  int rows_ = 0, classes_ = 0;
  DeviceArray<float> scores_, seeds_, logits_, logitSeeds_;
  DeviceArray<double> ce_;
};

}  // namespace wgan
