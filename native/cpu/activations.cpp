#include "activations.h"

#include "../kernels/activations.h"

namespace wgan::cpu {

void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) y[i] = decltype(fn)::f(x[i], alpha);
  });
}

void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                          long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) out[i] = a[i] * decltype(fn)::d1(x[i], y[i], alpha);
  });
}

void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                         const float* v, float* c, long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) c[i] = gy[i] * v[i] * decltype(fn)::d2(x[i], y[i], alpha);
  });
}

}  // namespace wgan::cpu
