// The generator's loss L_G = -mean(D(G(z))) and its gradients w.r.t. G's parameters (left in
// generator.grads()). The critic's own gradients are not touched. Device work like CriticStep.
#pragma once
#include "sequential.h"

namespace wgan {

class GeneratorStep {
 public:
  GeneratorStep(Sequential& generator, Sequential& critic);
  // z is in the generator's device memory.
  void enqueue(const float* z, int n);
  double result();  // waits for the step and reads its loss
  double run(const float* z, int n) {
    enqueue(z, n);
    return result();
  }
  const double* loss() { return loss_.data(); }  // the device scalar L_G

 private:
  Sequential& G_;
  Sequential& D_;
  DeviceArray<double> loss_;
};

// fake = G(z) in training mode (z in device memory), left in generator.activation(layerCount()).
const float* generate(Sequential& generator, const float* z, int n);

}  // namespace wgan
