// Adam over a model's flat parameter array (PyTorch's update; WGAN-GP defaults 1e-4, 0.5, 0.9), on the
// model's device. Its options and step count live in device memory (AdamControl) so that a replayed
// graph uses the current learning rate, and an update skipped for non-finite gradients is not counted.
#pragma once
#include <cstddef>

#include "device.h"

namespace wgan {

struct AdamOptions {
  float lr = 1e-4f, beta1 = 0.5f, beta2 = 0.9f, epsilon = 1e-8f;
};

class Adam {
 public:
  Adam(Device& device, size_t size, const AdamOptions& options);
  // One update with `grads`, skipped when *apply == 0 (apply in device memory, may be null).
  void step(float* params, const float* grads, const int* apply = nullptr);

  AdamOptions options() const;
  void setOptions(const AdamOptions& options);
  long long stepCount() const;
  void setStepCount(long long t);
  DeviceArray<float>& firstMoment() { return m_; }
  DeviceArray<float>& secondMoment() { return v_; }

 private:
  AdamControl readControl() const;
  Device& device_;
  DeviceArray<float> m_, v_;
  DeviceArray<AdamControl> control_;
};

}  // namespace wgan
