#include "profile.h"

#include <atomic>
#include <chrono>

namespace wgan {

namespace {

std::atomic<long long> gNanos[kPrimitiveKinds];

long long now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

const char* primitiveName(Primitive p) {
  static const char* const names[kPrimitiveKinds] = {"gemm", "im2col", "winograd", "transpose", "elementwise", "normalize", "adam", "layers", "other"};
  return names[static_cast<int>(p)];
}

double primitiveMs(Primitive p) { return gNanos[static_cast<int>(p)].load(std::memory_order_relaxed) / 1e6; }

PrimitiveTimer::PrimitiveTimer(Primitive p) : p_(p), start_(now()) {}

PrimitiveTimer::~PrimitiveTimer() { gNanos[static_cast<int>(p_)].fetch_add(now() - start_, std::memory_order_relaxed); }

}  // namespace wgan
