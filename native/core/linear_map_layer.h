// The layer of a fixed linear map (kernels/linear_map.h): forward is M x, backwardData Mᵀ gy, the tangent
// M v; no parameters, so no parameter gradients, and no curvature. Each map's file registers its kind and
// the CPU loops (addCpuLinearMap); its CUDA file registers the CUDA kernels (cuda/linear_map.h).
#pragma once
#include "../cpu/parallel.h"
#include "../cpu/profile.h"
#include "../kernels/linear_map.h"
#include "layer.h"
#include "layer_kernels.h"

namespace wgan {

template <class Map>
class LinearMapLayer : public Layer {
 public:
  LinearMapLayer(const Shape& in, const Shape& out, const Map& map, const char* name) : Layer(in, out), map_(map), name_(name) {}

  void forward(const float* x, float* y, int n, Mode) override { kernels().forward(device().queue(), map_, x, y, n); }
  void backwardData(const float*, const float*, const float* gy, float* gx, int n) override {
    kernels().adjoint(device().queue(), map_, gy, gx, n);
  }
  void tangent(const float*, const float*, const float* v, float* w, int n) override {
    kernels().forward(device().queue(), map_, v, w, n);
  }

 private:
  const LinearMapKernels<Map>& kernels() { return LayerKernels<LinearMapKernels<Map>>::on(device(), name_); }
  Map map_;
  const char* name_;
};

// Registers the CPU loops of a map: its planes (forwardPlane, adjointPlane) in blocks over the threads, a block
// worth the values its planes read and write.
template <class Map>
bool addCpuLinearMap() {
  LinearMapKernels<Map> table{
      [](void*, const Map& map, const float* x, float* y, int n) {
        PrimitiveTimer timer(Primitive::Layers);
        parallelBlocks(static_cast<long long>(n) * map.outPlanes(), grainOf((map.inSize() + map.outSize()) / map.outPlanes()),
                       [&](long long begin, long long end) {
                         for (long long q = begin; q < end; ++q) map.forwardPlane(q, x, y);
                       });
      },
      [](void*, const Map& map, const float* gy, float* gx, int n) {
        PrimitiveTimer timer(Primitive::Layers);
        parallelBlocks(static_cast<long long>(n) * map.inPlanes(), grainOf((map.inSize() + map.outSize()) / map.inPlanes()),
                       [&](long long begin, long long end) {
                         for (long long q = begin; q < end; ++q) map.adjointPlane(q, gy, gx);
                       });
      }};
  return LayerKernels<LinearMapKernels<Map>>::add("cpu", table);
}

}  // namespace wgan
