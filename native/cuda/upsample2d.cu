// The upsample2d layer's CUDA kernels (kernels/upsample.h), registered for the cuda backend.
#include "../core/layer_kernels.h"
#include "../kernels/upsample.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void upsampleKernel(UpsampleShape s, const float* x, float* y, long long count) {
  WGAN_FOR_EACH(i, count) y[i] = upsampleAt(i, s, x);
}

__global__ void upsampleAdjointKernel(UpsampleShape s, const float* gy, float* gx, long long count) {
  WGAN_FOR_EACH(i, count) gx[i] = upsampleAdjointAt(i, s, gy);
}

void forward(void* queue, const UpsampleShape& s, const float* x, float* y, int n) {
  const long long count = n * s.outSize();
  upsampleKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(s, x, y, count);
  launched();
}

void adjoint(void* queue, const UpsampleShape& s, const float* gy, float* gx, int n) {
  const long long count = n * s.inSize();
  upsampleAdjointKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(s, gy, gx, count);
  launched();
}

const bool registered = LayerKernels<UpsampleKernels>::add("cuda", {forward, adjoint});

}  // namespace
}  // namespace wgan::cuda
