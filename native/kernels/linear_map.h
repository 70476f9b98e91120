// A layer that is a fixed linear map of each sample (upsampling, pooling, depth-to-space): a `Map` gives the
// shapes and two shared bodies, the value of output element i (forwardAt) and of input-gradient element i
// under the adjoint (adjointAt), both over a whole batch. One launcher table serves every such map on each
// backend (core/linear_map_layer.h on the CPU, cuda/linear_map.h on CUDA).
//
// A Map provides: long long inSize() const, outSize() const (per sample);
//   WGAN_HD float forwardAt(long long i, const float* x) const; WGAN_HD float adjointAt(long long i, const float* gy) const;
// and for the CPU, which runs a plane at a time without an index division per element: int inPlanes() const,
//   outPlanes() const (per sample), void forwardPlane(long long q, const float* x, float* y) const writing output
//   plane q of the batch, void adjointPlane(long long q, const float* gy, float* gx) const writing input plane q.
//   Each value is the one forwardAt / adjointAt gives, from the same helper of the map where it is more than a copy.
#pragma once

namespace wgan {

template <class Map>
struct LinearMapKernels {
  void (*forward)(void* queue, const Map& map, const float* x, float* y, int n);    // y = M x
  void (*adjoint)(void* queue, const Map& map, const float* gy, float* gx, int n);  // gx = Mᵀ gy
};

}  // namespace wgan
