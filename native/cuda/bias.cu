#include "bias.h"

#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void addBiasKernel(float* y, const float* bias, long long total, int channels, int plane) {
  WGAN_FOR_EACH(idx, total) y[idx] += bias[(idx / plane) % channels];
}

// out[c] += Σ over n blocks of `plane` values of channel c; one CUDA block per channel, the sum in double.
__global__ void sumPlanesKernel(const float* g, int n, int channels, int plane, float* out) {
  __shared__ double partial[kThreads];
  const int c = blockIdx.x;
  double sum = 0;
  for (long long k = threadIdx.x; k < static_cast<long long>(n) * plane; k += blockDim.x) {
    const long long b = k / plane, p = k % plane;
    sum += g[(b * channels + c) * plane + p];
  }
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[c] += static_cast<float>(partial[0]);
}

}  // namespace

void addBiasRows(cudaStream_t stream, float* y, const float* bias, int rows, int cols) {
  const long long total = static_cast<long long>(rows) * cols;
  addBiasKernel<<<blocksFor(total), kThreads, 0, stream>>>(y, bias, total, cols, 1);
  launched();
}

void addBiasPlanes(cudaStream_t stream, float* y, const float* bias, int n, int channels, int plane) {
  const long long total = static_cast<long long>(n) * channels * plane;
  addBiasKernel<<<blocksFor(total), kThreads, 0, stream>>>(y, bias, total, channels, plane);
  launched();
}

// Rows are planes of one pixel: the sum over rows of column c is the sum over samples of channel c.
void sumRowsInto(cudaStream_t stream, const float* g, int rows, int cols, float* out) { sumPlanesInto(stream, g, rows, cols, 1, out); }

void sumPlanesInto(cudaStream_t stream, const float* g, int n, int channels, int plane, float* out) {
  if (channels == 0) return;
  sumPlanesKernel<<<channels, kThreads, 0, stream>>>(g, n, channels, plane, out);
  launched();
}

}  // namespace wgan::cuda
