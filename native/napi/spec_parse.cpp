#include "spec_parse.h"

#include "../core/errors.h"
#include "args.h"

namespace wgan {

namespace {

constexpr int kMaxDim = 1 << 20;

Shape shapeArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsArray()) fail(ErrorCode::InvalidArgument, name + " must be an array of positive integers");
  Napi::Array a = v.As<Napi::Array>();
  if (a.Length() < 1 || a.Length() > 3)
    fail(ErrorCode::InvalidArgument, name + " must have 1 to 3 dimensions ([features] or [channels, height, width])");
  Shape s;
  long long total = 1;
  for (uint32_t i = 0; i < a.Length(); ++i) {
    s.push_back(intArg(a.Get(i), name + "[" + std::to_string(i) + "]", 1, kMaxDim));
    total *= s.back();
  }
  if (total > kMaxElements)
    fail(ErrorCode::InvalidArgument, name + " has " + std::to_string(total) + " values per sample, more than " + std::to_string(kMaxElements));
  return s;
}

// A number, or a pair [a, b] for the two image axes.
std::pair<int, int> pairArg(const Napi::Value& v, const std::string& name, int min, int max) {
  if (v.IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    if (a.Length() != 2) fail(ErrorCode::InvalidArgument, name + " must be a number or a pair [height, width]");
    return {intArg(a.Get(0u), name + "[0]", min, max), intArg(a.Get(1u), name + "[1]", min, max)};
  }
  const int n = intArg(v, name, min, max);
  return {n, n};
}

Padding paddingArg(const Napi::Value& v, const std::string& name) {
  if (v.IsUndefined()) return Padding{};
  if (v.IsString()) {
    const std::string s = v.As<Napi::String>().Utf8Value();
    if (s == "same") return Padding{true, 0};
    if (s == "valid") return Padding{false, 0};
    fail(ErrorCode::InvalidArgument, name + " must be 'same', 'valid' or a non-negative integer, got '" + s + "'");
  }
  return Padding{false, intArg(v, name, 0, kMaxDim)};
}

Cropping croppingArg(const Napi::Value& v, const std::string& name) {
  if (v.IsArray() && v.As<Napi::Array>().Length() == 2 && v.As<Napi::Array>().Get(0u).IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    auto rows = pairArg(a.Get(0u), name + "[0]", 0, kMaxDim), cols = pairArg(a.Get(1u), name + "[1]", 0, kMaxDim);
    return {rows.first, rows.second, cols.first, cols.second};
  }
  auto hw = pairArg(v, name, 0, kMaxDim);  // symmetric, as Keras Cropping2D
  return {hw.first, hw.first, hw.second, hw.second};
}

LayerSpec parseLayer(const Napi::Value& value, const std::string& name) {
  Napi::Object o = objectArg(value, name);
  LayerSpec s;
  s.type = stringArg(o.Get("type"), name + ".type");
  const std::string& t = s.type;
  if (t == "dense") {
    onlyKeys(o, name, {"type", "units"});
    s.units = intArg(o.Get("units"), name + ".units", 1, kMaxDim);
  } else if (t == "conv2d" || t == "conv2dTranspose") {
    const bool transposed = t == "conv2dTranspose";
    if (transposed) onlyKeys(o, name, {"type", "filters", "kernelSize", "strides", "padding", "outputPadding"});
    else onlyKeys(o, name, {"type", "filters", "kernelSize", "strides", "padding"});
    s.conv.filters = intArg(o.Get("filters"), name + ".filters", 1, kMaxDim);
    auto k = pairArg(o.Get("kernelSize"), name + ".kernelSize", 1, 1024);
    s.conv.kernelH = k.first;
    s.conv.kernelW = k.second;
    s.conv.stride = o.Get("strides").IsUndefined() ? 1 : intArg(o.Get("strides"), name + ".strides", 1, 1024);
    s.conv.padding = paddingArg(o.Get("padding"), name + ".padding");
    if (transposed && !o.Get("outputPadding").IsUndefined())
      s.conv.outputPadding = intArg(o.Get("outputPadding"), name + ".outputPadding", 0, 1023);
  } else if (t == "crop2d") {
    onlyKeys(o, name, {"type", "cropping"});
    s.cropping = croppingArg(o.Get("cropping"), name + ".cropping");
  } else if (t == "reshape") {
    onlyKeys(o, name, {"type", "targetShape"});
    s.targetShape = shapeArg(o.Get("targetShape"), name + ".targetShape");
  } else if (t == "leakyRelu") {
    onlyKeys(o, name, {"type", "alpha"});
    if (!o.Get("alpha").IsUndefined()) s.alpha = static_cast<float>(numberArg(o.Get("alpha"), name + ".alpha", 0, 1));
  } else if (t == "batchNorm") {
    onlyKeys(o, name, {"type", "momentum"});
    if (!o.Get("momentum").IsUndefined())
      s.momentum = static_cast<float>(numberArg(o.Get("momentum"), name + ".momentum", 0, 1));
  } else {
    onlyKeys(o, name, {"type"});  // flatten, relu, tanh, sigmoid, layerNorm; unknown types fail when built
  }
  return s;
}

}  // namespace

ModelSpec parseModelSpec(const Napi::Value& value) {
  Napi::Object o = objectArg(value, "spec");
  onlyKeys(o, "spec", {"inputShape", "layers"});
  ModelSpec spec;
  spec.inputShape = shapeArg(o.Get("inputShape"), "spec.inputShape");
  if (!o.Get("layers").IsArray()) fail(ErrorCode::InvalidArgument, "spec.layers must be an array of layer specs");
  Napi::Array layers = o.Get("layers").As<Napi::Array>();
  if (layers.Length() > 1000) fail(ErrorCode::InvalidArgument, "spec.layers has more than 1000 layers");
  for (uint32_t i = 0; i < layers.Length(); ++i)
    spec.layers.push_back(parseLayer(layers.Get(i), "spec.layers[" + std::to_string(i) + "]"));
  return spec;
}

}  // namespace wgan
