// The JS class NativeModel: owns a compiled Sequential, its optimizer state and step objects.
#pragma once
#include <napi.h>

#include <memory>

#include "../core/adam.h"
#include "../core/classifier_step.h"
#include "../core/critic_step.h"
#include "../core/sequential.h"
#include "device_copy.h"

namespace wgan {

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit ModelWrap(const Napi::CallbackInfo& info);

  // The model, or an ERR_DISPOSED / ERR_BUSY error when it cannot be used now. Values trained on a device
  // copy are pulled first; the caller may change the model, so the copy is refreshed before its next use.
  Sequential& model();
  // The same for callers that change nothing (reads, eval-mode forward passes).
  Sequential& readModel();
  // Throws ERR_DISPOSED / ERR_BUSY when the model cannot be used now.
  void requireUsable() const;
  // The copy on `device` that training runs on, made on first use and refreshed from the host when needed.
  DeviceCopy& onDevice(Device& device);
  // Training changed the device copy: the host model is pulled before its next use.
  void deviceChanged() { deviceNewer_ = true; }
  // The Adam step size of the host optimizer and of the device copy's (the trainer's schedule).
  void setLearningRate(float lr);
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
  std::unique_ptr<DeviceCopy> deviceCopy_;
  bool busy_ = false;
  bool deviceNewer_ = false;   // the device copy holds values the host model lacks
  bool hostChanged_ = false;   // the host model may hold values the device copy lacks
};

AdamOptions parseAdamOptions(const Napi::Value& v, const std::string& name);
// The optional device argument of the test and check methods: true for 'cuda', false for 'cpu' or none.
bool deviceArg(const Napi::Value& v);

}  // namespace wgan
