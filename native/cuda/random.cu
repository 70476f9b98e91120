#include "random.h"

#include "../kernels/philox.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void uniformKernel(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  WGAN_FOR_EACH(i, count) out[i] = lo + (hi - lo) * philoxUniformAt(rng->key, rng->counter + offset, i);
}

__global__ void normalKernel(float* out, long long count, const RngControl* rng, uint64_t offset) {
  WGAN_FOR_EACH(i, count) out[i] = philoxNormalAt(rng->key, rng->counter + offset, i);
}

}  // namespace

void fillUniform(cudaStream_t stream, float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  uniformKernel<<<blocksFor(count), kThreads, 0, stream>>>(out, count, lo, hi, rng, offset);
  launched();
}

void fillNormal(cudaStream_t stream, float* out, long long count, const RngControl* rng, uint64_t offset) {
  normalKernel<<<blocksFor(count), kThreads, 0, stream>>>(out, count, rng, offset);
  launched();
}

}  // namespace wgan::cuda
