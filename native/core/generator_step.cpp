#include "generator_step.h"

#include <algorithm>

#include "critic_step.h"
#include "errors.h"

namespace wgan {

GeneratorStep::GeneratorStep(Sequential& generator, Sequential& critic) : G_(generator), D_(critic) {
  requireCritic(critic);
  if (generator.outputShape() != critic.inputShape())
    fail(ErrorCode::InvalidModel, "the generator outputs " + shapeToString(generator.outputShape()) +
                                      " but the critic expects " + shapeToString(critic.inputShape()));
}

const float* generate(Sequential& generator, const float* z, int n) {
  generator.reserve(n);
  std::copy(z, z + static_cast<size_t>(n) * generator.inSize(), generator.activation(0));
  generator.forward(0, n, Mode::Train);
  return generator.activation(generator.layerCount());
}

double GeneratorStep::run(const float* z, int n) {
  const float* fake = generate(G_, z, n);
  D_.reserve(n);
  std::copy(fake, fake + static_cast<size_t>(n) * D_.inSize(), D_.activation(0));
  D_.forward(0, n, Mode::Train);
  const float* score = D_.activation(D_.layerCount());
  double mean = 0;
  float* seed = D_.gradient(D_.layerCount());
  for (int b = 0; b < n; ++b) {
    mean += score[b];
    seed[b] = -1.f / n;
  }
  D_.backwardData(0, n);
  std::copy(D_.gradient(0), D_.gradient(0) + static_cast<size_t>(n) * D_.inSize(), G_.gradient(G_.layerCount()));
  G_.zeroGrads();
  G_.backwardData(0, n, 1);
  G_.backwardParams(0, n);
  return -mean / n;
}

}  // namespace wgan
