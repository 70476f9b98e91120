#include "trainable_model.h"

#include "errors.h"

namespace wgan {

Sequential& TrainableModel::readHost() {
  if (deviceNewer_) {
    if (!adam_) adam_ = std::make_unique<Adam>(host_.device(), host_.params().size(), AdamOptions{});
    deviceCopy_->pull(host_, *adam_);
    deviceNewer_ = false;
  }
  return host_;
}

Sequential& TrainableModel::host() {
  Sequential& m = readHost();
  hostChanged_ = true;
  return m;
}

DeviceCopy& TrainableModel::onDevice(Device& device) {
  if (deviceCopy_ && &deviceCopy_->model().device() != &device)
    fail(ErrorCode::Unsupported, "the model is already used on another device");
  if (!deviceCopy_) deviceCopy_ = std::make_unique<DeviceCopy>(host_, adam_.get(), device);
  else if (hostChanged_) deviceCopy_->push(host_, adam_.get());
  hostChanged_ = false;
  return *deviceCopy_;
}

Adam& TrainableModel::adam(const AdamOptions& options) {
  Sequential& m = host();
  if (!adam_) adam_ = std::make_unique<Adam>(m.device(), m.params().size(), options);
  return *adam_;
}

void TrainableModel::setLearningRate(float lr) {
  for (Adam* a : {adam_.get(), deviceCopy_ ? &deviceCopy_->adam() : nullptr}) {
    if (!a) continue;
    AdamOptions options = a->options();
    options.lr = lr;
    a->setOptions(options);
  }
}

CriticStep& TrainableModel::criticStep() {
  Sequential& m = host();
  if (!criticStep_) criticStep_ = std::make_unique<CriticStep>(m);
  return *criticStep_;
}

}  // namespace wgan
