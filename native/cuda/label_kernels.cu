// The conditioning layers' CUDA kernels (kernels/label_tables.h), registered for the cuda backend.
#include "../core/layer_kernels.h"
#include "../kernels/label_tables.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void affineKernel(int channels, int plane, const int32_t* labels, const float* gamma, const float* beta,
                             const float* u, float* y, long long count) {
  WGAN_FOR_EACH(i, count) y[i] = labelAffineAt(i, channels, plane, labels, gamma, beta, u);
}

__global__ void tableGradsKernel(int channels, int plane, const int32_t* labels, const float* gy, const float* u,
                                 float* gGamma, float* gBeta, long long rows) {
  WGAN_FOR_EACH(row, rows)
  labelTableGradsAt(static_cast<int>(row), channels, plane, labels, gy, u, gGamma, gBeta);
}

__global__ void concatKernel(int features, int dim, const int32_t* labels, const float* x, const float* table, float* y,
                             long long count) {
  WGAN_FOR_EACH(i, count) y[i] = embedConcatAt(i, features, dim, labels, x, table);
}

__global__ void splitKernel(int features, int dim, const float* gy, float* gx, long long count) {
  WGAN_FOR_EACH(i, count) gx[i] = embedSplitAt(i, features, dim, gy);
}

__global__ void embedGradKernel(int features, int dim, const int32_t* labels, const float* gy, float* gTable,
                                long long count) {
  WGAN_FOR_EACH(i, count) embedGradAt(i, features, dim, labels, gy, gTable);
}

cudaStream_t stream(void* queue) { return static_cast<cudaStream_t>(queue); }

void affine(void* queue, int n, int channels, int plane, const int32_t* labels, const float* gamma, const float* beta,
            const float* u, float* y) {
  const long long count = static_cast<long long>(n) * channels * plane;
  affineKernel<<<blocksFor(count), kThreads, 0, stream(queue)>>>(channels, plane, labels, gamma, beta, u, y, count);
  launched();
}

void tableGrads(void* queue, int n, int channels, int plane, const int32_t* labels, const float* gy, const float* u,
                float* gGamma, float* gBeta) {
  const long long rows = static_cast<long long>(n) * channels;
  tableGradsKernel<<<blocksFor(rows), kThreads, 0, stream(queue)>>>(channels, plane, labels, gy, u, gGamma, gBeta, rows);
  launched();
}

void concat(void* queue, int n, int features, int dim, const int32_t* labels, const float* x, const float* table,
            float* y) {
  const long long count = static_cast<long long>(n) * (features + dim);
  concatKernel<<<blocksFor(count), kThreads, 0, stream(queue)>>>(features, dim, labels, x, table, y, count);
  launched();
}

void split(void* queue, int n, int features, int dim, const float* gy, float* gx) {
  const long long count = static_cast<long long>(n) * features;
  splitKernel<<<blocksFor(count), kThreads, 0, stream(queue)>>>(features, dim, gy, gx, count);
  launched();
}

void embedGrad(void* queue, int n, int features, int dim, const int32_t* labels, const float* gy, float* gTable) {
  const long long count = static_cast<long long>(n) * dim;
  embedGradKernel<<<blocksFor(count), kThreads, 0, stream(queue)>>>(features, dim, labels, gy, gTable, count);
  launched();
}

const bool registered = LayerKernels<LabelKernels>::add("cuda", {affine, tableGrads, concat, split, embedGrad});

}  // namespace
}  // namespace wgan::cuda
