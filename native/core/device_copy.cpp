#include "device_copy.h"

namespace wgan {

namespace {
// Host arrays are in the CPU device's memory, which is host memory.
void toDevice(DeviceArray<float>& to, DeviceArray<float>& from, Device& device) { device.upload(to.data(), from.data(), to.bytes()); }
void toHost(DeviceArray<float>& to, DeviceArray<float>& from, Device& device) { device.download(to.data(), from.data(), to.bytes()); }
}  // namespace

DeviceCopy::DeviceCopy(Sequential& host, Adam* hostAdam, Device& device)
    : model_(host.spec(), 0, device), adam_(device, host.params().size(), hostAdam ? hostAdam->options() : AdamOptions{}) {
  push(host, hostAdam);
}

CriticStep& DeviceCopy::criticStep() {
  if (!criticStep_) criticStep_ = std::make_unique<CriticStep>(model_);
  return *criticStep_;
}

void DeviceCopy::push(Sequential& host, Adam* hostAdam) {
  Device& device = model_.device();
  toDevice(model_.params(), host.params(), device);
  toDevice(model_.state(), host.state(), device);
  if (!hostAdam) return;
  toDevice(adam_.firstMoment(), hostAdam->firstMoment(), device);
  toDevice(adam_.secondMoment(), hostAdam->secondMoment(), device);
  adam_.setOptions(hostAdam->options());
  adam_.setStepCount(hostAdam->stepCount());
}

void DeviceCopy::pull(Sequential& host, Adam& hostAdam) {
  Device& device = model_.device();
  toHost(host.params(), model_.params(), device);
  toHost(host.state(), model_.state(), device);
  toHost(host.grads(), model_.grads(), device);
  toHost(hostAdam.firstMoment(), adam_.firstMoment(), device);
  toHost(hostAdam.secondMoment(), adam_.secondMoment(), device);
  hostAdam.setOptions(adam_.options());
  hostAdam.setStepCount(adam_.stepCount());
}

}  // namespace wgan
