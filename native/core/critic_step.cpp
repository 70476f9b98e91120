#include "critic_step.h"

#include <algorithm>
#include <cmath>

#include "../kernels/penalty.h"
#include "errors.h"

namespace wgan {

void requireCritic(const Sequential& critic) {
  if (critic.mixesSamples())
    fail(ErrorCode::InvalidModel,
         "a critic cannot contain batchNorm: it couples the samples of a batch, so the per-sample gradient "
         "penalty is ill-defined (use layerNorm instead)");
  if (critic.outSize() != 1)
    fail(ErrorCode::InvalidModel, "a critic must output one value per sample, this one outputs " +
                                      shapeToString(critic.outputShape()));
}

CriticStep::CriticStep(Sequential& critic) : D_(critic) { requireCritic(critic); }

void CriticStep::reserve(int n) {
  D_.reserve(3 * n);
  if (n <= rows_) return;
  rows_ = n;
  const int L = D_.layerCount();
  tangent_.resize(L + 1);
  curvature_.resize(L + 1);
  int widest = 0;
  for (int l = 0; l <= L; ++l) {
    tangent_[l].assign(static_cast<size_t>(n) * D_.sizeAt(l), 0.f);
    curvature_[l].assign(static_cast<size_t>(n) * D_.sizeAt(l), 0.f);
    widest = std::max(widest, D_.sizeAt(l));
  }
  scratch_.assign(static_cast<size_t>(n) * widest, 0.f);
  norms_.assign(n, 0.f);
}

CriticResult CriticStep::run(const float* real, const float* fake, const float* epsilon, int n, float lambda) {
  reserve(n);
  const int L = D_.layerCount(), in = D_.inSize();
  const size_t block = static_cast<size_t>(n) * in;
  // Rows [real; fake; x̂] of the input.
  float* x0 = D_.activation(0);
  std::copy(real, real + block, x0);
  std::copy(fake, fake + block, x0 + block);
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < in; ++i) {
      const size_t k = static_cast<size_t>(b) * in + i;
      x0[2 * block + k] = epsilon[b] * real[k] + (1.f - epsilon[b]) * fake[k];
    }
  D_.forward(0, 3 * n, Mode::Train);

  // Seeds of one backward pass: -1/N (real) and +1/N (fake) give the Wasserstein term's gradients;
  // 1 on x̂ gives ∇x̂ D(x̂) per sample.
  const float* out = D_.activation(L);
  float* seed = D_.gradient(L);
  double meanReal = 0, meanFake = 0;
  for (int b = 0; b < n; ++b) {
    meanReal += out[b];
    meanFake += out[n + b];
    seed[b] = -1.f / n;
    seed[n + b] = 1.f / n;
    seed[2 * n + b] = 1.f;
  }
  meanReal /= n;
  meanFake /= n;
  D_.backwardData(0, 3 * n);

  // The fused penalty pass: per-sample norm, penalty and the double backward's seed v0.
  const float* g0 = D_.gradient(0) + 2 * block;
  float* v0 = tangent_[0].data();
  const double scale = 2.0 * lambda / n;
  double penalty = 0;
  for (int b = 0; b < n; ++b) {
    const float* g = g0 + static_cast<size_t>(b) * in;
    double sq = 0;
    for (int i = 0; i < in; ++i) sq += static_cast<double>(g[i]) * g[i];
    const double s = std::sqrt(sq);
    norms_[b] = static_cast<float>(s);
    penalty += (s - 1) * (s - 1);
    const float factor = static_cast<float>(penaltySeedFactor(s, scale));
    for (int i = 0; i < in; ++i) v0[static_cast<size_t>(b) * in + i] = factor * g[i];
  }
  penalty *= static_cast<double>(lambda) / n;

  // Tangent pass up the x̂ rows: weight terms of the double backward and the curvature terms c_{l-1}.
  D_.zeroGrads();
  auto xhat = [&](float* base, int l) { return base + static_cast<size_t>(2 * n) * D_.sizeAt(l); };
  for (int l = 1; l <= L; ++l) {
    Layer& layer = D_.layer(l - 1);
    float* x = xhat(D_.activation(l - 1), l - 1);
    float* y = xhat(D_.activation(l), l);
    float* gy = xhat(D_.gradient(l), l);
    layer.curvature(x, y, gy, tangent_[l - 1].data(), curvature_[l - 1].data(), n);
    if (l < L) layer.tangent(x, y, tangent_[l - 1].data(), tangent_[l].data(), n);
  }

  // Curvature terms reach the weights below them through the forward graph: an ordinary backward
  // over the x̂ rows, seeded at every curved layer's input (u_j = J_{j+1}ᵀ u_{j+1} + c_j).
  int top = 0;
  for (int l = 1; l <= L; ++l)
    if (D_.layer(l - 1).hasCurvature()) top = l - 1;
  for (int j = top; j >= 1; --j) {
    Layer& layer = D_.layer(j - 1);
    float* x = xhat(D_.activation(j - 1), j - 1);
    float* y = xhat(D_.activation(j), j);
    layer.backwardParams(x, y, curvature_[j].data(), n);
    if (j == 1) break;
    layer.backwardData(x, y, curvature_[j].data(), scratch_.data(), n);
    const size_t count = static_cast<size_t>(n) * D_.sizeAt(j - 1);
    float* u = curvature_[j - 1].data();
    if (layer.hasCurvature()) for (size_t i = 0; i < count; ++i) u[i] += scratch_[i];
    else std::copy(scratch_.begin(), scratch_.begin() + count, u);
  }

  // Wasserstein term: weight gradients over the real and fake rows.
  D_.backwardParams(0, 2 * n);

  const double wasserstein = meanFake - meanReal;
  return {wasserstein + penalty, wasserstein, penalty, norms_.data()};
}

}  // namespace wgan
