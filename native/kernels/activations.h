// Element-wise activations with their first and second derivatives, written once for CPU and CUDA.
// The derivatives read the output y = f(x) only (for ReLU and LeakyReLU with alpha >= 0, y > 0 exactly where
// x > 0), so a model may write y over x (Layer::worksInPlace); they keep the input in their signature.
#pragma once
#include <cmath>

#include "../common/hd.h"
#include "../common/types.h"

namespace wgan {

struct Relu {
  WGAN_HD static float f(float x, float) { return x > 0.f ? x : 0.f; }
  WGAN_HD static float d1(float, float y, float) { return y > 0.f ? 1.f : 0.f; }
  WGAN_HD static float d2(float, float, float) { return 0.f; }
  static constexpr bool kCurved = false;
};

struct LeakyRelu {
  WGAN_HD static float f(float x, float alpha) { return x > 0.f ? x : alpha * x; }
  WGAN_HD static float d1(float, float y, float alpha) { return y > 0.f ? 1.f : alpha; }
  WGAN_HD static float d2(float, float, float) { return 0.f; }
  static constexpr bool kCurved = false;
};

struct Tanh {
  WGAN_HD static float f(float x, float) { return tanhf(x); }
  WGAN_HD static float d1(float, float y, float) { return 1.f - y * y; }
  WGAN_HD static float d2(float, float y, float) { return -2.f * y * (1.f - y * y); }
  static constexpr bool kCurved = true;
};

struct Sigmoid {
  // 1/(1+e^-x) evaluated so that neither branch overflows.
  WGAN_HD static float f(float x, float) {
    if (x >= 0.f) return 1.f / (1.f + expf(-x));
    const float e = expf(x);
    return e / (1.f + e);
  }
  WGAN_HD static float d1(float, float y, float) { return y * (1.f - y); }
  WGAN_HD static float d2(float, float y, float) { return y * (1.f - y) * (1.f - 2.f * y); }
  static constexpr bool kCurved = true;
};

// Calls visit(Fn{}) with the body of `kind`: one dispatch per call, so the loops inside inline the body.
template <class Visit>
decltype(auto) visitActivation(ActivationKind kind, Visit&& visit) {
  switch (kind) {
    case ActivationKind::Relu: return visit(Relu{});
    case ActivationKind::LeakyRelu: return visit(LeakyRelu{});
    case ActivationKind::Tanh: return visit(Tanh{});
    default: return visit(Sigmoid{});
  }
}

}  // namespace wgan
