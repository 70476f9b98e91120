#include "im2col.h"

#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void im2colKernel(ConvGeometry g, const float* x, int n, float* col) {
  const long long K = g.patch(), P = g.pixels(), total = n * P * K;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / (P * K), rest = idx % (P * K);
    const int p = static_cast<int>(rest / K), k = static_cast<int>(rest % K);
    const int c = k / (g.kernelH * g.kernelW), i = (k / g.kernelW) % g.kernelH, j = k % g.kernelW;
    const int iy = (p / g.outWidth) * g.stride - g.padTop + i, ix = (p % g.outWidth) * g.stride - g.padLeft + j;
    const bool inside = iy >= 0 && iy < g.height && ix >= 0 && ix < g.width;
    col[idx] = inside ? x[b * g.inSize() + (static_cast<long long>(c) * g.height + iy) * g.width + ix] : 0.f;
  }
}

// Gathers, for each image position, the column entries read from it (no atomics).
__global__ void col2imKernel(ConvGeometry g, const float* col, int n, float* x) {
  const long long K = g.patch(), P = g.pixels(), total = static_cast<long long>(n) * g.inSize();
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / g.inSize();
    const int rest = static_cast<int>(idx % g.inSize());
    const int c = rest / (g.height * g.width), iy = (rest / g.width) % g.height, ix = rest % g.width;
    float sum = 0.f;
    for (int i = 0; i < g.kernelH; ++i) {
      const int oyS = iy + g.padTop - i;
      if (oyS < 0 || oyS % g.stride != 0 || oyS / g.stride >= g.outHeight) continue;
      for (int j = 0; j < g.kernelW; ++j) {
        const int oxS = ix + g.padLeft - j;
        if (oxS < 0 || oxS % g.stride != 0 || oxS / g.stride >= g.outWidth) continue;
        const long long p = (oyS / g.stride) * g.outWidth + oxS / g.stride;
        sum += col[(b * P + p) * K + (c * g.kernelH + i) * g.kernelW + j];
      }
    }
    x[idx] = sum;
  }
}

__global__ void planesToRowsKernel(const float* planes, int n, int channels, int plane, float* rows) {
  const long long per = static_cast<long long>(plane) * channels, total = n * per;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / per;
    const int p = static_cast<int>(idx % per) / channels, c = static_cast<int>(idx % per) % channels;
    rows[idx] = planes[(b * channels + c) * plane + p];
  }
}

__global__ void rowsToPlanesKernel(const float* rows, int n, int channels, int plane, float* planes) {
  const long long per = static_cast<long long>(plane) * channels, total = n * per;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / per;
    const int c = static_cast<int>(idx % per) / plane, p = static_cast<int>(idx % per) % plane;
    planes[idx] = rows[(b * plane + p) * channels + c];
  }
}

}  // namespace

void im2col(cudaStream_t stream, const ConvGeometry& g, const float* x, int n, float* col) {
  im2colKernel<<<blocksFor(static_cast<long long>(n) * g.pixels() * g.patch()), kThreads, 0, stream>>>(g, x, n, col);
  launched();
}

void col2im(cudaStream_t stream, const ConvGeometry& g, const float* col, int n, float* x) {
  col2imKernel<<<blocksFor(static_cast<long long>(n) * g.inSize()), kThreads, 0, stream>>>(g, col, n, x);
  launched();
}

void planesToRows(cudaStream_t stream, const float* planes, int n, int channels, int plane, float* rows) {
  planesToRowsKernel<<<blocksFor(static_cast<long long>(n) * channels * plane), kThreads, 0, stream>>>(planes, n, channels, plane, rows);
  launched();
}

void rowsToPlanes(cudaStream_t stream, const float* rows, int n, int channels, int plane, float* planes) {
  rowsToPlanesKernel<<<blocksFor(static_cast<long long>(n) * channels * plane), kThreads, 0, stream>>>(rows, n, channels, plane, planes);
  launched();
}

}  // namespace wgan::cuda
