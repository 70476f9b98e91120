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
  // The critic's pass to the fakes' gradient runs in chunks of rows, as the critic step does (critic_step.h).
  const int chunk = evenChunk(n, criticChunkRows(D_));
  D_.reserve(chunk);
  device.zero(loss_.data(), loss_.bytes());
  if (acgan) {
    head_.reserve(device, chunk, D_.outSize() - 1);
    head_.startBatch();
  }
  const int L = D_.layerCount();
  const size_t in = D_.inSize();
  forEachChunk(n, chunk, [&](int first, int k) {
    device.copy(D_.activation(0), fake + first * in, k * in * sizeof(float));
    D_.forward(0, k, Mode::Train);
    if (acgan) {
      device.generatorSeeds(head_.scores(D_.activation(L), k), head_.scoreSeeds(), k, n, loss_.data());
      head_.seed(D_.activation(L), D_.gradient(L), k, k, n, AcganTerm{acgan->labels + first, acgan->scale});
    } else {
      device.generatorSeeds(D_.activation(L), D_.gradient(L), k, n, loss_.data());
    }
    D_.backwardData(0, k);
    device.copy(G_.gradient(G_.layerCount()) + first * in, D_.gradient(0), k * in * sizeof(float));
  });
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
