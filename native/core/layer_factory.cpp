#include "layer_factory.h"

#include "../kernels/activations.h"
#include "../layers/activation.h"
#include "../layers/dense.h"
#include "../layers/normalization.h"
#include "errors.h"

namespace wgan {

std::string shapeToString(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

namespace {
std::unique_ptr<Layer> build(const LayerSpec& s, const Shape& in) {
  const std::string& t = s.type;
  if (t == "dense") {
    if (in.size() != 1)
      fail(ErrorCode::InvalidModel, "dense needs a flat input [features], got " + shapeToString(in) +
                                        " (add a flatten layer before it)");
    return std::make_unique<Dense>(in, s.units);
  }
  if (t == "conv2d") return std::make_unique<Conv2D>(in, s.conv);
  if (t == "conv2dTranspose") return std::make_unique<Conv2DTranspose>(in, s.conv);
  if (t == "crop2d") return std::make_unique<Crop2D>(in, s.cropping);
  if (t == "flatten") return std::make_unique<Reshape>(in, Shape{shapeSize(in)}, "flatten");
  if (t == "reshape") return std::make_unique<Reshape>(in, s.targetShape, "reshape");
  if (t == "relu") return std::make_unique<Activation>(in, ActivationKind::Relu, "relu", Relu::kCurved);
  if (t == "leakyRelu")
    return std::make_unique<Activation>(in, ActivationKind::LeakyRelu, "leakyRelu", LeakyRelu::kCurved, s.alpha);
  if (t == "tanh") return std::make_unique<Activation>(in, ActivationKind::Tanh, "tanh", Tanh::kCurved);
  if (t == "sigmoid") return std::make_unique<Activation>(in, ActivationKind::Sigmoid, "sigmoid", Sigmoid::kCurved);
  if (t == "layerNorm") return std::make_unique<LayerNorm>(in);
  if (t == "batchNorm") return std::make_unique<BatchNorm>(in, s.momentum);
  fail(ErrorCode::InvalidModel, "unknown layer type '" + t +
                                    "' (expected one of dense, conv2d, conv2dTranspose, crop2d, flatten, reshape, "
                                    "relu, leakyRelu, tanh, sigmoid, layerNorm, batchNorm)");
}
}  // namespace

std::unique_ptr<Layer> makeLayer(const LayerSpec& spec, const Shape& in, int index) {
  try {
    return build(spec, in);
  } catch (const Error& e) {
    fail(e.code(), "layers[" + std::to_string(index) + "] (" + spec.type + "): " + e.what());
  }
}

}  // namespace wgan
