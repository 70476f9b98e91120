// One WGAN-GP training iteration (Algorithm 1 of Gulrajani et al.): criticIters critic steps, each on
// a real batch, fresh z ~ N(0,1) and ε ~ U[0,1] drawn from the Philox stream, then one generator step;
// Adam on each side. Real batches are supplied by the caller (the datasets live in TypeScript).
#pragma once
#include <chrono>

#include "adam.h"
#include "critic_step.h"
#include "generator_step.h"
#include "rng.h"

namespace wgan {

struct WganOptions {
  int batch = 64;
  int criticIters = 5;
  float lambda = 10.f;
};

struct IterationStats {
  double criticLoss, wasserstein, penalty, gradNormMean;  // of the last critic step
  double generatorLoss;
  double criticStepMs, generatorStepMs;  // mean time of one critic step, time of the generator step
  bool finite;                           // all losses and gradients finite
};

class WganIteration {
 public:
  WganIteration(Sequential& generator, Sequential& critic, Adam& adamG, Adam& adamD, Rng& rng, const WganOptions& o);
  // real: criticIters × batch × inSize values. A step whose loss or gradients are not finite applies
  // no update and clears stats.finite; the caller stops the run or goes on.
  IterationStats run(const float* real);
  const WganOptions& options() const { return options_; }

 private:
  Sequential& G_;
  Sequential& D_;
  Adam& adamG_;
  Adam& adamD_;
  Rng& rng_;
  WganOptions options_;
  CriticStep critic_;
  GeneratorStep generator_;
  std::vector<float> z_, eps_, fake_;
};

bool allFinite(const std::vector<float>& v);

}  // namespace wgan
