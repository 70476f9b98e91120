#include "generator_step.h"

#include "critic_step.h"
#include "errors.h"

namespace wgan {

GeneratorStep::GeneratorStep(Sequential& generator, Sequential& critic)
    : G_(generator), D_(critic), loss_(generator.device(), 1) {
  requireCritic(critic);
  if (generator.outputShape() != critic.inputShape())
    fail(ErrorCode::InvalidModel, "the generator outputs " + shapeToString(generator.outputShape()) +
                                      " but the critic expects " + shapeToString(critic.inputShape()));
  if (&generator.device() != &critic.device())
    fail(ErrorCode::InvalidArgument, "the generator and the critic must be on the same device");
}

const float* generate(Sequential& generator, const float* z, int n, const int32_t* labels) {
  generator.reserve(n);
  generator.device().copy(generator.activation(0), z, static_cast<size_t>(n) * generator.inSize() * sizeof(float));
  if (generator.labelClasses()) {
    if (!labels)
      fail(ErrorCode::InvalidArgument, "the generator reads labels (" + std::to_string(generator.labelClasses()) +
                                           " classes): its step needs the requested labels of its samples");
    generator.device().copy(generator.labels(), labels, static_cast<size_t>(n) * sizeof(int32_t));
  }
  generator.forward(0, n, Mode::Train);
  return generator.activation(generator.layerCount());
}

void GeneratorStep::enqueue(const float* z, int n, const AcganTerm* acgan) {
  requireCriticOutput(D_, acgan);
  if (acgan && G_.labelClasses() && G_.labelClasses() != D_.outSize() - 1)
    fail(ErrorCode::InvalidModel, "the generator reads labels of " + std::to_string(G_.labelClasses()) +
                                      " classes but the critic's classifier head has " + std::to_string(D_.outSize() - 1));
  classifierTerm_ = acgan != nullptr;
  acganScale_ = acgan ? acgan->scale : 0.f;
  Device& device = G_.device();
  const float* fake = generate(G_, z, n, acgan ? acgan->labels : nullptr);
  D_.reserve(n);
  device.copy(D_.activation(0), fake, static_cast<size_t>(n) * D_.inSize() * sizeof(float));
  D_.forward(0, n, Mode::Train);
  const int L = D_.layerCount();
  if (acgan) {
    head_.reserve(device, n, D_.outSize() - 1);
    device.generatorSeeds(head_.scores(D_.activation(L), n), head_.scoreSeeds(), n, loss_.data());
    head_.seed(D_.activation(L), D_.gradient(L), n, n, *acgan);
  } else {
    device.generatorSeeds(D_.activation(L), D_.gradient(L), n, loss_.data());
  }
  D_.backwardData(0, n);
  device.copy(G_.gradient(G_.layerCount()), D_.gradient(0), static_cast<size_t>(n) * D_.inSize() * sizeof(float));
  G_.zeroGrads();
  G_.backward(0, n);  // nothing reads the generator's inner gradients again: they are passed down, not kept
}

double GeneratorStep::result() {
  double loss = 0;
  loss_.download(&loss);
  classifierLoss_ = 0;
  if (classifierTerm_) {
    double ce[2];
    G_.device().download(ce, head_.classifierTerms(), sizeof ce);
    classifierLoss_ = ce[0];
    loss += acganScale_ * ce[0];
  }
  return loss;
}

}  // namespace wgan
