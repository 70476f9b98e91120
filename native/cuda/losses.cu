#include "losses.h"

#include "../kernels/losses.h"
#include "../kernels/penalty.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

// Per-sample work in parallel; the scalar sums (kernels/losses.h) in one thread, in the CPU's order.
__global__ void wassersteinSeedsKernel(const float* scores, float* seed, int n, int batch, double* means) {
  WGAN_FOR_EACH(b, n) wassersteinSeedsAt(static_cast<int>(b), n, batch, seed);
  if (blockIdx.x == 0 && threadIdx.x == 0) wassersteinMeans(scores, n, batch, means);
}

__global__ void generatorSeedsKernel(const float* scores, float* seed, int n, int batch, double* loss) {
  WGAN_FOR_EACH(b, n) seed[b] = -1.f / batch;
  if (blockIdx.x == 0 && threadIdx.x == 0) generatorLoss(scores, n, batch, loss);
}

// One block per sample.
__global__ void penaltySamplesKernel(const float* g, float* v0, float* norms, int n, int size, double scale) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int b = blockIdx.x; b < n; b += gridDim.x) {
    const long long offset = static_cast<long long>(b) * size;
    const double norm = penaltySample(loops, g + offset, v0 + offset, size, scale);
    if (loops.lead()) norms[b] = static_cast<float>(norm);
  }
}

__global__ void penaltyTotalsKernel(const float* norms, int n, int batch, float lambda, double* out) {
  penaltyTotals(norms, n, batch, lambda, out);
}

__global__ void softmaxCrossEntropyKernel(const float* logits, const int32_t* labels, int classes, int n, int batch,
                                          float* seed, double* out) {
  softmaxCrossEntropyBatch(logits, labels, classes, n, batch, seed, out);
}

}  // namespace

void wassersteinSeeds(cudaStream_t stream, const float* scores, float* seed, int n, int batch, double* means) {
  wassersteinSeedsKernel<<<blocksFor(n), kThreads, 0, stream>>>(scores, seed, n, batch, means);
  launched();
}

void generatorSeeds(cudaStream_t stream, const float* scores, float* seed, int n, int batch, double* loss) {
  generatorSeedsKernel<<<blocksFor(n), kThreads, 0, stream>>>(scores, seed, n, batch, loss);
  launched();
}

void gradientPenalty(cudaStream_t stream, const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                     double* out) {
  penaltySamplesKernel<<<groupBlocks(n), kThreads, 0, stream>>>(g, v0, norms, n, size, 2.0 * lambda / batch);
  launched();
  penaltyTotalsKernel<<<1, 1, 0, stream>>>(norms, n, batch, lambda, out);
  launched();
}

void softmaxCrossEntropy(cudaStream_t stream, const float* logits, const int32_t* labels, int classes, int n, int batch,
                         float* seed, double* out) {
  softmaxCrossEntropyKernel<<<1, 1, 0, stream>>>(logits, labels, classes, n, batch, seed, out);
  launched();
}

}  // namespace wgan::cuda
