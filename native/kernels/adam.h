// One Adam update of one parameter (PyTorch's formulation, bias-corrected), shared by CPU and CUDA.
#pragma once
#include <cmath>

#include "../common/hd.h"
#include "../common/types.h"

namespace wgan {

struct AdamScalars {
  float lr, beta1, beta2, epsilon;
  float biasCorrection1, biasCorrection2;  // 1 - beta^t for the current step t
};

// The scalars of update number t (from 1) under the options in `control`.
WGAN_HD AdamScalars adamScalars(const AdamControl& control, long long t) {
  return {control.lr, control.beta1, control.beta2, control.epsilon,
          static_cast<float>(1.0 - pow(static_cast<double>(control.beta1), static_cast<double>(t))),
          static_cast<float>(1.0 - pow(static_cast<double>(control.beta2), static_cast<double>(t)))};
}

// The exponential moving average of a parameter (StyleGAN's G_ema): p.lerp(ema, β) = p + β·(ema - p).
WGAN_HD float emaAt(float param, float ema, float beta) { return param + beta * (ema - param); }

WGAN_HD void adamUpdate(float& param, float& m, float& v, float grad, const AdamScalars& a) {
  m = a.beta1 * m + (1.f - a.beta1) * grad;
  v = a.beta2 * v + (1.f - a.beta2) * grad * grad;
  const float mHat = m / a.biasCorrection1;
  const float vHat = v / a.biasCorrection2;
  param -= a.lr * mHat / (sqrtf(vHat) + a.epsilon);
}

}  // namespace wgan
