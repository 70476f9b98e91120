#include "conv2d.h"

#include "../core/layer_registry.h"
#include "../core/rng.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Conv2D>(in, readConvOptions(spec, false));
}
const LayerRegistration registration{{"conv2d", convKeys(false), build}};
}  // namespace

Conv2D::Conv2D(const Shape& in, const ConvOptions& o) : Layer(in, {}), core_(convGeometry(in, o), o.filters) {
  out_ = {o.filters, core_.geometry().outHeight, core_.geometry().outWidth};
}

std::vector<ParamInfo> Conv2D::paramInfo() const {
  const ConvGeometry& g = core_.geometry();
  return {{"weight", {core_.filters(), g.channels, g.kernelH, g.kernelW}, true}, {"bias", {core_.filters()}, true}};
}

void Conv2D::initParams(Rng& rng) { fanInUniform(rng, params_, weightSize() + core_.filters(), core_.geometry().patch()); }

void Conv2D::forward(const float* x, float* y, int n, Mode) {
  core_.run().forward(params_, x, y, n);
  device().addBiasPlanes(y, params_ + weightSize(), n, core_.filters(), core_.geometry().pixels());
}

void Conv2D::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  core_.run().backwardData(params_, gy, gx, n);
}

void Conv2D::backwardParams(const float* x, const float*, const float* gy, int n) {
  core_.run().backwardFilter(x, gy, grads_, n);
  if (!outputShiftAbsorbed_) device().sumPlanesInto(gy, n, core_.filters(), core_.geometry().pixels(), grads_ + weightSize());
}

void Conv2D::tangent(const float*, const float*, const float* v, float* w, int n) {
  core_.run().forward(params_, v, w, n);
}

// s = <gy, conv(v, W)> is linear in x: only ∂s/∂W = backwardFilter(v, gy).
void Conv2D::curvature(const float*, const float*, const float* gy, const float* v, float*, int n) {
  core_.run().backwardFilter(v, gy, grads_, n);
}

}  // namespace wgan
