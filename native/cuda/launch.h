// What every CUDA kernel file shares: the launch shape, grid-stride loops, error checks, and the Loops of
// kernels/loops.h over the threads of one block.
#pragma once
#include <cuda_runtime.h>

#include <string>

#include "../core/errors.h"

namespace wgan::cuda {

inline void check(cudaError_t error, const char* what) {
  if (error != cudaSuccess)
    fail(ErrorCode::Unsupported, std::string("CUDA: ") + what + " failed: " + cudaGetErrorName(error) + " (" +
                                     cudaGetErrorString(error) + ")");
}

// Launch errors (a bad configuration, no kernel image for this GPU) surface at once.
inline void launched() { check(cudaGetLastError(), "kernel launch"); }

constexpr int kThreads = 256;
constexpr long long kMaxBlocks = 8192;  // grid-stride loops cover the rest

inline int blocksFor(long long count) {
  const long long blocks = (count + kThreads - 1) / kThreads;
  return static_cast<int>(blocks < 1 ? 1 : (blocks > kMaxBlocks ? kMaxBlocks : blocks));
}

// One block per group (a normalisation's sample or channel, a sample of the penalty), up to kMaxBlocks;
// blocks loop over the rest.
inline int groupBlocks(int groups) { return static_cast<int>(groups < 1 ? 1 : (groups > kMaxBlocks ? kMaxBlocks : groups)); }

#define WGAN_FOR_EACH(i, count) \
  for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < (count); i += static_cast<long long>(gridDim.x) * blockDim.x)

// The Loops of kernels/loops.h over the threads of one block: a group's elements are strided over the
// threads, its sums reduced in shared memory (`scratch`, kMaxSums doubles per thread; blockDim.x a power
// of two). Every thread of the block must make the same calls, as the bodies do.
constexpr int kMaxSums = 5;
struct BlockLoops {
  double* scratch;
  template <class F>
  __device__ void forEach(int m, F f) const {
    for (int k = threadIdx.x; k < m; k += blockDim.x) f(k);
  }
  template <class F>
  __device__ auto sums(int m, F f) const -> decltype(f(0)) {
    using S = decltype(f(0));
    static_assert(S::size <= kMaxSums, "more sums than the scratch holds");
    S mine{};
    for (int k = threadIdx.x; k < m; k += blockDim.x) mine += f(k);
    for (int i = 0; i < S::size; ++i) scratch[i * blockDim.x + threadIdx.x] = mine.v[i];
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
      if (threadIdx.x < half)
        for (int i = 0; i < S::size; ++i) scratch[i * blockDim.x + threadIdx.x] += scratch[i * blockDim.x + threadIdx.x + half];
      __syncthreads();
    }
    S total;
    for (int i = 0; i < S::size; ++i) total.v[i] = scratch[i * blockDim.x];
    __syncthreads();  // all have read the totals before the scratch is written again
    return total;
  }
  __device__ bool lead() const { return threadIdx.x == 0; }
};

}  // namespace wgan::cuda
