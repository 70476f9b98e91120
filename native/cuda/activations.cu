#include "activations.h"

#include "../kernels/activations.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

template <class Fn>
__global__ void activationForwardKernel(float alpha, const float* x, float* y, long long count) {
  WGAN_FOR_EACH(i, count) y[i] = Fn::f(x[i], alpha);
}

template <class Fn>
__global__ void activationDerivativeKernel(float alpha, const float* x, const float* y, const float* a, float* out,
                                           long long count) {
  WGAN_FOR_EACH(i, count) out[i] = a[i] * Fn::d1(x[i], y[i], alpha);
}

template <class Fn>
__global__ void activationCurvatureKernel(float alpha, const float* x, const float* y, const float* gy, const float* v,
                                          float* c, long long count) {
  WGAN_FOR_EACH(i, count) c[i] = gy[i] * v[i] * Fn::d2(x[i], y[i], alpha);
}

}  // namespace

void activationForward(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  visitActivation(kind, [&](auto fn) {
    activationForwardKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream>>>(alpha, x, y, count);
  });
  launched();
}

void activationDerivative(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, const float* y,
                          const float* a, float* out, long long count) {
  visitActivation(kind, [&](auto fn) {
    activationDerivativeKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream>>>(alpha, x, y, a, out, count);
  });
  launched();
}

void activationCurvature(cudaStream_t stream, ActivationKind kind, float alpha, const float* x, const float* y,
                         const float* gy, const float* v, float* c, long long count) {
  visitActivation(kind, [&](auto fn) {
    activationCurvatureKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream>>>(alpha, x, y, gy, v, c, count);
  });
  launched();
}

}  // namespace wgan::cuda
