// Non-overlapping mean pooling (torch.nn.AvgPool2d(p), stride p) as a linear map (kernels/linear_map.h).
#pragma once
#include "../common/hd.h"

namespace wgan {

struct AvgPoolMap {
  int channels, height, width, pool;  // the input image C×H×W (H, W divisible by pool); output C×(H/p)×(W/p)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * height * width; }
  WGAN_HD long long outSize() const { return inSize() / (pool * pool); }
  int inPlanes() const { return channels; }
  int outPlanes() const { return channels; }

  // The mean of the pool×pool block whose first element is `block` (an output element's value); P: the pool size
  // when known at compile time (the CPU's loops vectorise for it), else 0.
  template <int P = 0>
  WGAN_HD float blockMean(const float* block) const {
    const int p = P > 0 ? P : pool;
    float sum = 0.f;
    for (int a = 0; a < p; ++a)
      for (int b = 0; b < p; ++b) sum += block[static_cast<long long>(a) * width + b];
    return sum / static_cast<float>(p * p);
  }
  // An output gradient's share of each of its block's pool² input elements.
  WGAN_HD float share(float g) const { return g / static_cast<float>(pool * pool); }

  // Output element i: the mean of its pool×pool block.
  WGAN_HD float forwardAt(long long i, const float* x) const {
    const int outW = width / pool, outH = height / pool;
    const long long image = i / (static_cast<long long>(outH) * outW);
    const int r = static_cast<int>((i / outW) % outH), c = static_cast<int>(i % outW);
    return blockMean(x + (image * height + static_cast<long long>(r) * pool) * width + c * pool);
  }
  // Input element i: its block's output gradient, shared by the block's pool² elements.
  WGAN_HD float adjointAt(long long i, const float* gy) const {
    const int outW = width / pool, outH = height / pool;
    const long long image = i / (static_cast<long long>(height) * width);
    const int r = static_cast<int>((i / width) % height), c = static_cast<int>(i % width);
    return share(gy[(image * outH + r / pool) * outW + c / pool]);
  }

  // The CPU's loops, a plane at a time (core/linear_map_layer.h): output plane q of the batch ...
  void forwardPlane(long long q, const float* x, float* y) const {
    if (pool == 2) forwardRows<2>(q, x, y);
    else forwardRows<0>(q, x, y);
  }
  // ... and input plane q of the adjoint.
  void adjointPlane(long long q, const float* gy, float* gx) const {
    if (pool == 2) adjointRows<2>(q, gy, gx);
    else adjointRows<0>(q, gy, gx);
  }

 private:
  // The plane loops for a pool size P known at compile time (the ResNets' 2), or, P = 0, `pool`.
  template <int P>
  void forwardRows(long long q, const float* x, float* y) const {
    const int p = P > 0 ? P : pool, outW = width / p, outH = height / p;
    const float* in = x + q * height * width;
    float* out = y + q * outH * outW;
    for (int r = 0; r < outH; ++r)
      for (int c = 0; c < outW; ++c) out[r * outW + c] = blockMean<P>(in + static_cast<long long>(r) * p * width + c * p);
  }
  template <int P>
  void adjointRows(long long q, const float* gy, float* gx) const {
    const int p = P > 0 ? P : pool, outW = width / p, outH = height / p;
    const float* g = gy + q * outH * outW;
    float* out = gx + q * height * width;
    for (int r = 0; r < height; ++r) {
      const float* gRow = g + (r / p) * outW;
      float* row = out + static_cast<long long>(r) * width;
      for (int c = 0; c < outW; ++c) {
        const float v = share(gRow[c]);
        for (int b = 0; b < p; ++b) row[c * p + b] = v;
      }
    }
  }
};

}  // namespace wgan
