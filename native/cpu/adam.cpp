#include "adam.h"

#include "../kernels/adam.h"

namespace wgan::cpu {

void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) {
  if (apply && !*apply) return;
  for (long long i = 0; i < count; ++i) ema[i] = emaAt(params[i], ema[i], *beta);
}

void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control, const int* apply) {
  if (apply && !*apply) return;
  const AdamScalars a = adamScalars(*control, control->t + 1);
  for (long long i = 0; i < count; ++i) wgan::adamUpdate(params[i], m[i], v[i], grads[i], a);
  ++control->t;
}

}  // namespace wgan::cpu
