#include "upsample2d.h"

#include "../core/errors.h"
#include "../core/layer_kernels.h"
#include "../core/layer_registry.h"

namespace wgan {

namespace {

UpsampleShape upsampleShape(const Shape& in, int factor) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "upsample2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  return {in[0], in[1], in[2], factor};
}

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Upsample2D>(in, spec.integer("factor"));
}
const LayerRegistration registration{{"upsample2d", {{"factor", KeyType::Integer, false, 1, 64, 2}}, build}};

// The CPU's kernels: loops over the shared bodies.
void forwardCpu(void*, const UpsampleShape& s, const float* x, float* y, int n) {
  const long long count = n * s.outSize();
  for (long long i = 0; i < count; ++i) y[i] = upsampleAt(i, s, x);
}
void adjointCpu(void*, const UpsampleShape& s, const float* gy, float* gx, int n) {
  const long long count = n * s.inSize();
  for (long long i = 0; i < count; ++i) gx[i] = upsampleAdjointAt(i, s, gy);
}
const bool cpuKernels = LayerKernels<UpsampleKernels>::add("cpu", {forwardCpu, adjointCpu});

}  // namespace

Upsample2D::Upsample2D(const Shape& in, int factor)
    : Layer(in, {}), shape_(upsampleShape(in, factor)) {
  out_ = {in[0], in[1] * factor, in[2] * factor};
}

const UpsampleKernels& Upsample2D::kernels() { return LayerKernels<UpsampleKernels>::on(device(), "upsample2d"); }

void Upsample2D::forward(const float* x, float* y, int n, Mode) { kernels().forward(device().queue(), shape_, x, y, n); }

void Upsample2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  kernels().adjoint(device().queue(), shape_, gy, gx, n);
}

void Upsample2D::tangent(const float*, const float*, const float* v, float* w, int n) {
  kernels().forward(device().queue(), shape_, v, w, n);
}

}  // namespace wgan
