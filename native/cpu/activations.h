// The CPU's activation loops over the shared bodies of kernels/activations.h.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count);
// out = a·φ'(x)
void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                          long long count);
// c = gy·v·φ''(x)
void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                         const float* v, float* c, long long count);

}  // namespace wgan::cpu
