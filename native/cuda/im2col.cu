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

__global__ void transposeBlocksKernel(const float* from, int rows, int cols, int block, float* to) {
  const long long total = static_cast<long long>(rows) * cols * block;
  WGAN_FOR_EACH(idx, total) {
    const long long entry = idx / block, r = entry / cols, c = entry % cols;
    to[(c * rows + r) * block + idx % block] = from[idx];
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

void transposeBlocks(cudaStream_t stream, const float* from, int rows, int cols, int block, float* to) {
  transposeBlocksKernel<<<blocksFor(static_cast<long long>(rows) * cols * block), kThreads, 0, stream>>>(from, rows, cols, block, to);
  launched();
}

}  // namespace wgan::cuda
