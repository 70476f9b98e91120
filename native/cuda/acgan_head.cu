// The ACGAN head's column copy (kernels/columns.h), registered for the cuda backend.
#include "../core/layer_kernels.h"
#include "../kernels/columns.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void copyKernel(int cols, const float* from, ColumnBlock src, float* to, ColumnBlock dst, float alpha,
                           long long count) {
  WGAN_FOR_EACH(i, count) copyColumnAt(i, cols, from, src, to, dst, alpha);
}

void copy(void* queue, int rows, int cols, const float* from, ColumnBlock src, float* to, ColumnBlock dst, float alpha) {
  const long long count = static_cast<long long>(rows) * cols;
  copyKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(cols, from, src, to, dst, alpha, count);
  launched();
}

const bool registered = LayerKernels<ColumnKernels>::add("cuda", {copy});

}  // namespace
}  // namespace wgan::cuda
