#include "elementwise.h"

#include <atomic>
#include <cmath>
#include <cstring>

#include "../kernels/losses.h"
#include "parallel.h"

namespace wgan::cpu {

void addInto(float* u, const float* s, long long count) {
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) u[i] += s[i];
  });
}

// A (sample, channel) plane per item: its small window's rows copied from or to the big plane, the rest of the
// big plane zeroed when it is the target.
void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) {
  const long long bigPlane = static_cast<long long>(w.bigH) * w.bigW, smallPlane = static_cast<long long>(w.smallH) * w.smallW;
  parallelBlocks(static_cast<long long>(n) * w.channels, grainOf(bigPlane), [&](long long begin, long long end) {
    if (!toSmall) std::memset(to + begin * bigPlane, 0, sizeof(float) * (end - begin) * bigPlane);
    for (long long q = begin; q < end; ++q)
      for (int r = 0; r < w.smallH; ++r) {
        const long long bigRow = q * bigPlane + static_cast<long long>(r + w.top) * w.bigW + w.left;
        const long long smallRow = q * smallPlane + static_cast<long long>(r) * w.smallW;
        if (toSmall) std::memcpy(to + smallRow, from + bigRow, sizeof(float) * w.smallW);
        else std::memcpy(to + bigRow, from + smallRow, sizeof(float) * w.smallW);
      }
  });
}

void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  parallelBlocks(static_cast<long long>(n) * size, kElementGrain, [&](long long begin, long long end) {
    for (long long k = begin; k < end; ++k) xhat[k] = interpolateAt(k, real, fake, epsilon, size);
  });
}

void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) {
  bool ok = true;
  for (int i = 0; i < scalarCount && ok; ++i) ok = std::isfinite(scalars[i]);
  std::atomic<bool> valuesOk{true};  // each block stops at its first non-finite value
  if (ok)
    parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
      bool all = true;
      for (long long i = begin; i < end && all; ++i) all = std::isfinite(values[i]);
      if (!all) valuesOk.store(false, std::memory_order_relaxed);
    });
  *finite = ok && valuesOk.load() ? 1 : 0;
}

}  // namespace wgan::cpu
