// The WGAN-GP critic loss and its exact gradients (docs/design.md §2):
//   loss = mean(D(fake)) - mean(D(real)) + λ·mean((‖∇x̂ D(x̂)‖ - 1)²),  x̂ = ε·real + (1-ε)·fake.
// One forward and one backward-data over the 3N rows [real; fake; x̂], the fused penalty seed, one
// tangent pass up the x̂ rows (weight terms of the double backward), a backward pass of the curvature
// terms where some layer is curved (tanh, sigmoid, LayerNorm), and the Wasserstein weight gradients.
// All of it is device work; the loss terms stay in device memory until result().
#pragma once
#include <vector>

#include "acgan_head.h"
#include "sequential.h"

namespace wgan {

struct CriticResult {
  double loss, wasserstein, penalty, gradNormMean;
  const float* gradNorms;  // N per-sample ‖∇x̂ D(x̂)‖ on the host, valid until the next result()
  // With an ACGAN term: its mean cross-entropy on the real samples (in loss with its scale) and the share of
  // them classified right; 0 otherwise.
  double classifierLoss = 0, classifierAccuracy = 0;
};

class CriticStep {
 public:
  explicit CriticStep(Sequential& critic);  // rejects critics that mix samples or read labels
  // Leaves d(loss)/dθ in critic.grads(). real, fake, epsilon are in the critic's device memory. A critic with
  // a classifier head (output [1 + K]) takes `acgan`, the labels of the real samples: the loss adds
  // acgan->scale · CE(real logits, labels); the penalty sees column 0 only. A one-output critic takes none.
  void enqueue(const float* real, const float* fake, const float* epsilon, int n, float lambda,
               const AcganTerm* acgan = nullptr);
  // Waits for the step and reads its loss terms and per-sample norms ... `countedRows`: the samples the
  // classified-right count spans, the step's n, or the global batch where a data-parallel iteration summed
  // the ranks' counts.
  CriticResult result(int countedRows);
  // ... or only its loss terms (gradNorms null): what a training iteration reports.
  CriticResult lossTerms(int countedRows);
  CriticResult run(const float* real, const float* fake, const float* epsilon, int n, float lambda,
                   const AcganTerm* acgan = nullptr) {
    enqueue(real, fake, epsilon, n, lambda, acgan);
    return result(n);
  }
  // The device scalars {mean real, mean fake, penalty, mean norm} of the last step (a data-parallel
  // iteration combines them across the ranks in place).
  double* scalars() { return scalars_.data(); }
  static constexpr int kScalars = 4;
  // The device {mean CE, samples classified right} of the last step's classifier term, or null without one.
  double* classifierTerms() { return classifierTerm_ ? head_.classifierTerms() : nullptr; }

 private:
  void reserve(int n);
  Sequential& D_;
  std::vector<DeviceArray<float>> tangent_;    // v_l over the x̂ rows, per tensor position
  std::vector<DeviceArray<float>> curvature_;  // ∂P/∂a_l through the forward graph, per tensor position
  DeviceArray<float> scratch_, norms_;
  DeviceArray<double> scalars_;
  AcganHead head_;
  std::vector<float> hostNorms_;
  int rows_ = 0, n_ = 0;
  bool classifierTerm_ = false;  // whether the last step had an ACGAN term ...
  float acganScale_ = 0;         // ... and its weight
};

// Checks that a model can serve as a critic; throws InvalidModel naming the reason.
void requireCritic(const Sequential& critic);
// Checks that a step's critic output fits its term: [1] without a classifier term, [1 + K] with one.
void requireCriticOutput(const Sequential& critic, const AcganTerm* acgan);

}  // namespace wgan
