// The element-wise pieces of a residual block y = S(x) + a·B(x), written once for both backends, with the
// launcher table of the residual layer (core/layer_kernels.h).
#pragma once
#include "../common/hd.h"

namespace wgan {

WGAN_HD float combineAt(long long i, const float* s, const float* b, float a) { return s[i] + a * b[i]; }

struct ResidualKernels {
  void (*combine)(void* queue, const float* s, const float* b, float a, float* out, long long count);  // out = s + a·b
  void (*scale)(void* queue, const float* in, float a, float* out, long long count);                  // out = a·in
};

}  // namespace wgan
