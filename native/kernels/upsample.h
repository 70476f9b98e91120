// Nearest-neighbour upsampling by an integer factor (torch.nn.Upsample(scale_factor, mode='nearest')) as a
// linear map (kernels/linear_map.h), written once for both backends.
#pragma once
#include "../common/hd.h"

namespace wgan {

struct UpsampleMap {
  int channels, height, width, factor;  // the input image C×H×W; the output is C×(H·f)×(W·f)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * height * width; }
  WGAN_HD long long outSize() const { return inSize() * factor * factor; }

  // Output element i of a batch: the input element it copies.
  WGAN_HD float forwardAt(long long i, const float* x) const {
    const int outW = width * factor, outH = height * factor;
    const long long image = i / (static_cast<long long>(outH) * outW);  // b·C + c
    const int r = static_cast<int>((i / outW) % outH), c = static_cast<int>(i % outW);
    return x[(image * height + r / factor) * width + c / factor];
  }
  // Input element i: the sum of the factor×factor output cells that copied it.
  WGAN_HD float adjointAt(long long i, const float* gy) const {
    const int outW = width * factor;
    const long long image = i / (static_cast<long long>(height) * width);
    const int r = static_cast<int>((i / width) % height), c = static_cast<int>(i % width);
    const float* block = gy + (image * height * factor + static_cast<long long>(r) * factor) * outW + c * factor;
    float sum = 0.f;
    for (int a = 0; a < factor; ++a)
      for (int b = 0; b < factor; ++b) sum += block[static_cast<long long>(a) * outW + b];
    return sum;
  }
};

}  // namespace wgan
