// Supervised training of a classifier: the mean softmax cross-entropy of its logits against integer
// labels, and its gradients w.r.t. the parameters (left in model.grads()). Used to train the small
// MNIST classifier behind the sample-quality scores.
#pragma once
#include <cstdint>

#include "sequential.h"

namespace wgan {

struct ClassifierResult {
  double loss;  // mean cross-entropy
  int correct;  // samples whose largest logit is the label
};

class ClassifierStep {
 public:
  explicit ClassifierStep(Sequential& model);
  ClassifierResult run(const float* x, const int32_t* labels, int n);

 private:
  Sequential& model_;
  DeviceArray<int32_t> labels_;
  DeviceArray<double> scalars_;  // {mean loss, correct}
};

}  // namespace wgan
