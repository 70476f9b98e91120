#include "activations.h"

#include <algorithm>

#include "../kernels/activations.h"
#include "parallel.h"

namespace wgan::cpu {

namespace {

// The loops over one block [begin, end), with every operand a parameter: nothing a store could alias is read
// through a reference, so they vectorise.
template <class Fn>
void forwardBlock(float alpha, const float* x, float* y, long long begin, long long end) {
  for (long long i = begin; i < end; ++i) y[i] = Fn::f(x[i], alpha);
}

// φ' first into a small buffer, then the products: in one loop the compiler turns a·(x > 0 ? 1 : 0) into a branch
// (a multiplication it may not run speculatively), which neither vectorises nor predicts on random signs.
template <class Fn>
void derivativeBlock(float alpha, const float* x, const float* y, const float* a, float* out, long long begin, long long end) {
  constexpr int kChunk = 256;
  float d[kChunk];
  for (long long i0 = begin; i0 < end; i0 += kChunk) {
    const int m = static_cast<int>(std::min<long long>(kChunk, end - i0));
    for (int k = 0; k < m; ++k) d[k] = Fn::d1(x[i0 + k], y[i0 + k], alpha);
    for (int k = 0; k < m; ++k) out[i0 + k] = a[i0 + k] * d[k];
  }
}

template <class Fn>
void curvatureBlock(float alpha, const float* x, const float* y, const float* gy, const float* v, float* c, long long begin,
                    long long end) {
  for (long long i = begin; i < end; ++i) c[i] = gy[i] * v[i] * Fn::d2(x[i], y[i], alpha);
}

}  // namespace

void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain,
                   [&](long long begin, long long end) { forwardBlock<decltype(fn)>(alpha, x, y, begin, end); });
  });
}

void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                          long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain,
                   [&](long long begin, long long end) { derivativeBlock<decltype(fn)>(alpha, x, y, a, out, begin, end); });
  });
}

void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                         const float* v, float* c, long long count) {
  visitActivation(kind, [&](auto fn) {
    parallelBlocks(count, kElementGrain,
                   [&](long long begin, long long end) { curvatureBlock<decltype(fn)>(alpha, x, y, gy, v, c, begin, end); });
  });
}

}  // namespace wgan::cpu
