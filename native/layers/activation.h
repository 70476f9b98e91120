// Element-wise activation layers (relu, leakyRelu, tanh, sigmoid) over the shared bodies in
// kernels/activations.h. Their tangent is φ'(x)·v; their curvature term is gy·v·φ''(x).
#pragma once
#include "../core/layer.h"
#include "../kernels/activations.h"

namespace wgan {

template <class Fn>
class Activation : public Layer {
 public:
  Activation(const Shape& in, const char* name, float alpha = 0.f) : Layer(in, in), name_(name), alpha_(alpha) {}
  const char* typeName() const override { return name_; }
  bool hasCurvature() const override { return Fn::kCurved; }

  void forward(const float* x, float* y, int n, Mode) override {
    const long long count = static_cast<long long>(n) * inSize();
    for (long long i = 0; i < count; ++i) y[i] = Fn::f(x[i], alpha_);
  }
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override {
    const long long count = static_cast<long long>(n) * inSize();
    for (long long i = 0; i < count; ++i) gx[i] = gy[i] * Fn::d1(x[i], y[i], alpha_);
  }
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override {
    backwardData(x, y, v, w, n);  // J is diagonal, so Jv and Jᵀv coincide
  }
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override {
    if (!Fn::kCurved) return;
    const long long count = static_cast<long long>(n) * inSize();
    for (long long i = 0; i < count; ++i) c[i] = gy[i] * v[i] * Fn::d2(x[i], y[i], alpha_);
  }

 private:
  const char* name_;
  float alpha_;
};

}  // namespace wgan
