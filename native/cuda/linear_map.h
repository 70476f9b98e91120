// The CUDA kernels of a linear-map layer (kernels/linear_map.h): one thread per element over the shared
// bodies. A map's .cu file registers them with `const bool registered = addCudaLinearMap<Map>();`.
#pragma once
#include "../core/layer_kernels.h"
#include "../kernels/linear_map.h"
#include "launch.h"

namespace wgan::cuda {

template <class Map>
__global__ void linearMapForwardKernel(Map map, const float* x, float* y, long long count) {
  WGAN_FOR_EACH(i, count) y[i] = map.forwardAt(i, x);
}

template <class Map>
__global__ void linearMapAdjointKernel(Map map, const float* gy, float* gx, long long count) {
  WGAN_FOR_EACH(i, count) gx[i] = map.adjointAt(i, gy);
}

template <class Map>
bool addCudaLinearMap() {
  LinearMapKernels<Map> table{
      [](void* queue, const Map& map, const float* x, float* y, int n) {
        const long long count = n * map.outSize();
        linearMapForwardKernel<Map><<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(map, x, y, count);
        launched();
      },
      [](void* queue, const Map& map, const float* gy, float* gx, int n) {
        const long long count = n * map.inSize();
        linearMapAdjointKernel<Map><<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(map, gy, gx, count);
        launched();
      }};
  return LayerKernels<LinearMapKernels<Map>>::add("cuda", table);
}

}  // namespace wgan::cuda
