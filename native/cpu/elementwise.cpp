#include "elementwise.h"

#include <cmath>
#include <cstring>

#include "../kernels/losses.h"

namespace wgan::cpu {

void addInto(float* u, const float* s, long long count) {
  for (long long i = 0; i < count; ++i) u[i] += s[i];
}

void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) {
  if (!toSmall) std::memset(to, 0, sizeof(float) * static_cast<size_t>(n) * w.channels * w.bigH * w.bigW);
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < w.channels; ++ch)
      for (int r = 0; r < w.smallH; ++r) {
        const long long bigRow = ((static_cast<long long>(b) * w.channels + ch) * w.bigH + r + w.top) * w.bigW + w.left;
        const long long smallRow = ((static_cast<long long>(b) * w.channels + ch) * w.smallH + r) * w.smallW;
        if (toSmall) std::memcpy(to + smallRow, from + bigRow, sizeof(float) * w.smallW);
        else std::memcpy(to + bigRow, from + smallRow, sizeof(float) * w.smallW);
      }
}

void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  const long long count = static_cast<long long>(n) * size;
  for (long long k = 0; k < count; ++k) xhat[k] = interpolateAt(k, real, fake, epsilon, size);
}

void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) {
  bool ok = true;
  for (int i = 0; i < scalarCount && ok; ++i) ok = std::isfinite(scalars[i]);
  for (long long i = 0; i < count && ok; ++i) ok = std::isfinite(values[i]);
  *finite = ok ? 1 : 0;
}

}  // namespace wgan::cpu
