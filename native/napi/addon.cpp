// Module entry: the NativeModel class, the trainer, build/runtime information and the thread count.
#include <napi.h>

#include <algorithm>
#include <string>

#include "../cpu/gemm.h"
#include "../cpu/parallel.h"
#include "../cuda/probe.h"
#include "args.h"
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

Napi::Value runtimeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("blas", blasName());
  out.Set("threads", threadCount());
  out.Set("hardwareThreads", hardwareThreads());
  out.Set("target", buildTargetToJs(env));
  out.Set("cuda", cudaStatusToJs(env, probeCuda()));
  return out;
}

Napi::Value setThreads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    setThreadCount(intArg(info[0], "threads", 1, 1024));
    return info.Env().Undefined();
  });
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeModel", ModelWrap::define(env));
  exports.Set("NativeTrainer", TrainerWrap::define(env));
  exports.Set("runtimeInfo", Napi::Function::New(env, runtimeInfo));
  exports.Set("setThreads", Napi::Function::New(env, setThreads));
  setThreadCount(0);
  return exports;
}

}  // namespace
}  // namespace wgan

static Napi::Object initAddon(Napi::Env env, Napi::Object exports) { return wgan::init(env, exports); }
NODE_API_MODULE(wgan_gp, initAddon)
