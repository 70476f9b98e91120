#include "normalize.h"

#include "../kernels/normalize.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

// One block per group runs the shared body (kernels/normalize.h).
template <class Group>
__global__ void normalizeKernel(NormOp op, Group G, int groups, NormArgs args) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int g = blockIdx.x; g < groups; g += gridDim.x) normalizeGroup(loops, op, G, g, args, kNormEpsilon);
}

__global__ void runningUpdateKernel(ChannelGroup G, const float* x, float* runningMean, float* runningVar, double momentum) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int ch = blockIdx.x; ch < G.channels; ch += gridDim.x)
    batchNormRunningUpdate(loops, G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
}

__global__ void batchNormInferenceKernel(long long count, int channels, int plane, const float* x, const float* gamma,
                                         const float* beta, const float* runningMean, const float* runningVar, float* y) {
  WGAN_FOR_EACH(i, count) y[i] = batchNormInferenceAt(i, channels, plane, x, gamma, beta, runningMean, runningVar, kNormEpsilon);
}

}  // namespace

void normalize(cudaStream_t stream, NormOp op, const NormLayout& l, const NormArgs& args) {
  if (l.perChannel)
    normalizeKernel<<<groupBlocks(l.channels), kThreads, 0, stream>>>(op, ChannelGroup{l.n, l.channels, l.plane, l.synced}, l.channels, args);
  else
    normalizeKernel<<<groupBlocks(l.n), kThreads, 0, stream>>>(op, SampleGroup{l.channels * l.plane}, l.n, args);
  launched();
}

void batchNormRunningUpdate(cudaStream_t stream, const NormLayout& l, const float* x, float* runningMean, float* runningVar,
                            double momentum) {
  runningUpdateKernel<<<groupBlocks(l.channels), kThreads, 0, stream>>>(ChannelGroup{l.n, l.channels, l.plane, l.synced}, x,
                                                                        runningMean, runningVar, momentum);
  launched();
}

void batchNormInference(cudaStream_t stream, const NormLayout& l, const float* x, const float* gamma, const float* beta,
                        const float* runningMean, const float* runningVar, float* y) {
  const long long count = static_cast<long long>(l.n) * l.channels * l.plane;
  batchNormInferenceKernel<<<blocksFor(count), kThreads, 0, stream>>>(count, l.channels, l.plane, x, gamma, beta,
                                                                        runningMean, runningVar, y);
  launched();
}

}  // namespace wgan::cuda
