// Nearest-neighbour upsampling by an integer factor (torch.nn.Upsample(scale_factor, mode='nearest')) and its
// adjoint, written once for both backends, with the launcher table of the upsample2d layer
// (core/layer_kernels.h). `queue` is the backend's work queue (the CUDA stream; unused on the CPU).
#pragma once
#include "../common/hd.h"

namespace wgan {

struct UpsampleShape {
  int channels, height, width, factor;  // the input image C×H×W; the output is C×(H·f)×(W·f)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * height * width; }
  WGAN_HD long long outSize() const { return inSize() * factor * factor; }
};

// Output element i of a batch: the input element it copies.
WGAN_HD float upsampleAt(long long i, const UpsampleShape& s, const float* x) {
  const int outW = s.width * s.factor, outH = s.height * s.factor;
  const long long image = i / (static_cast<long long>(outH) * outW);  // b·C + c
  const int r = static_cast<int>((i / outW) % outH), c = static_cast<int>(i % outW);
  return x[(image * s.height + r / s.factor) * s.width + c / s.factor];
}

// Input element i of a batch of gradients: the sum of the factor×factor output cells that copied it.
WGAN_HD float upsampleAdjointAt(long long i, const UpsampleShape& s, const float* gy) {
  const int outW = s.width * s.factor;
  const long long image = i / (static_cast<long long>(s.height) * s.width);
  const int r = static_cast<int>((i / s.width) % s.height), c = static_cast<int>(i % s.width);
  const float* block = gy + (image * s.height * s.factor + static_cast<long long>(r) * s.factor) * outW + c * s.factor;
  float sum = 0.f;
  for (int a = 0; a < s.factor; ++a)
    for (int b = 0; b < s.factor; ++b) sum += block[static_cast<long long>(a) * outW + b];
  return sum;
}

struct UpsampleKernels {
  void (*forward)(void* queue, const UpsampleShape& s, const float* x, float* y, int n);    // y = up(x)
  void (*adjoint)(void* queue, const UpsampleShape& s, const float* gy, float* gx, int n);  // gx = upᵀ(gy)
};

}  // namespace wgan
