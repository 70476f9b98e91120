#include "conv2d.h"

#include <cmath>
#include <string>

#include "../core/errors.h"
#include "../core/rng.h"

namespace wgan {

namespace {

void requireImage(const Shape& in, const char* layer) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, std::string(layer) + " needs an input of shape [channels, height, width], got " +
                                      shapeToString(in) + " (add a reshape layer before it)");
}

// Output length and padding before, along one axis of a convolution.
void convAxis(int in, int k, int s, const Padding& p, int& out, int& padBefore) {
  if (p.same) {
    out = (in + s - 1) / s;
    const int total = std::max((out - 1) * s + k - in, 0);
    padBefore = total / 2;
  } else {
    out = (in + 2 * p.value - k) / s + 1;
    padBefore = p.value;
    if (in + 2 * p.value < k) out = 0;
  }
}

ConvGeometry convGeometry(const Shape& in, const ConvOptions& o) {
  requireImage(in, "conv2d");
  ConvGeometry g{in[0], in[1], in[2], 0, 0, o.kernelH, o.kernelW, o.stride, 0, 0};
  convAxis(in[1], o.kernelH, o.stride, o.padding, g.outHeight, g.padTop);
  convAxis(in[2], o.kernelW, o.stride, o.padding, g.outWidth, g.padLeft);
  if (g.outHeight < 1 || g.outWidth < 1)
    fail(ErrorCode::InvalidModel, "conv2d: a " + std::to_string(o.kernelH) + "x" + std::to_string(o.kernelW) +
                                      " kernel does not fit the input " + shapeToString(in));
  return g;
}

// Output length and padding before, along one axis of a transposed convolution.
void transposedAxis(int in, int k, int s, const Padding& p, int outputPadding, int& out, int& padBefore) {
  if (p.same) {
    out = in * s;
    padBefore = std::max((in - 1) * s + k - out, 0) / 2;
  } else {
    out = (in - 1) * s - 2 * p.value + k + outputPadding;
    padBefore = p.value;
  }
}

ConvGeometry transposedGeometry(const Shape& in, const ConvOptions& o) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "conv2dTranspose needs an input of shape [channels, height, width], got " +
                                      shapeToString(in) + " (add a reshape layer before it)");
  if (o.outputPadding >= o.stride)
    fail(ErrorCode::InvalidModel, "conv2dTranspose: outputPadding must be smaller than strides (" +
                                      std::to_string(o.stride) + "), got " + std::to_string(o.outputPadding));
  ConvGeometry g{o.filters, 0, 0, in[1], in[2], o.kernelH, o.kernelW, o.stride, 0, 0};
  transposedAxis(in[1], o.kernelH, o.stride, o.padding, o.outputPadding, g.height, g.padTop);
  transposedAxis(in[2], o.kernelW, o.stride, o.padding, o.outputPadding, g.width, g.padLeft);
  if (g.height < 1 || g.width < 1)
    fail(ErrorCode::InvalidModel, "conv2dTranspose: padding leaves no output for input " + shapeToString(in));
  return g;
}

void uniformInit(Rng& rng, float* p, long long count, int fanIn) {
  const float bound = 1.f / std::sqrt(static_cast<float>(fanIn));
  rng.uniform(p, count, -bound, bound);
}

}  // namespace

// ---- Conv2D ----------------------------------------------------------------------------------

Conv2D::Conv2D(const Shape& in, const ConvOptions& o)
    : Layer(in, {}), core_(convGeometry(in, o), o.filters) {
  out_ = {o.filters, core_.geometry().outHeight, core_.geometry().outWidth};
}

std::vector<ParamInfo> Conv2D::paramInfo() const {
  const ConvGeometry& g = core_.geometry();
  return {{"weight", {core_.filters(), g.channels, g.kernelH, g.kernelW}, true}, {"bias", {core_.filters()}, true}};
}

void Conv2D::initParams(Rng& rng) { uniformInit(rng, params_, weightSize() + core_.filters(), core_.geometry().patch()); }

void Conv2D::forward(const float* x, float* y, int n, Mode) {
  core_.run().forward(params_, x, y, n);
  device().addBiasPlanes(y, params_ + weightSize(), n, core_.filters(), core_.geometry().pixels());
}

void Conv2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  core_.run().backwardData(params_, gy, gx, n);
}

void Conv2D::backwardParams(const float* x, const float*, const float* gy, int n) {
  core_.run().backwardFilter(x, gy, grads_, n);
  device().sumPlanesInto(gy, n, core_.filters(), core_.geometry().pixels(), grads_ + weightSize());
}

void Conv2D::tangent(const float*, const float*, const float* v, float* w, int n) {
  core_.run().forward(params_, v, w, n);
}

// s = <gy, conv(v, W)> is linear in x: only ∂s/∂W = backwardFilter(v, gy).
void Conv2D::curvature(const float*, const float*, const float* gy, const float* v, float*, int n) {
  core_.run().backwardFilter(v, gy, grads_, n);
}

// ---- Conv2DTranspose -------------------------------------------------------------------------

Conv2DTranspose::Conv2DTranspose(const Shape& in, const ConvOptions& o)
    : Layer(in, {}), core_(transposedGeometry(in, o), in.size() == 3 ? in[0] : 0) {
  const ConvGeometry& g = core_.geometry();
  out_ = {g.channels, g.height, g.width};
}

std::vector<ParamInfo> Conv2DTranspose::paramInfo() const {
  const ConvGeometry& g = core_.geometry();
  return {{"weight", {core_.filters(), g.channels, g.kernelH, g.kernelW}, true}, {"bias", {g.channels}, true}};
}

// torch.nn.ConvTranspose2d computes fan-in from weight.size(1)·kh·kw = out_channels·kh·kw.
void Conv2DTranspose::initParams(Rng& rng) {
  uniformInit(rng, params_, weightSize() + core_.geometry().channels, core_.geometry().patch());
}

void Conv2DTranspose::forward(const float* x, float* y, int n, Mode) {
  const ConvGeometry& g = core_.geometry();
  core_.run().backwardData(params_, x, y, n);
  device().addBiasPlanes(y, params_ + weightSize(), n, g.channels, g.height * g.width);
}

void Conv2DTranspose::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  core_.run().forward(params_, gy, gx, n);
}

void Conv2DTranspose::backwardParams(const float* x, const float*, const float* gy, int n) {
  const ConvGeometry& g = core_.geometry();
  core_.run().backwardFilter(gy, x, grads_, n);
  device().sumPlanesInto(gy, n, g.channels, g.height * g.width, grads_ + weightSize());
}

void Conv2DTranspose::tangent(const float*, const float*, const float* v, float* w, int n) {
  core_.run().backwardData(params_, v, w, n);
}

// s = <gy, convᵀ(v, W)> = <conv(gy, W), v>: ∂s/∂W = backwardFilter(gy, v).
void Conv2DTranspose::curvature(const float*, const float*, const float* gy, const float* v, float*, int n) {
  core_.run().backwardFilter(gy, v, grads_, n);
}

}  // namespace wgan
