// Module entry: the NativeModel class, the trainer, build/runtime information and the thread count.
#include <napi.h>

#include "../cpu/gemm.h"
#include "../cpu/parallel.h"
#include "args.h"
#include "js_error.h"
#include "model_wrap.h"
#include "trainer_wrap.h"

namespace wgan {

namespace {

Napi::Value runtimeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("blas", blasName());
  out.Set("threads", threadCount());
  out.Set("hardwareThreads", hardwareThreads());
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("compiled", false);
  cuda.Set("available", false);
  cuda.Set("reason", "this build has no CUDA backend");
  out.Set("cuda", cuda);
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
