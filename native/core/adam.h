// Adam over a model's flat parameter array (PyTorch's update; WGAN-GP defaults 1e-4, 0.5, 0.9), on the
// model's device. Its options and step count live in device memory (AdamControl) so that a replayed
// graph uses the current learning rate, and an update skipped for non-finite gradients is not counted.
#pragma once
#include <cstddef>

#include "device.h"

namespace wgan {

// The WGAN-GP defaults of Adam (Gulrajani et al., Algorithm 1), the one home of these numbers: the
// TypeScript side reads them through runtimeInfo().facts.adam. Doubles, so JS sees 1e-4 and not the
// float nearest to it; as floats they are the same values as the literals 1e-4f, 0.9f, 1e-8f.
struct AdamDefaults {
  static constexpr double lr = 1e-4, beta1 = 0.5, beta2 = 0.9, epsilon = 1e-8;
};

struct AdamOptions {
  float lr = static_cast<float>(AdamDefaults::lr), beta1 = static_cast<float>(AdamDefaults::beta1),
        beta2 = static_cast<float>(AdamDefaults::beta2), epsilon = static_cast<float>(AdamDefaults::epsilon);
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
