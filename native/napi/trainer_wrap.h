// The JS class NativeTrainer: runs WGAN-GP iterations on a generator and a critic off the main thread
// (an AsyncWorker), so the event loop keeps running while the core trains.
#pragma once
#include <napi.h>

#include <memory>
#include <vector>

#include "../core/rng.h"
#include "../core/wgan_iteration.h"
#include "model_wrap.h"

namespace wgan {

class TrainerWrap : public Napi::ObjectWrap<TrainerWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit TrainerWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value run(const Napi::CallbackInfo& info);
  Napi::Value evaluate(const Napi::CallbackInfo& info);
  Napi::Value getRngState(const Napi::CallbackInfo& info);
  Napi::Value setRngState(const Napi::CallbackInfo& info);
  Napi::Value setLearningRate(const Napi::CallbackInfo& info);
  Napi::Value getEma(const Napi::CallbackInfo& info);
  Napi::Value setEma(const Napi::CallbackInfo& info);
  Napi::Value shard(const Napi::CallbackInfo& info);
  // The real samples' labels of a run or evaluation: `count` classes for a conditional pair (checked in range),
  // none (an error where some are given) for an unconditional one.
  std::vector<int32_t> realLabels(const Napi::Value& v, long long count);
  void requireIdle();
  // Marks the trainer and both models as used by background work (or free again).
  void setRunning(bool running);

  Napi::ObjectReference generatorRef_, criticRef_;
  ModelWrap* generator_ = nullptr;
  ModelWrap* critic_ = nullptr;
  std::unique_ptr<Rng> rng_;
  std::unique_ptr<WganIteration> iteration_;
  bool running_ = false;
  bool onCuda_ = false;  // training runs on the models' CUDA copies
};

}  // namespace wgan
