// The CPU's element-wise primitives: accumulation, the crop window, the penalty's interpolation, and the
// finiteness check.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

void addInto(float* u, const float* s, long long count);
void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall);
void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size);
void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite);

}  // namespace wgan::cpu
