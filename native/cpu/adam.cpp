#include "adam.h"

#include "../kernels/adam.h"
#include "parallel.h"

namespace wgan::cpu {

void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) {
  if (apply && !*apply) return;
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) ema[i] = emaAt(params[i], ema[i], *beta);
  });
}

void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control, const int* apply) {
  if (apply && !*apply) return;
  const AdamScalars a = adamScalars(*control, control->t + 1);
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) wgan::adamUpdate(params[i], m[i], v[i], grads[i], a);
  });
  ++control->t;
}

}  // namespace wgan::cpu
