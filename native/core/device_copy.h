// A model's copy on another device (the CUDA backend). The host model stays the one the JS API reads and
// writes (parameters, state, optimizer, predict, checkpoints); training runs on the copy. TrainableModel
// (core/trainable_model.h) moves values between the two only when one side has changed: push before the
// copy is used, pull before the host model is.
#pragma once
#include <memory>

#include "adam.h"
#include "critic_step.h"
#include "sequential.h"

namespace wgan {

class DeviceCopy {
 public:
  DeviceCopy(Sequential& host, Adam* hostAdam, Device& device);
  Sequential& model() { return model_; }
  Adam& adam() { return adam_; }
  CriticStep& criticStep();
  // host → copy: parameters, state and (when the host has one) the optimizer
  void push(Sequential& host, Adam* hostAdam);
  // copy → host: parameters, state, gradients and the optimizer (made on the host when missing)
  void pull(Sequential& host, Adam& hostAdam);

 private:
  Sequential model_;
  Adam adam_;
  std::unique_ptr<CriticStep> criticStep_;
};

}  // namespace wgan
