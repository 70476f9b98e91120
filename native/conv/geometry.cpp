#include "geometry.h"

#include <algorithm>
#include <string>

#include "../core/errors.h"

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

}  // namespace

std::vector<SpecKey> convKeys(bool transposed) {
  std::vector<SpecKey> keys{{"filters", KeyType::Integer, true, 1, kMaxDim},
                            {"kernelSize", KeyType::IntegerPair, true, 1, 1024},
                            {"strides", KeyType::Integer, false, 1, 1024, 1},
                            {"padding", KeyType::Padding, false, 0, kMaxDim}};
  if (transposed) keys.push_back({"outputPadding", KeyType::Integer, false, 0, 1023, 0});
  return keys;
}

ConvOptions readConvOptions(const SpecReader& spec, bool transposed) {
  ConvOptions o{};
  o.filters = spec.integer("filters");
  const auto kernel = spec.integerPair("kernelSize");
  o.kernelH = kernel.first;
  o.kernelW = kernel.second;
  o.stride = spec.integer("strides");
  o.padding = spec.padding("padding");
  if (transposed) o.outputPadding = spec.integer("outputPadding");
  return o;
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

ConvGeometry transposedGeometry(const Shape& in, const ConvOptions& o) {
  requireImage(in, "conv2dTranspose");
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

}  // namespace wgan
