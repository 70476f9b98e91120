// The JS class NativeModel: converts the arguments and results of a TrainableModel's methods; its only own
// state is whether it is disposed or busy with background work.
#pragma once
#include <napi.h>

#include <memory>

#include "../core/classifier_step.h"
#include "../core/trainable_model.h"

namespace wgan {

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit ModelWrap(const Napi::CallbackInfo& info);

  // The model (core/trainable_model.h decides which copy is current), or an ERR_DISPOSED / ERR_BUSY error
  // when it cannot be used now.
  TrainableModel& use();
  // Throws ERR_DISPOSED / ERR_BUSY when the model cannot be used now.
  void requireUsable() const;
  // Marks the model as used by background work; sync calls then fail with ERR_BUSY.
  void setBusy(bool busy) { busy_ = busy; }
  static ModelWrap* unwrap(const Napi::Value& v, const std::string& name);

 private:
  Napi::Value describe(const Napi::CallbackInfo& info);
  Napi::Value getParams(const Napi::CallbackInfo& info);
  Napi::Value setParams(const Napi::CallbackInfo& info);
  Napi::Value getState(const Napi::CallbackInfo& info);
  Napi::Value setState(const Napi::CallbackInfo& info);
  Napi::Value getGrads(const Napi::CallbackInfo& info);
  Napi::Value predict(const Napi::CallbackInfo& info);
  Napi::Value predictAsync(const Napi::CallbackInfo& info);
  Napi::Value criticLossAndGrads(const Napi::CallbackInfo& info);
  Napi::Value generatorLossAndGrads(const Napi::CallbackInfo& info);
  Napi::Value classifierLossAndGrads(const Napi::CallbackInfo& info);
  Napi::Value adamStep(const Napi::CallbackInfo& info);
  Napi::Value getAdamState(const Napi::CallbackInfo& info);
  Napi::Value setAdamState(const Napi::CallbackInfo& info);
  Napi::Value layerOps(const Napi::CallbackInfo& info);  // a test hook, in layer_ops.cpp
  Napi::Value backwardPaths(const Napi::CallbackInfo& info);  // a test hook, in backward_paths.cpp
  Napi::Value dispose(const Napi::CallbackInfo& info);

  std::unique_ptr<TrainableModel> model_;
  bool busy_ = false;
};

}  // namespace wgan
