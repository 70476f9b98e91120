// A model described as plain data, as TypeScript hands it over: the binding converts the JavaScript value
// into a SpecValue tree without knowing any layer type; the core reads and checks it (core/spec_reader.h,
// core/layer_registry.h).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "layer.h"

namespace wgan {

// JSON-like data: a number, a string, a boolean, an array or an object (keys in their order).
struct SpecValue {
  enum class Kind { Missing, Number, String, Boolean, Array, Object };
  Kind kind = Kind::Missing;
  double number = 0;
  std::string text;
  bool boolean = false;
  std::vector<SpecValue> items;
  std::vector<std::pair<std::string, SpecValue>> fields;

  bool missing() const { return kind == Kind::Missing; }
  // The field `key` of an object, or a Missing value.
  const SpecValue& get(const std::string& key) const;
  // How the value reads in an error message ("a string", "an array", "the number 3.5").
  std::string describe() const;
};

struct ModelSpec {
  Shape inputShape;
  SpecValue layers;  // an array of layer specs, each { type, ...keys }
};

// The most layers a list (a model, a block's branch) may hold, and the largest single dimension.
constexpr int kMaxLayers = 1000;
constexpr int kMaxDim = 1 << 20;

// Reads { inputShape, layers } strictly; throws InvalidArgument naming the field. The layers are checked
// when the model is built.
ModelSpec parseModelSpec(const SpecValue& spec);

}  // namespace wgan
