// Adam over a model's flat parameter array (PyTorch's update; WGAN-GP defaults 1e-4, 0.5, 0.9).
#pragma once
#include <cstddef>
#include <vector>

namespace wgan {

struct AdamOptions {
  float lr = 1e-4f, beta1 = 0.5f, beta2 = 0.9f, epsilon = 1e-8f;
};

class Adam {
 public:
  Adam(size_t size, const AdamOptions& options) : options_(options), m_(size, 0.f), v_(size, 0.f) {}
  void step(float* params, const float* grads);

  const AdamOptions& options() const { return options_; }
  void setOptions(const AdamOptions& options) { options_ = options; }
  long long stepCount() const { return t_; }
  std::vector<float>& firstMoment() { return m_; }
  std::vector<float>& secondMoment() { return v_; }
  void setStepCount(long long t) { t_ = t; }

 private:
  AdamOptions options_;
  std::vector<float> m_, v_;
  long long t_ = 0;
};

}  // namespace wgan
