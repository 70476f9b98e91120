// Module entry: the NativeModel class, the trainer, build/runtime information, the thread count and the
// distributed functions (distributed_wrap.h).
#include <napi.h>

#include <algorithm>
#include <string>

#include "../core/adam.h"
#include "../core/errors.h"
#include "../core/layer.h"
#include "../core/wgan_iteration.h"
#include "../cpu/avx512_gemm.h"
#include "../cpu/gemm.h"
#include "../cpu/parallel.h"
#include "../cpu/profile.h"
#include "../core/layer_registry.h"
#include "../cuda/probe.h"
#include "args.h"
#include "distributed_wrap.h"
#include "js_error.h"
#include "model_wrap.h"
#include "trainer_wrap.h"

#define WGAN_STRINGIZE(...) #__VA_ARGS__
#define WGAN_STRING(...) WGAN_STRINGIZE(__VA_ARGS__)

// The CPU features this binary was compiled for ("avx2,fma,f16c"; native/build-helpers/targets.cjs), in a
// section of their own: the loader (native/build-helpers/cpu-check.cjs) reads them from the file and names
// a feature this CPU lacks before loading it, where running it would die of "Illegal instruction".
// NUL-padded to a fixed size, so that a test can rewrite the list in a copy of the binary.
[[gnu::used, gnu::section(".wgan_gp_cpu")]] static const char kCpuFeatures[64] = WGAN_STRING(WGAN_GP_CPU_FEATURES);

