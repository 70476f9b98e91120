// The WGAN-GP critic loss and its exact gradients (docs/design.md §2):
//   loss = mean(D(fake)) - mean(D(real)) + λ·mean((‖∇x̂ D(x̂)‖ - 1)²),  x̂ = ε·real + (1-ε)·fake.
// One forward and one backward-data over the 3N rows [real; fake; x̂], the fused penalty seed, one
// tangent pass up the x̂ rows (weight terms of the double backward), a backward pass of the curvature
// terms where some layer is curved (tanh, sigmoid, LayerNorm), and the Wasserstein weight gradients.
// All of it is device work; the loss terms stay in device memory until result().
#pragma once
#include <vector>

#include "sequential.h"

namespace wgan {

struct CriticResult {
  double loss, wasserstein, penalty, gradNormMean;
  const float* gradNorms;  // N per-sample ‖∇x̂ D(x̂)‖ on the host, valid until the next result()
};

class CriticStep {
 public:
  explicit CriticStep(Sequential& critic);  // rejects critics that mix samples or do not output one value
  // Leaves d(loss)/dθ in critic.grads(). real, fake, epsilon are in the critic's device memory.
  void enqueue(const float* real, const float* fake, const float* epsilon, int n, float lambda);
  // Waits for the step and reads its loss terms and per-sample norms ...
  CriticResult result();
  // ... or only its loss terms (gradNorms null): what a training iteration reports.
  CriticResult lossTerms();
  CriticResult run(const float* real, const float* fake, const float* epsilon, int n, float lambda) {
    enqueue(real, fake, epsilon, n, lambda);
    return result();
  }
  // The device scalars {mean real, mean fake, penalty, mean norm} of the last step.
  const double* scalars() { return scalars_.data(); }
  static constexpr int kScalars = 4;

 private:
  void reserve(int n);
  Sequential& D_;
  std::vector<DeviceArray<float>> tangent_;    // v_l over the x̂ rows, per tensor position
  std::vector<DeviceArray<float>> curvature_;  // ∂P/∂a_l through the forward graph, per tensor position
  DeviceArray<float> scratch_, norms_;
  DeviceArray<double> scalars_;
  std::vector<float> hostNorms_;
  int rows_ = 0, n_ = 0;
};

// Checks that a model can serve as a critic; throws InvalidModel naming the reason.
void requireCritic(const Sequential& critic);

}  // namespace wgan
