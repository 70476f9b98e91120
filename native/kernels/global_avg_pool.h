// The mean over each channel's plane ([C, H, W] → [C], the reference's reduce_mean over axes 2, 3) as a
// linear map (kernels/linear_map.h).
#pragma once
#include "../common/hd.h"

namespace wgan {

struct GlobalAvgPoolMap {
  int channels, plane;  // plane = H·W
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * plane; }
  WGAN_HD long long outSize() const { return channels; }
  int inPlanes() const { return channels; }
  int outPlanes() const { return channels; }

  // Output element i (sample b, channel c at i = b·C + c): the mean of that channel's plane, summed in double.
  WGAN_HD float forwardAt(long long i, const float* x) const {
    const float* p = x + i * plane;
    double sum = 0;
    for (int k = 0; k < plane; ++k) sum += p[k];
    return static_cast<float>(sum / plane);
  }
  WGAN_HD float adjointAt(long long i, const float* gy) const { return share(gy[i / plane]); }
  // An output gradient's share of each element of its plane.
  WGAN_HD float share(float g) const { return g / static_cast<float>(plane); }

  // The CPU's loops, a plane at a time (core/linear_map_layer.h): output "plane" q (one value) ...
  void forwardPlane(long long q, const float* x, float* y) const { y[q] = forwardAt(q, x); }
  // ... and input plane q of the adjoint.
  void adjointPlane(long long q, const float* gy, float* gx) const {
    const float v = share(gy[q]);
    for (int k = 0; k < plane; ++k) gx[q * plane + k] = v;
  }
};

}  // namespace wgan