namespace wgan {

namespace {

#if defined(__x86_64__)
constexpr const char* kTargetArch = "x64";
#elif defined(__aarch64__)
constexpr const char* kTargetArch = "arm64";
#else
constexpr const char* kTargetArch = "other";
#endif

// What the binary was built for: the architecture (as Node names it) and the CPU features it needs.
Napi::Object buildTargetToJs(Napi::Env env) {
  Napi::Object target = Napi::Object::New(env);
  target.Set("arch", kTargetArch);
  Napi::Array features = Napi::Array::New(env);
  std::string list = kCpuFeatures;
  for (size_t begin = 0; begin < list.size();) {
    const size_t end = std::min(list.find(',', begin), list.size());
    features.Set(features.Length(), list.substr(begin, end - begin));
    begin = end + 1;
  }
  target.Set("cpuFeatures", features);
  return target;
}

Napi::Object cudaStatusToJs(Napi::Env env, const CudaStatus& s) {
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("compiled", s.compiled);
  cuda.Set("available", s.available);
  cuda.Set("reason", s.reason);
  if (!s.compiled) return cuda;
  cuda.Set("driverVersion", s.driverVersion);
  cuda.Set("runtimeVersion", s.runtimeVersion);
  Napi::Array gpus = Napi::Array::New(env, s.gpus.size());
  for (size_t i = 0; i < s.gpus.size(); ++i) {
    Napi::Object g = Napi::Object::New(env);
    g.Set("name", s.gpus[i].name);
    g.Set("computeCapability", std::to_string(s.gpus[i].major) + "." + std::to_string(s.gpus[i].minor));
    g.Set("memoryMB", static_cast<double>(s.gpus[i].memoryMB));
    gpus.Set(static_cast<uint32_t>(i), g);
  }
  cuda.Set("gpus", gpus);
  cuda.Set("convolutions", s.convolutions);
  for (const CudaLibrary& lib : s.libraries) {
    Napi::Object l = Napi::Object::New(env);
    l.Set("loaded", lib.loaded);
    if (lib.loaded) {
      l.Set("path", lib.path);
      l.Set("version", lib.version);
    } else {
      l.Set("error", lib.error);
    }
    cuda.Set(lib.name == "cuDNN" ? "cudnn" : "cublas", l);
  }
  return cuda;
}

// Facts that TypeScript needs too, each read from its one native home: limits, defaults, error codes.
Napi::Object factsToJs(Napi::Env env) {
  Napi::Object facts = Napi::Object::New(env);
  facts.Set("maxElements", static_cast<double>(kMaxElements));
  facts.Set("maxBatch", kMaxBatch);
  facts.Set("lambda", static_cast<double>(WganOptions{}.lambda));
  facts.Set("acganScale", WganOptions{}.acganScale);
  facts.Set("acganScaleG", WganOptions{}.acganScaleG);
  Napi::Object adam = Napi::Object::New(env);
  adam.Set("lr", AdamDefaults::lr);
  adam.Set("beta1", AdamDefaults::beta1);
  adam.Set("beta2", AdamDefaults::beta2);
  adam.Set("epsilon", AdamDefaults::epsilon);
  facts.Set("adam", adam);
  return facts;
}

Napi::Array errorCodesToJs(Napi::Env env) {
  const std::vector<std::string> names = errorCodeNames();
  Napi::Array codes = Napi::Array::New(env, names.size());
  for (size_t i = 0; i < names.size(); ++i) codes.Set(static_cast<uint32_t>(i), names[i]);
  return codes;
}

Napi::Value runtimeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("blas", blasName());
  out.Set("avx512Gemm", cpu::avx512GemmRuns());
  out.Set("threads", threadCount());
  out.Set("hardwareThreads", hardwareThreads());
  out.Set("target", buildTargetToJs(env));
  out.Set("cuda", cudaStatusToJs(env, probeCuda()));
  out.Set("facts", factsToJs(env));
  out.Set("errorCodes", errorCodesToJs(env));
  return out;
}

// The layer kinds of the registry with the keys each accepts: what TypeScript's LayerSpec is held equal to.
Napi::Value layerTypes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto kinds = layerKinds();
  Napi::Array out = Napi::Array::New(env, kinds.size());
  for (size_t i = 0; i < kinds.size(); ++i) {
    Napi::Array keys = Napi::Array::New(env, kinds[i]->keys.size());
    for (size_t k = 0; k < kinds[i]->keys.size(); ++k) {
      const SpecKey& key = kinds[i]->keys[k];
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", key.name);
      o.Set("type", keyTypeName(key.type));
      o.Set("required", key.required);
      if (key.type != KeyType::Shape && key.type != KeyType::Layers) {
        o.Set("min", key.min);
        o.Set("max", key.max);
      }
      if (!key.required && (key.type == KeyType::Integer || key.type == KeyType::Number)) o.Set("default", key.fallback);
      keys.Set(static_cast<uint32_t>(k), o);
    }
    Napi::Object kind = Napi::Object::New(env);
    kind.Set("type", kinds[i]->type);
    kind.Set("keys", keys);
    out.Set(static_cast<uint32_t>(i), kind);
  }
  return out;
}

Napi::Value setThreads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    setThreadCount(intArg(info[0], "threads", 1, 1024));
    return info.Env().Undefined();
  });
}

// Milliseconds the CPU backend has spent in each primitive family since the process started (cpu/profile.h).
Napi::Value primitiveTimes(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  for (int p = 0; p < kPrimitiveKinds; ++p)
    out.Set(primitiveName(static_cast<Primitive>(p)), primitiveMs(static_cast<Primitive>(p)));
  return out;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeModel", ModelWrap::define(env));
  exports.Set("NativeTrainer", TrainerWrap::define(env));
  exports.Set("runtimeInfo", Napi::Function::New(env, runtimeInfo));
  exports.Set("layerTypes", Napi::Function::New(env, layerTypes));
  exports.Set("setThreads", Napi::Function::New(env, setThreads));
  exports.Set("primitiveTimes", Napi::Function::New(env, primitiveTimes));
  defineDistributed(env, exports);
  setThreadCount(0);
  return exports;
}

}  // namespace
}  // namespace wgan

static Napi::Object initAddon(Napi::Env env, Napi::Object exports) { return wgan::init(env, exports); }
NODE_API_MODULE(wgan_gp, initAddon)
