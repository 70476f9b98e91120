#include "generator_step.h"

#include "critic_step.h"
#include "errors.h"

namespace wgan {

GeneratorStep::GeneratorStep(Sequential& generator, Sequential& critic)
    : G_(generator), D_(critic), loss_(generator.device(), 1) {
  requireCritic(critic);
  // The steps have no labels to give a conditional generator yet (the ACGAN steps will draw them).
  if (generator.labelClasses())
    fail(ErrorCode::Unsupported, "training a generator that reads labels (labelEmbedding, conditionalBatchNorm) is not supported yet");
  if (generator.outputShape() != critic.inputShape())
    fail(ErrorCode::InvalidModel, "the generator outputs " + shapeToString(generator.outputShape()) +
                                      " but the critic expects " + shapeToString(critic.inputShape()));
  if (&generator.device() != &critic.device())
    fail(ErrorCode::InvalidArgument, "the generator and the critic must be on the same device");
}

const float* generate(Sequential& generator, const float* z, int n) {
  generator.reserve(n);
  generator.device().copy(generator.activation(0), z, static_cast<size_t>(n) * generator.inSize() * sizeof(float));
  generator.forward(0, n, Mode::Train);
  return generator.activation(generator.layerCount());
}

void GeneratorStep::enqueue(const float* z, int n) {
  Device& device = G_.device();
  const float* fake = generate(G_, z, n);
  D_.reserve(n);
  device.copy(D_.activation(0), fake, static_cast<size_t>(n) * D_.inSize() * sizeof(float));
  D_.forward(0, n, Mode::Train);
  device.generatorSeeds(D_.activation(D_.layerCount()), D_.gradient(D_.layerCount()), n, loss_.data());
  D_.backwardData(0, n);
  device.copy(G_.gradient(G_.layerCount()), D_.gradient(0), static_cast<size_t>(n) * D_.inSize() * sizeof(float));
  G_.zeroGrads();
  G_.backwardData(0, n, 1);
  G_.backwardParams(0, n);
}

double GeneratorStep::result() {
  double loss = 0;
  loss_.download(&loss);
  return loss;
}

}  // namespace wgan
