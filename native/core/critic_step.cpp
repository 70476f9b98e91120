#include "critic_step.h"

#include <algorithm>

#include "env_budget.h"
#include "errors.h"

namespace wgan {

void requireCritic(const Sequential& critic) {
  if (critic.mixesSamples())
    fail(ErrorCode::InvalidModel,
         "a critic cannot contain batchNorm: it couples the samples of a batch, so the per-sample gradient "
         "penalty is ill-defined (use layerNorm instead)");
  // The penalty's tangent pass runs the critic's layers on their own (no label rows): conditioning enters
  // the generator only (labelEmbedding, conditionalBatchNorm).
  if (critic.labelClasses())
    fail(ErrorCode::InvalidModel, "a critic cannot contain a label-reading layer (labelEmbedding): condition the generator");
  if (critic.outSize() != 1) AcganHead::classesOf(critic);  // a score and class logits
}

void requireCriticOutput(const Sequential& critic, const AcganTerm* acgan) {
  if (acgan) {
    AcganHead::classesOf(critic);
    if (!acgan->labels) fail(ErrorCode::InvalidArgument, "the ACGAN term needs the labels of its samples");
  } else if (critic.outSize() != 1) {
    fail(ErrorCode::InvalidArgument, "the critic has a classifier head (output " + shapeToString(critic.outputShape()) +
                                         "): its steps need the samples' labels (the ACGAN term)");
  }
}

CriticStep::CriticStep(Sequential& critic) : D_(critic), scalars_(critic.device(), kScalars) { requireCritic(critic); }

int criticChunkRows(const Sequential& critic) {
  const long long budget = static_cast<long long>(budgetFromEnv("WGAN_GP_CRITIC_CHUNK", size_t{1} << 23));
  return static_cast<int>(std::clamp<long long>(budget / std::max(critic.activationFloats(), 1LL), 1, kMaxBatch));
}

void CriticStep::reserve(int n, int chunk) {
  D_.reserve(3 * chunk);
  Device& device = D_.device();
  if (n > normRows_) norms_ = DeviceArray<float>(device, n), normRows_ = n;
  if (chunk <= chunkSamples_) return;
  chunkSamples_ = chunk;
  const int L = D_.layerCount();
  tangent_.resize(L + 1);
  curvature_.resize(L + 1);
  int widest = 0;
  for (int l = 0; l <= L; ++l) {
    tangent_[l] = DeviceArray<float>(device, static_cast<size_t>(chunk) * D_.sizeAt(l));
    curvature_[l] = DeviceArray<float>(device, static_cast<size_t>(chunk) * D_.sizeAt(l));
    widest = std::max(widest, D_.sizeAt(l));
  }
  scratch_ = DeviceArray<float>(device, static_cast<size_t>(chunk) * widest);
}

void CriticStep::enqueue(const float* real, const float* fake, const float* epsilon, int n, float lambda,
                         const AcganTerm* acgan) {
  requireCriticOutput(D_, acgan);
  const int chunk = evenChunk(n, std::max(1, criticChunkRows(D_) / 3));
  reserve(n, chunk);
  classifierTerm_ = acgan != nullptr;
  acganScale_ = acgan ? acgan->scale : 0.f;
  n_ = n;
  Device& device = D_.device();
  device.zero(scalars_.data(), scalars_.bytes());
  if (acgan) {
    head_.reserve(device, 3 * chunk, D_.outSize() - 1);
    head_.startBatch();
  }
  D_.zeroGrads();
  const size_t in = D_.inSize();
  forEachChunk(n, chunk, [&](int first, int k) {
    const AcganTerm term = acgan ? AcganTerm{acgan->labels + first, acgan->scale} : AcganTerm{};
    enqueueChunk(real + first * in, fake + first * in, epsilon + first, first, k, n, lambda, acgan ? &term : nullptr);
  });
}

void CriticStep::enqueueChunk(const float* real, const float* fake, const float* epsilon, int first, int k, int n,
                              float lambda, const AcganTerm* acgan) {
  Device& device = D_.device();
  const int L = D_.layerCount(), in = D_.inSize();
  const size_t block = static_cast<size_t>(k) * in;
  // Rows [real; fake; x̂] of the input.
  float* x0 = D_.activation(0);
  device.copy(x0, real, block * sizeof(float));
  device.copy(x0 + block, fake, block * sizeof(float));
  device.interpolate(real, fake, epsilon, x0 + 2 * block, k, in);
  D_.forward(0, 3 * k, Mode::Train);

  // Seeds of one backward pass: -1/N (real) and +1/N (fake) give the Wasserstein term's gradients;
  // 1 on x̂ gives ∇x̂ D(x̂) per sample. With a classifier head these seed column 0 (on the x̂ rows the seed is
  // e_0, so the penalty and its tangent pass see the score only) and the real rows' logits get the CE seed.
  if (acgan) {
    device.wassersteinSeeds(head_.scores(D_.activation(L), 3 * k), head_.scoreSeeds(), k, n, scalars_.data());
    head_.seed(D_.activation(L), D_.gradient(L), 3 * k, k, n, *acgan);
  } else {
    device.wassersteinSeeds(D_.activation(L), D_.gradient(L), k, n, scalars_.data());
  }
  // The real and fake rows' gradients are needed down to level 1 (their weight gradients), the input gradient
  // for the x̂ rows only (the penalty).
  D_.backwardData(0, 3 * k, 1);
  D_.backwardDataThrough(0, 2 * k, k);

  // The fused penalty pass: per-sample norm, penalty and the double backward's seed v0.
  device.gradientPenalty(D_.gradient(0) + 2 * block, tangent_[0].data(), norms_.data() + first, k, n, in, lambda,
                         scalars_.data() + 2);

  // Tangent pass up the x̂ rows: weight terms of the double backward and the curvature terms c_{l-1}.
  auto xhat = [&](float* base, int l) { return base + static_cast<size_t>(2 * k) * D_.sizeAt(l); };
  for (int l = 1; l <= L; ++l) {
    Layer& layer = D_.layer(l - 1);
    float* x = xhat(D_.activation(l - 1), l - 1);
    float* y = xhat(D_.activation(l), l);
    float* gy = xhat(D_.gradient(l), l);
    layer.curvature(x, y, gy, tangent_[l - 1].data(), curvature_[l - 1].data(), k);
    if (l < L) layer.tangent(x, y, tangent_[l - 1].data(), tangent_[l].data(), k);
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
    layer.backwardParams(x, y, curvature_[j].data(), k);
    if (j == 1) break;
    layer.backwardData(x, y, curvature_[j].data(), scratch_.data(), k);
    const size_t count = static_cast<size_t>(k) * D_.sizeAt(j - 1);
    float* u = curvature_[j - 1].data();
    if (layer.hasCurvature()) device.addInto(u, scratch_.data(), static_cast<long long>(count));
    else device.copy(u, scratch_.data(), count * sizeof(float));
  }

  // Wasserstein term: weight gradients over the real rows, then the fake rows, each reduced on its own. Where
  // exact arithmetic cancels them (the last bias, any bias on a linear path to the output: the seeds ∓1/N
  // reach it with opposite signs and equal size), the two sums are exact negatives and the gradient is 0.
  D_.backwardParams(0, k);
  D_.backwardParams(k, k);
}

CriticResult CriticStep::lossTerms(int countedRows) {
  double s[kScalars];
  scalars_.download(s);
  const double wasserstein = s[1] - s[0];
  CriticResult r{wasserstein + s[2], wasserstein, s[2], s[3], nullptr};
  if (classifierTerm_) {
    double ce[2];
    D_.device().download(ce, head_.classifierTerms(), sizeof ce);
    r.classifierLoss = ce[0];
    r.classifierAccuracy = ce[1] / countedRows;
    r.loss += acganScale_ * ce[0];
  }
  return r;
}

CriticResult CriticStep::result(int countedRows) {
  CriticResult r = lossTerms(countedRows);
  hostNorms_.resize(n_);
  D_.device().download(hostNorms_.data(), norms_.data(), n_ * sizeof(float));
  r.gradNorms = hostNorms_.data();
  return r;
}

}  // namespace wgan
