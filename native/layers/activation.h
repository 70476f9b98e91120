// Element-wise activation layers (relu, leakyRelu, tanh, sigmoid; registered in activation.cpp) over the
// shared bodies in kernels/activations.h. Their tangent is φ'(x)·v; their curvature term is gy·v·φ''(x).
// Both are taken from the output y alone, so the layer works in place (y written over x).
#pragma once
#include "../core/layer.h"

namespace wgan {

class Activation : public Layer {
 public:
  Activation(const Shape& in, ActivationKind kind, bool curved, float alpha = 0.f)
      : Layer(in, in), kind_(kind), curved_(curved), alpha_(alpha) {}
  bool hasCurvature() const override { return curved_; }
  bool readsOutput() const override { return true; }
  bool worksInPlace() const override { return true; }

  void forward(const float* x, float* y, int n, Mode) override {
    device().activationForward(kind_, alpha_, x, y, count(n));
  }
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override {
    device().activationDerivative(kind_, alpha_, x, y, gy, gx, count(n));
  }
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override {
    device().activationDerivative(kind_, alpha_, x, y, v, w, count(n));  // J is diagonal: Jv and Jᵀv coincide
  }
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override {
    if (curved_) device().activationCurvature(kind_, alpha_, x, y, gy, v, c, count(n));
  }

 private:
  long long count(int n) const { return static_cast<long long>(n) * inSize(); }
  ActivationKind kind_;
  bool curved_;
  float alpha_;
};

}  // namespace wgan
