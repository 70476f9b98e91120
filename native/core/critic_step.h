// The WGAN-GP critic loss and its exact gradients (docs/design.md §2):
//   loss = mean(D(fake)) - mean(D(real)) + λ·mean((‖∇x̂ D(x̂)‖ - 1)²),  x̂ = ε·real + (1-ε)·fake.
// One forward and one backward-data over the 3N rows [real; fake; x̂], the fused penalty seed, one
// tangent pass up the x̂ rows (weight terms of the double backward), a backward pass of the curvature
// terms where some layer is curved (tanh, sigmoid, LayerNorm), and the Wasserstein weight gradients.
// All of it is device work; the loss terms stay in device memory until result().
//
// A critic cannot mix samples, and no seed of a sample depends on another sample (∓1/N are constants, the
// penalty seed needs only the sample's own norm), so the step runs the batch in chunks of samples, each
// through all of the above with the batch's N, adding its share to the gradients and loss terms: the critic's
// buffers are planned for a chunk's 3k rows, not the batch's 3N (criticChunkRows). A batch that fits one chunk
// runs exactly as one pass; more chunks change only float32 summation order.
#pragma once
#include <algorithm>
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
  void reserve(int n, int chunk);
  // Samples [first, first + k) of the batch of n: real, fake and epsilon point at the chunk's first sample.
  void enqueueChunk(const float* real, const float* fake, const float* epsilon, int first, int k, int n, float lambda,
                    const AcganTerm* acgan);
  Sequential& D_;
  std::vector<DeviceArray<float>> tangent_;    // v_l over a chunk's x̂ rows, per tensor position
  std::vector<DeviceArray<float>> curvature_;  // ∂P/∂a_l through the forward graph, per tensor position
  DeviceArray<float> scratch_, norms_;
  DeviceArray<double> scalars_;
  AcganHead head_;
  std::vector<float> hostNorms_;
  int chunkSamples_ = 0;  // the samples of a chunk tangent_ and curvature_ are planned for
  int normRows_ = 0, n_ = 0;
  bool classifierTerm_ = false;  // whether the last step had an ACGAN term ...
  float acganScale_ = 0;         // ... and its weight
};

// The most rows one chunk of a critic pass forwards: as many as keep the critic's activations
// (Sequential::activationFloats per row) within 2^23 floats (32 MiB), or WGAN_GP_CRITIC_CHUNK floats where set;
// at least 1.
int criticChunkRows(const Sequential& critic);
// The chunk size that runs `count` items in the fewest chunks of at most `most`, each as small as that allows
// (the last one may be smaller).
inline int evenChunk(int count, int most) {
  const int chunks = (count + most - 1) / most;
  return (count + chunks - 1) / chunks;
}
// body(first, k) for the chunks [first, first + k) of `count` items in chunks of `chunk`.
template <class Body>
void forEachChunk(int count, int chunk, Body body) {
  for (int first = 0; first < count; first += chunk) body(first, std::min(chunk, count - first));
}

// Checks that a model can serve as a critic; throws InvalidModel naming the reason.
void requireCritic(const Sequential& critic);
// Checks that a step's critic output fits its term: [1] without a classifier term, [1 + K] with one.
void requireCriticOutput(const Sequential& critic, const AcganTerm* acgan);

}  // namespace wgan
