// The JS class NativeModel: owns a compiled Sequential, its optimizer state and step objects.
#pragma once
#include <napi.h>

#include <memory>

#include "../core/adam.h"
#include "../core/classifier_step.h"
#include "../core/critic_step.h"
#include "../core/sequential.h"

namespace wgan {

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit ModelWrap(const Napi::CallbackInfo& info);

  // The model, or an ERR_DISPOSED / ERR_BUSY error when it cannot be used now.
  Sequential& model();
  Sequential* modelOrNull() { return model_.get(); }
  Adam& adam(const AdamOptions& options);
  CriticStep& criticStep();
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
  Napi::Value layerOps(const Napi::CallbackInfo& info);
  Napi::Value dispose(const Napi::CallbackInfo& info);

  std::unique_ptr<Sequential> model_;
  std::unique_ptr<Adam> adam_;
  std::unique_ptr<CriticStep> criticStep_;
  bool busy_ = false;
};

AdamOptions parseAdamOptions(const Napi::Value& v, const std::string& name);

}  // namespace wgan
