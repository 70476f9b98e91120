#include "spec_parse.h"

#include "../core/errors.h"

namespace wgan {

namespace {

// Deep enough for nested blocks, small enough that a self-referencing object cannot exhaust the stack.
constexpr int kMaxDepth = 64;

SpecValue toSpecValue(const Napi::Value& v, const std::string& path, int depth) {
  if (depth > kMaxDepth) fail(ErrorCode::InvalidArgument, path + " nests deeper than " + std::to_string(kMaxDepth) + " levels");
  SpecValue out;
  if (v.IsUndefined()) return out;
  if (v.IsNumber()) {
    out.kind = SpecValue::Kind::Number;
    out.number = v.As<Napi::Number>().DoubleValue();
  } else if (v.IsString()) {
    out.kind = SpecValue::Kind::String;
    out.text = v.As<Napi::String>().Utf8Value();
  } else if (v.IsBoolean()) {
    out.kind = SpecValue::Kind::Boolean;
    out.boolean = v.As<Napi::Boolean>().Value();
  } else if (v.IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    if (a.Length() > static_cast<uint32_t>(kMaxLayers))
      fail(ErrorCode::InvalidArgument, path + " has more than " + std::to_string(kMaxLayers) + " entries");
    out.kind = SpecValue::Kind::Array;
    for (uint32_t i = 0; i < a.Length(); ++i)
      out.items.push_back(toSpecValue(a.Get(i), path + "[" + std::to_string(i) + "]", depth + 1));
  } else if (v.IsObject() && !v.IsFunction() && !v.IsTypedArray() && !v.IsBuffer()) {
    Napi::Object o = v.As<Napi::Object>();
    Napi::Array keys = o.GetPropertyNames();
    out.kind = SpecValue::Kind::Object;
    for (uint32_t i = 0; i < keys.Length(); ++i) {
      const std::string key = keys.Get(i).ToString().Utf8Value();
      SpecValue field = toSpecValue(o.Get(key), path + "." + key, depth + 1);
      if (!field.missing()) out.fields.emplace_back(key, std::move(field));
    }
  } else {
    fail(ErrorCode::InvalidArgument, path + " must be plain data (numbers, strings, arrays, objects)");
  }
  return out;
}

}  // namespace

ModelSpec parseModelSpec(const Napi::Value& value) { return wgan::parseModelSpec(toSpecValue(value, "spec", 0)); }

}  // namespace wgan
