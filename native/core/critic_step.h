// The WGAN-GP critic loss and its exact gradients (DESIGN.md §2):
//   loss = mean(D(fake)) - mean(D(real)) + λ·mean((‖∇x̂ D(x̂)‖ - 1)²),  x̂ = ε·real + (1-ε)·fake.
// One forward and one backward-data over the 3N rows [real; fake; x̂], the fused penalty seed, one
// tangent pass up the x̂ rows (weight terms of the double backward), a backward pass of the curvature
// terms where some layer is curved (tanh, sigmoid, LayerNorm), and the Wasserstein weight gradients.
#pragma once
#include <vector>

#include "sequential.h"

namespace wgan {

struct CriticResult {
  double loss, wasserstein, penalty;
  const float* gradNorms;  // N per-sample ‖∇x̂ D(x̂)‖, valid until the next run
};

class CriticStep {
 public:
  explicit CriticStep(Sequential& critic);  // rejects critics that mix samples or do not output one value
  // Leaves d(loss)/dθ in critic.grads().
  CriticResult run(const float* real, const float* fake, const float* epsilon, int n, float lambda);

 private:
  void reserve(int n);
  Sequential& D_;
  std::vector<std::vector<float>> tangent_;    // v_l over the x̂ rows, per tensor position
  std::vector<std::vector<float>> curvature_;  // ∂P/∂a_l through the forward graph, per tensor position
  std::vector<float> scratch_, norms_;
  int rows_ = 0;
};

// Checks that a model can serve as a critic; throws InvalidModel naming the reason.
void requireCritic(const Sequential& critic);

}  // namespace wgan
