#include "wgan_iteration.h"

#include <cmath>

namespace wgan {

namespace {
double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

bool allFinite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

WganIteration::WganIteration(Sequential& generator, Sequential& critic, Adam& adamG, Adam& adamD, Rng& rng,
                             const WganOptions& o)
    : G_(generator), D_(critic), adamG_(adamG), adamD_(adamD), rng_(rng), options_(o), critic_(critic),
      generator_(generator, critic),
      z_(static_cast<size_t>(o.batch) * generator.inSize()),
      eps_(o.batch),
      fake_(static_cast<size_t>(o.batch) * critic.inSize()) {}

IterationStats WganIteration::run(const float* real) {
  const int n = options_.batch;
  const size_t realBlock = static_cast<size_t>(n) * D_.inSize();
  IterationStats stats{};
  stats.finite = true;
  auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < options_.criticIters; ++step) {
    rng_.normal(z_.data(), static_cast<long long>(z_.size()));
    const float* fake = generate(G_, z_.data(), n);
    std::copy(fake, fake + realBlock, fake_.begin());
    rng_.uniform(eps_.data(), n);
    const CriticResult r = critic_.run(real + step * realBlock, fake_.data(), eps_.data(), n, options_.lambda);
    stats.criticLoss = r.loss;
    stats.wasserstein = r.wasserstein;
    stats.penalty = r.penalty;
    double sum = 0;
    for (int b = 0; b < n; ++b) sum += r.gradNorms[b];
    stats.gradNormMean = sum / n;
    const bool finite = std::isfinite(r.loss) && allFinite(D_.grads());
    stats.finite = stats.finite && finite;
    if (finite) adamD_.step(D_.params().data(), D_.grads().data());
  }
  stats.criticStepMs = msSince(start) / std::max(1, options_.criticIters);
  start = std::chrono::steady_clock::now();
  rng_.normal(z_.data(), static_cast<long long>(z_.size()));
  stats.generatorLoss = generator_.run(z_.data(), n);
  const bool finite = std::isfinite(stats.generatorLoss) && allFinite(G_.grads());
  stats.finite = stats.finite && finite;
  if (finite) adamG_.step(G_.params().data(), G_.grads().data());
  stats.generatorStepMs = msSince(start);
  return stats;
}

}  // namespace wgan
