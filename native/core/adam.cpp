#include "adam.h"

namespace wgan {

Adam::Adam(Device& device, size_t size, const AdamOptions& options)
    : device_(device), m_(device, size), v_(device, size), control_(device, 1) {
  setOptions(options);
}

void Adam::step(float* params, const float* grads, const int* apply) {
  device_.adamUpdate(params, m_.data(), v_.data(), grads, static_cast<long long>(m_.size()), control_.data(), apply);
}

AdamControl Adam::readControl() const {
  AdamControl c{};
  control_.download(&c);
  return c;
}

AdamOptions Adam::options() const {
  const AdamControl c = readControl();
  return {c.lr, c.beta1, c.beta2, c.epsilon};
}

void Adam::setOptions(const AdamOptions& o) {
  const AdamControl c{o.lr, o.beta1, o.beta2, o.epsilon, stepCount()};
  control_.upload(&c);
}

long long Adam::stepCount() const { return readControl().t; }

void Adam::setStepCount(long long t) {
  AdamControl c = readControl();
  c.t = t;
  control_.upload(&c);
}

}  // namespace wgan
