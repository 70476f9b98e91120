// The gradient penalty of one sample, fused: from g = ∇x̂ D(x̂) it yields the norm s, the sample's
// penalty term (s-1)^2 and the seed v0 = ∂P/∂g = scale · (s-1)/s · g of the double backward, where
// scale = 2λ/N. Shared by the CPU and the CUDA backend.
#pragma once
#include <cmath>

#include "hd.h"

namespace wgan {

// A small floor under the norm keeps (s-1)/s finite when the critic's input gradient vanishes.
constexpr double kPenaltyNormFloor = 1e-12;

WGAN_HD double penaltySeedFactor(double norm, double scale) {
  const double s = norm > kPenaltyNormFloor ? norm : kPenaltyNormFloor;
  return scale * (s - 1.0) / s;
}

// Sample b of the fused penalty pass: writes v0 = factor·g for its `size` values and returns ‖g‖.
WGAN_HD double penaltySample(const float* g, float* v0, int size, double scale) {
  double sq = 0;
  for (int i = 0; i < size; ++i) sq += static_cast<double>(g[i]) * g[i];
  const double s = sqrt(sq);
  const float factor = static_cast<float>(penaltySeedFactor(s, scale));
  for (int i = 0; i < size; ++i) v0[i] = factor * g[i];
  return s;
}

}  // namespace wgan
