// A model as the binding holds it: the host Sequential (what parameters, state, checkpoints and predict
// read and write), its optimizer and critic step, and a copy on another device that training may run on.
// Which copy is current is decided here: values trained on the device copy are pulled before the host model
// is used, and host changes are pushed before the copy is used again.
#pragma once
#include <memory>

#include "adam.h"
#include "critic_step.h"
#include "device_copy.h"
#include "sequential.h"

namespace wgan {

class TrainableModel {
 public:
  TrainableModel(const ModelSpec& spec, uint64_t seed) : host_(spec, seed) {}

  // The host model, current, for a caller that may change it (the device copy is refreshed before its next use).
  Sequential& host();
  // The host model, current, for a caller that only reads it.
  Sequential& readHost();
  // The model's shapes and sizes, which no copy changes.
  const Sequential& layout() const { return host_; }

  // The copy on `device` that training runs on, made on first use and refreshed from the host when needed.
  DeviceCopy& onDevice(Device& device);
  // Training changed the device copy: the host model is pulled before its next use.
  void deviceChanged() { deviceNewer_ = true; }

  // The host optimizer, made with `options` on first use; null until then.
  Adam& adam(const AdamOptions& options);
  Adam* adamOrNull() { return adam_.get(); }
  // The Adam step size of the host optimizer and of the device copy's (the trainer's schedule).
  void setLearningRate(float lr);
  CriticStep& criticStep();

 private:
  Sequential host_;
  std::unique_ptr<Adam> adam_;
  std::unique_ptr<CriticStep> criticStep_;
  std::unique_ptr<DeviceCopy> deviceCopy_;
  bool deviceNewer_ = false;  // the device copy holds values the host model lacks
  bool hostChanged_ = false;  // the host model may hold values the device copy lacks
};

}  // namespace wgan
