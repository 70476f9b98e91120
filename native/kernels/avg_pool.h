// Non-overlapping mean pooling (torch.nn.AvgPool2d(p), stride p) as a linear map (kernels/linear_map.h).
#pragma once
#include "../common/hd.h"

namespace wgan {

struct AvgPoolMap {
  int channels, height, width, pool;  // the input image C×H×W (H, W divisible by pool); output C×(H/p)×(W/p)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * height * width; }
  WGAN_HD long long outSize() const { return inSize() / (pool * pool); }

  // Output element i: the mean of its pool×pool block.
  WGAN_HD float forwardAt(long long i, const float* x) const {
    const int outW = width / pool, outH = height / pool;
    const long long image = i / (static_cast<long long>(outH) * outW);
    const int r = static_cast<int>((i / outW) % outH), c = static_cast<int>(i % outW);
    const float* block = x + (image * height + static_cast<long long>(r) * pool) * width + c * pool;
    float sum = 0.f;
    for (int a = 0; a < pool; ++a)
      for (int b = 0; b < pool; ++b) sum += block[static_cast<long long>(a) * width + b];
    return sum / static_cast<float>(pool * pool);
  }
  // Input element i: its block's output gradient, shared by the block's pool² elements.
  WGAN_HD float adjointAt(long long i, const float* gy) const {
    const int outW = width / pool, outH = height / pool;
    const long long image = i / (static_cast<long long>(height) * width);
    const int r = static_cast<int>((i / width) % height), c = static_cast<int>(i % width);
    return gy[(image * outH + r / pool) * outW + c / pool] / static_cast<float>(pool * pool);
  }
};

}  // namespace wgan
