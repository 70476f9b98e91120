#include "spec.h"

#include <cmath>

#include "errors.h"
#include "spec_reader.h"

namespace wgan {

const SpecValue& SpecValue::get(const std::string& key) const {
  static const SpecValue missingValue;
  for (const auto& field : fields)
    if (field.first == key) return field.second;
  return missingValue;
}

std::string SpecValue::describe() const {
  switch (kind) {
    case Kind::Missing: return "nothing";
    case Kind::Number: {
      std::string s = std::to_string(number);
      if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15)
        s = std::to_string(static_cast<long long>(number));
      return "the number " + s;
    }
    case Kind::String: return "the string '" + text + "'";
    case Kind::Boolean: return boolean ? "true" : "false";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

ModelSpec parseModelSpec(const SpecValue& spec) {
  if (spec.kind != SpecValue::Kind::Object)
    fail(ErrorCode::InvalidArgument, "spec must be an object { inputShape, layers }, got " + spec.describe());
  for (const auto& field : spec.fields)
    if (field.first != "inputShape" && field.first != "layers")
      fail(ErrorCode::InvalidArgument, "spec has an unknown option '" + field.first + "' (expected inputShape, layers)");
  ModelSpec model;
  model.inputShape = readShape(spec.get("inputShape"), "spec.inputShape");
  model.layers = spec.get("layers");
  requireLayerList(model.layers, "spec.layers");
  return model;
}

}  // namespace wgan
