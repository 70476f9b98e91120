#include "args.h"

#include <algorithm>
#include <cmath>

#include "../core/errors.h"

namespace wgan {

namespace {
std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsTypedArray()) return "a typed array of another element type";
  if (v.IsArray()) return "an array";
  if (v.IsNumber()) return "the number " + v.ToString().Utf8Value();
  if (v.IsString()) return "a string";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsFunction()) return "a function";
  return "an object";
}
}  // namespace

const float* float32Arg(const Napi::Value& v, const std::string& name, long long length, bool requireFinite) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    fail(ErrorCode::InvalidArgument, name + " must be a Float32Array, got " + describe(v));
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  if (length >= 0 && static_cast<long long>(a.ElementLength()) != length)
    fail(ErrorCode::ShapeMismatch, name + " must have " + std::to_string(length) + " elements, got " +
                                       std::to_string(a.ElementLength()));
  const float* data = a.Data();
  if (requireFinite)
    for (size_t i = 0; i < a.ElementLength(); ++i)
      if (!std::isfinite(data[i]))
        fail(ErrorCode::NonFinite, name + "[" + std::to_string(i) + "] is " + std::to_string(data[i]) +
                                       ", expected a finite number");
  return data;
}

const int32_t* int32Arg(const Napi::Value& v, const std::string& name, long long length) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    fail(ErrorCode::InvalidArgument, name + " must be an Int32Array, got " + describe(v));
  Napi::Int32Array a = v.As<Napi::Int32Array>();
  if (static_cast<long long>(a.ElementLength()) != length)
    fail(ErrorCode::ShapeMismatch, name + " must have " + std::to_string(length) + " elements, got " +
                                       std::to_string(a.ElementLength()));
  return a.Data();
}

const int32_t* labelsArg(const Napi::Value& v, const std::string& name, long long length, int classes) {
  const int32_t* labels = int32Arg(v, name, length);
  for (long long i = 0; i < length; ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      fail(ErrorCode::InvalidArgument, name + "[" + std::to_string(i) + "] must be a class in [0, " +
                                           std::to_string(classes - 1) + "], got " + std::to_string(labels[i]));
  return labels;
}

int intArg(const Napi::Value& v, const std::string& name, int min, int max) {
  if (!v.IsNumber()) fail(ErrorCode::InvalidArgument, name + " must be an integer, got " + describe(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::floor(d) != d || d < min || d > max)
    fail(ErrorCode::InvalidArgument, name + " must be an integer in [" + std::to_string(min) + ", " +
                                         std::to_string(max) + "], got " + v.ToString().Utf8Value());
  return static_cast<int>(d);
}

double numberArg(const Napi::Value& v, const std::string& name, double min, double max) {
  if (!v.IsNumber()) fail(ErrorCode::InvalidArgument, name + " must be a number, got " + describe(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) fail(ErrorCode::NonFinite, name + " must be finite, got " + v.ToString().Utf8Value());
  if (d < min || d > max)
    fail(ErrorCode::InvalidArgument, name + " must be in [" + Napi::Number::New(v.Env(), min).ToString().Utf8Value() +
                                         ", " + Napi::Number::New(v.Env(), max).ToString().Utf8Value() + "], got " +
                                         v.ToString().Utf8Value());
  return d;
}

Napi::Object objectArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsObject() || v.IsArray() || v.IsFunction() || v.IsTypedArray())
    fail(ErrorCode::InvalidArgument, name + " must be an object, got " + describe(v));
  return v.As<Napi::Object>();
}

std::string stringArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsString()) fail(ErrorCode::InvalidArgument, name + " must be a string, got " + describe(v));
  return v.As<Napi::String>().Utf8Value();
}

bool boolArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsBoolean()) fail(ErrorCode::InvalidArgument, name + " must be a boolean, got " + describe(v));
  return v.As<Napi::Boolean>().Value();
}

void onlyKeys(const Napi::Object& obj, const std::string& name, const std::vector<std::string>& allowed) {
  Napi::Array keys = obj.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); ++i) {
    const std::string key = keys.Get(i).ToString().Utf8Value();
    if (obj.Get(key).IsUndefined()) continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(ErrorCode::InvalidArgument, name + " has an unknown option '" + key + "' (expected " + list + ")");
    }
  }
}

Napi::Float32Array toFloat32Array(Napi::Env env, const float* data, size_t count) {
  Napi::Float32Array out = Napi::Float32Array::New(env, count);
  std::copy(data, data + count, out.Data());
  return out;
}

Napi::Float32Array hostArray(Napi::Env env, const DeviceArray<float>& a) {
  const std::vector<float> values = a.toHost();
  return toFloat32Array(env, values.data(), values.size());
}

AdamOptions parseAdamOptions(const Napi::Value& v, const std::string& name) {
  AdamOptions a;
  if (v.IsUndefined()) return a;
  Napi::Object o = objectArg(v, name);
  onlyKeys(o, name, {"lr", "beta1", "beta2", "epsilon"});
  if (!o.Get("lr").IsUndefined()) a.lr = static_cast<float>(numberArg(o.Get("lr"), name + ".lr", 0, 10));
  if (!o.Get("beta1").IsUndefined()) a.beta1 = static_cast<float>(numberArg(o.Get("beta1"), name + ".beta1", 0, 0.999999));
  if (!o.Get("beta2").IsUndefined()) a.beta2 = static_cast<float>(numberArg(o.Get("beta2"), name + ".beta2", 0, 0.999999));
  if (!o.Get("epsilon").IsUndefined()) a.epsilon = static_cast<float>(numberArg(o.Get("epsilon"), name + ".epsilon", 1e-30, 1));
  return a;
}

bool deviceArg(const Napi::Value& v) {
  if (v.IsUndefined()) return false;
  const std::string name = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  if (name != "cpu" && name != "cuda") fail(ErrorCode::InvalidArgument, "device must be 'cpu' or 'cuda'");
  return name == "cuda";
}

}  // namespace wgan
