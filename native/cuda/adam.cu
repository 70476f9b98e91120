#include "adam.h"

#include "../kernels/adam.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void adamKernel(float* params, float* m, float* v, const float* grads, long long count,
                           const AdamControl* control, const int* apply) {
  if (apply && !*apply) return;
  __shared__ AdamScalars a;
  if (threadIdx.x == 0) a = adamScalars(*control, control->t + 1);
  __syncthreads();
  WGAN_FOR_EACH(i, count) adamUpdate(params[i], m[i], v[i], grads[i], a);
}

__global__ void adamCountKernel(AdamControl* control, const int* apply) {
  if (!apply || *apply) ++control->t;
}

__global__ void emaKernel(float* ema, const float* params, long long count, const float* beta, const int* apply) {
  if (apply && !*apply) return;
  const float b = *beta;
  WGAN_FOR_EACH(i, count) ema[i] = emaAt(params[i], ema[i], b);
}

}  // namespace

void emaUpdate(cudaStream_t stream, float* ema, const float* params, long long count, const float* beta, const int* apply) {
  if (count > 0) emaKernel<<<blocksFor(count), kThreads, 0, stream>>>(ema, params, count, beta, apply);
  launched();
}

void adamUpdate(cudaStream_t stream, float* params, float* m, float* v, const float* grads, long long count,
                AdamControl* control, const int* apply) {
  if (count > 0) adamKernel<<<blocksFor(count), kThreads, 0, stream>>>(params, m, v, grads, count, control, apply);
  launched();
  adamCountKernel<<<1, 1, 0, stream>>>(control, apply);
  launched();
}

}  // namespace wgan::cuda
