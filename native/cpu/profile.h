// Where the CPU backend's time goes: every primitive of CpuDevice adds its wall time to the total of its
// family (the breakdown `wgan-gp bench` prints), and so do the CPU kernels layers bring for themselves
// (core/layer_kernels.h) under "layers". Totals are process-wide and only grow; a reader takes differences.
// Work outside both (the host's bookkeeping) is the remainder.
#pragma once

namespace wgan {

enum class Primitive { Gemm, Im2col, Winograd, Transpose, Elementwise, Normalize, Adam, Layers, Other, Count };
constexpr int kPrimitiveKinds = static_cast<int>(Primitive::Count);

const char* primitiveName(Primitive p);
// Milliseconds spent in `p` since the process started.
double primitiveMs(Primitive p);

// Adds the time from its construction to its end to p's total.
class PrimitiveTimer {
 public:
  explicit PrimitiveTimer(Primitive p);
  ~PrimitiveTimer();
  PrimitiveTimer(const PrimitiveTimer&) = delete;
  PrimitiveTimer& operator=(const PrimitiveTimer&) = delete;

 private:
  Primitive p_;
  long long start_;
};

}  // namespace wgan
