#include "activations.h"

#include "../kernels/activations.h"
#include "parallel.h"

namespace wgan::cpu {

void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
      for (long long i = begin; i < end; ++i) y[i] = decltype(fn)::f(x[i], alpha);
    });
  });
}

void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                          long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
      for (long long i = begin; i < end; ++i) out[i] = a[i] * decltype(fn)::d1(x[i], y[i], alpha);
    });
  });
}

void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                         const float* v, float* c, long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
      for (long long i = begin; i < end; ++i) c[i] = gy[i] * v[i] * decltype(fn)::d2(x[i], y[i], alpha);
    });
  });
}

}  // namespace wgan::cpu
