// The CPU's Adam update over kernels/adam.h.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply);
void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control, const int* apply);

}  // namespace wgan::cpu
