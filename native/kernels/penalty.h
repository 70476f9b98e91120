// The gradient penalty of one sample, fused: from g = ∇x̂ D(x̂) it yields the norm s, the sample's
// penalty term (s-1)^2 and the seed v0 = ∂P/∂g = scale · (s-1)/s · g of the double backward, where
// scale = 2λ/N for a batch of N samples (however many chunks it runs in). Shared by the CPU and the CUDA backend.
#pragma once
#include <cmath>

#include "../common/hd.h"
#include "loops.h"

namespace wgan {

// A small floor under the norm keeps (s-1)/s finite when the critic's input gradient vanishes.
constexpr double kPenaltyNormFloor = 1e-12;

WGAN_HD double penaltySeedFactor(double norm, double scale) {
  const double s = norm > kPenaltyNormFloor ? norm : kPenaltyNormFloor;
  return scale * (s - 1.0) / s;
}

// One sample of the fused penalty pass: writes v0 = factor·g for its `size` values and returns ‖g‖.
template <class Loops>
WGAN_HD double penaltySample(const Loops& L, const float* g, float* v0, int size, double scale) {
  const double s = sqrt(L.sums(size, [&](int i) { return Sums<1>{static_cast<double>(g[i]) * g[i]}; })[0]);
  const float factor = static_cast<float>(penaltySeedFactor(s, scale));
  L.forEach(size, [&](int i) { v0[i] = factor * g[i]; });
  return s;
}

}  // namespace wgan
