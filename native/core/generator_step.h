// The generator's loss L_G = -mean(D(G(z))) and its gradients w.r.t. G's parameters (left in
// generator.grads()). The critic's own gradients are not touched. Device work like CriticStep.
// With an ACGAN critic (output [1 + K]) the step takes the requested labels of the samples (the input of a
// generator that reads labels) and L_G adds scale · CE(D's logits of G(z), those labels).
#pragma once
#include "acgan_head.h"
#include "sequential.h"

namespace wgan {

class GeneratorStep {
 public:
  GeneratorStep(Sequential& generator, Sequential& critic);
  // z is in the generator's device memory, as are acgan's labels.
  void enqueue(const float* z, int n, const AcganTerm* acgan = nullptr);
  double result();  // waits for the step and reads its loss (the classifier term included) ...
  double classifierLoss() const { return classifierLoss_; }  // ... and, after it, the term's mean CE
  // The device {mean CE, samples classified right} of the last step's classifier term, or null without one.
  double* classifierTerms() { return classifierTerm_ ? head_.classifierTerms() : nullptr; }
  double run(const float* z, int n, const AcganTerm* acgan = nullptr) {
    enqueue(z, n, acgan);
    return result();
  }
  double* loss() { return loss_.data(); }  // the device scalar -mean(D(G(z))) (averaged across ranks in place)

 private:
  Sequential& G_;
  Sequential& D_;
  DeviceArray<double> loss_;
  AcganHead head_;
  bool classifierTerm_ = false;
  float acganScale_ = 0;
  double classifierLoss_ = 0;
};

// fake = G(z) in training mode (z in device memory), left in generator.activation(layerCount()). A generator
// that reads labels takes one per sample (device int32).
const float* generate(Sequential& generator, const float* z, int n, const int32_t* labels = nullptr);

}  // namespace wgan
