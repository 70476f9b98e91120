// Conv2D (torch.nn.Conv2d layout: weight [out, in, kh, kw]) and Conv2DTranspose (torch.nn.ConvTranspose2d
// layout: weight [in, out, kh, kw]). The transposed convolution is the adjoint of a convolution, so both
// run on the same three products of one convolution (ConvCore) with their roles swapped.
#pragma once
#include "../core/layer.h"
#include "conv_core.h"

namespace wgan {

// 'same' follows TensorFlow (total pad max((ceil(in/s)-1)·s+k-in, 0), the extra row/column after);
// a number is symmetric padding as in PyTorch.
struct Padding {
  bool same = false;
  int value = 0;
};

struct ConvOptions {
  int filters, kernelH, kernelW, stride;
  Padding padding;
  int outputPadding = 0;  // transposed only, PyTorch semantics
};

class Conv2D : public Layer {
 public:
  Conv2D(const Shape& in, const ConvOptions& o);
  const char* typeName() const override { return "conv2d"; }
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override { core_.reserve(device(), maxRows); }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  ConvCore core_;
  long long weightSize() const { return static_cast<long long>(core_.filters()) * core_.geometry().patch(); }
};

class Conv2DTranspose : public Layer {
 public:
  Conv2DTranspose(const Shape& in, const ConvOptions& o);
  const char* typeName() const override { return "conv2dTranspose"; }
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override { core_.reserve(device(), maxRows); }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  ConvCore core_;  // the convolution from this layer's output (its input image) to this layer's input
  long long weightSize() const { return static_cast<long long>(core_.filters()) * core_.geometry().patch(); }
};

}  // namespace wgan
