// The generator's loss L_G = -mean(D(G(z))) and its gradients w.r.t. G's parameters (left in
// generator.grads()). The critic's own gradients are not touched.
#pragma once
#include "sequential.h"

namespace wgan {

class GeneratorStep {
 public:
  GeneratorStep(Sequential& generator, Sequential& critic);
  double run(const float* z, int n);

 private:
  Sequential& G_;
  Sequential& D_;
};

// fake = G(z) in training mode, left in generator.activation(layerCount()).
const float* generate(Sequential& generator, const float* z, int n);

}  // namespace wgan
