// One Adam update of one parameter (PyTorch's formulation, bias-corrected), shared by CPU and CUDA.
#pragma once
#include <cmath>

#include "hd.h"

namespace wgan {

struct AdamScalars {
  float lr, beta1, beta2, epsilon;
  float biasCorrection1, biasCorrection2;  // 1 - beta^t for the current step t
};

WGAN_HD void adamUpdate(float& param, float& m, float& v, float grad, const AdamScalars& a) {
  m = a.beta1 * m + (1.f - a.beta1) * grad;
  v = a.beta2 * v + (1.f - a.beta2) * grad * grad;
  const float mHat = m / a.biasCorrection1;
  const float vHat = v / a.biasCorrection2;
  param -= a.lr * mHat / (sqrtf(vHat) + a.epsilon);
}

}  // namespace wgan
