// Argument validation at the N-API boundary: every value from JavaScript is checked here and a bad
// one throws a wgan::Error naming the argument and what was expected.
#pragma once
#include <napi.h>

#include <string>
#include <vector>

#include "../core/adam.h"
#include "../core/device.h"

namespace wgan {

// A Float32Array of exactly `length` elements (any length when length < 0); finite values when asked.
const float* float32Arg(const Napi::Value& v, const std::string& name, long long length, bool requireFinite);
// An Int32Array of exactly `length` elements.
const int32_t* int32Arg(const Napi::Value& v, const std::string& name, long long length);
// An Int32Array of `length` class labels, each in [0, classes).
const int32_t* labelsArg(const Napi::Value& v, const std::string& name, long long length, int classes);
// A whole number in [min, max].
int intArg(const Napi::Value& v, const std::string& name, int min, int max);
// A finite number in [min, max].
double numberArg(const Napi::Value& v, const std::string& name, double min, double max);
// A plain object.
Napi::Object objectArg(const Napi::Value& v, const std::string& name);
// A string.
std::string stringArg(const Napi::Value& v, const std::string& name);
bool boolArg(const Napi::Value& v, const std::string& name);
// Rejects keys of `obj` outside `allowed` (catches misspelt options).
void onlyKeys(const Napi::Object& obj, const std::string& name, const std::vector<std::string>& allowed);

Napi::Float32Array toFloat32Array(Napi::Env env, const float* data, size_t count);
// A device array as a new Float32Array.
Napi::Float32Array hostArray(Napi::Env env, const DeviceArray<float>& a);

// Adam options { lr, beta1, beta2, epsilon }, each optional (the core's defaults otherwise).
AdamOptions parseAdamOptions(const Napi::Value& v, const std::string& name);
// The optional device argument of the test and check methods: true for 'cuda', false for 'cpu' or none.
bool deviceArg(const Napi::Value& v);

}  // namespace wgan
