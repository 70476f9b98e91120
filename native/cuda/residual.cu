// The residual layer's CUDA kernels (kernels/residual.h), registered for the cuda backend.
#include "../core/layer_kernels.h"
#include "../kernels/residual.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void combineKernel(const float* s, const float* b, float a, float* out, long long count) {
  WGAN_FOR_EACH(i, count) out[i] = combineAt(i, s, b, a);
}

__global__ void scaleKernel(const float* in, float a, float* out, long long count) {
  WGAN_FOR_EACH(i, count) out[i] = a * in[i];
}

void combine(void* queue, const float* s, const float* b, float a, float* out, long long count) {
  combineKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(s, b, a, out, count);
  launched();
}

void scale(void* queue, const float* in, float a, float* out, long long count) {
  scaleKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(in, a, out, count);
  launched();
}

const bool registered = LayerKernels<ResidualKernels>::add("cuda", {combine, scale});

}  // namespace
}  // namespace wgan::cuda
