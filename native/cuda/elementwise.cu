#include "elementwise.h"

#include "../kernels/losses.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void addIntoKernel(float* u, const float* s, long long count) {
  WGAN_FOR_EACH(i, count) u[i] += s[i];
}

__global__ void cropKernel(CropWindow w, const float* from, float* to, int n, bool toSmall) {
  const long long bigPlane = static_cast<long long>(w.bigH) * w.bigW, smallPlane = static_cast<long long>(w.smallH) * w.smallW;
  const long long total = static_cast<long long>(n) * w.channels * (toSmall ? smallPlane : bigPlane);
  WGAN_FOR_EACH(idx, total) {
    if (toSmall) {
      const long long image = idx / smallPlane;  // b·C + c
      const int r = static_cast<int>(idx % smallPlane) / w.smallW, col = static_cast<int>(idx % smallPlane) % w.smallW;
      to[idx] = from[image * bigPlane + static_cast<long long>(r + w.top) * w.bigW + col + w.left];
    } else {
      const long long image = idx / bigPlane;
      const int r = static_cast<int>(idx % bigPlane) / w.bigW - w.top, col = static_cast<int>(idx % bigPlane) % w.bigW - w.left;
      const bool inside = r >= 0 && r < w.smallH && col >= 0 && col < w.smallW;
      to[idx] = inside ? from[image * smallPlane + static_cast<long long>(r) * w.smallW + col] : 0.f;
    }
  }
}

__global__ void interpolateKernel(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  WGAN_FOR_EACH(k, static_cast<long long>(n) * size) xhat[k] = interpolateAt(k, real, fake, epsilon, size);
}

__global__ void finiteScalarsKernel(const double* scalars, int scalarCount, int* finite) {
  int ok = 1;
  for (int i = 0; i < scalarCount; ++i) ok = ok && isfinite(scalars[i]);
  *finite = ok;
}

__global__ void finiteValuesKernel(const float* values, long long count, int* finite) {
  WGAN_FOR_EACH(i, count) if (!isfinite(values[i])) *finite = 0;
}

}  // namespace

void addInto(cudaStream_t stream, float* u, const float* s, long long count) {
  addIntoKernel<<<blocksFor(count), kThreads, 0, stream>>>(u, s, count);
  launched();
}

void cropWindow(cudaStream_t stream, const CropWindow& w, const float* from, float* to, int n, bool toSmall) {
  const long long total = static_cast<long long>(n) * w.channels * (toSmall ? w.smallH * w.smallW : w.bigH * w.bigW);
  cropKernel<<<blocksFor(total), kThreads, 0, stream>>>(w, from, to, n, toSmall);
  launched();
}

void interpolate(cudaStream_t stream, const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  interpolateKernel<<<blocksFor(static_cast<long long>(n) * size), kThreads, 0, stream>>>(real, fake, epsilon, xhat, n, size);
  launched();
}

void checkFinite(cudaStream_t stream, const float* values, long long count, const double* scalars, int scalarCount, int* finite) {
  finiteScalarsKernel<<<1, 1, 0, stream>>>(scalars, scalarCount, finite);
  launched();
  if (count > 0) finiteValuesKernel<<<blocksFor(count), kThreads, 0, stream>>>(values, count, finite);
  launched();
}

}  // namespace wgan::cuda
