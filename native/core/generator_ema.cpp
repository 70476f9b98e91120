#include "generator_ema.h"

#include <algorithm>
#include <cmath>

namespace wgan {

GeneratorEma::GeneratorEma(Sequential& generator, const EmaOptions& options)
    : G_(generator), options_(options), params_(generator.device(), generator.params().size()),
      state_(generator.device(), generator.state().size()), beta_(generator.device(), 1) {
  Device& device = generator.device();
  device.copy(params_.data(), generator.params().data(), params_.bytes());
  device.copy(state_.data(), generator.state().data(), state_.bytes());
}

double GeneratorEma::beta(const EmaOptions& o, double images, int batch) {
  double halfLife = o.halfLifeImages;
  if (o.rampUp > 0) halfLife = std::min(halfLife, images * o.rampUp);
  return std::pow(0.5, batch / std::max(halfLife, 1e-8));
}

void GeneratorEma::prepare(int batch) {
  const float b = static_cast<float>(beta(options_, images_, batch));
  beta_.upload(&b);
  images_ += batch;
}

void GeneratorEma::enqueue(const int* apply) {
  Device& device = G_.device();
  device.emaUpdate(params_.data(), G_.params().data(), static_cast<long long>(params_.size()), beta_.data(), apply);
  device.copy(state_.data(), G_.state().data(), state_.bytes());
}

}  // namespace wgan
