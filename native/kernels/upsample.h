// Nearest-neighbour upsampling by an integer factor (torch.nn.Upsample(scale_factor, mode='nearest')) as a
// linear map (kernels/linear_map.h), written once for both backends.
#pragma once
#include "../common/hd.h"

namespace wgan {

struct UpsampleMap {
  int channels, height, width, factor;  // the input image C×H×W; the output is C×(H·f)×(W·f)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * height * width; }
  WGAN_HD long long outSize() const { return inSize() * factor * factor; }
  int inPlanes() const { return channels; }
  int outPlanes() const { return channels; }

  // The sum of the factor×factor output cells whose first is `block` (an input element's gradient).
  WGAN_HD float blockSum(const float* block) const {
    const int outW = width * factor;
    float sum = 0.f;
    for (int a = 0; a < factor; ++a)
      for (int b = 0; b < factor; ++b) sum += block[static_cast<long long>(a) * outW + b];
    return sum;
  }

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
    return blockSum(gy + (image * height * factor + static_cast<long long>(r) * factor) * outW + c * factor);
  }

  // The CPU's loops, a plane at a time (core/linear_map_layer.h): output plane q of the batch ...
  void forwardPlane(long long q, const float* x, float* y) const {
    const int outW = width * factor;
    const float* in = x + q * height * width;
    float* out = y + q * height * factor * outW;
    for (int r = 0; r < height; ++r) {
      float* first = out + static_cast<long long>(r) * factor * outW;
      for (int c = 0; c < width; ++c)
        for (int b = 0; b < factor; ++b) first[c * factor + b] = in[static_cast<long long>(r) * width + c];
      for (int a = 1; a < factor; ++a)
        for (int c = 0; c < outW; ++c) first[static_cast<long long>(a) * outW + c] = first[c];
    }
  }
  // ... and input plane q of the adjoint.
  void adjointPlane(long long q, const float* gy, float* gx) const {
    const int outW = width * factor;
    const float* g = gy + q * height * factor * outW;
    float* out = gx + q * height * width;
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c)
        out[static_cast<long long>(r) * width + c] = blockSum(g + static_cast<long long>(r) * factor * outW + c * factor);
  }
};

}  // namespace wgan
