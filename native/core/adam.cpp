#include "adam.h"

#include <cmath>

#include "../kernels/adam.h"

namespace wgan {

void Adam::step(float* params, const float* grads) {
  ++t_;
  const AdamScalars a{options_.lr, options_.beta1, options_.beta2, options_.epsilon,
                      static_cast<float>(1.0 - std::pow(options_.beta1, t_)),
                      static_cast<float>(1.0 - std::pow(options_.beta2, t_))};
  for (size_t i = 0; i < m_.size(); ++i) adamUpdate(params[i], m_[i], v_[i], grads[i], a);
}

}  // namespace wgan
