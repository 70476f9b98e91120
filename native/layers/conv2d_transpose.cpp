#include "conv2d_transpose.h"

#include "../core/layer_registry.h"
#include "../core/rng.h"

namespace wgan {

namespace {
std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Conv2DTranspose>(in, readConvOptions(spec, true));
}
const LayerRegistration registration{{"conv2dTranspose", convKeys(true), build}};
}  // namespace

Conv2DTranspose::Conv2DTranspose(const Shape& in, const ConvOptions& o)
    : Layer(in, {}), core_(transposedGeometry(in, o), in.size() == 3 ? in[0] : 0) {
  const ConvGeometry& g = core_.geometry();
  out_ = {g.channels, g.height, g.width};
}

std::vector<ParamInfo> Conv2DTranspose::paramInfo() const {
  const ConvGeometry& g = core_.geometry();
  return {{"weight", {core_.filters(), g.channels, g.kernelH, g.kernelW}, true}, {"bias", {g.channels}, true}};
}

// torch.nn.ConvTranspose2d computes fan-in from weight.size(1)·kh·kw = out_channels·kh·kw.
void Conv2DTranspose::initParams(Rng& rng) {
  fanInUniform(rng, params_, weightSize() + core_.geometry().channels, core_.geometry().patch());
}

void Conv2DTranspose::forward(const float* x, float* y, int n, Mode) {
  const ConvGeometry& g = core_.geometry();
  core_.run().backwardData(params_, x, y, n);
  device().addBiasPlanes(y, params_ + weightSize(), n, g.channels, g.height * g.width);
}

void Conv2DTranspose::backwardData(const float*, const float*, const float* gy, float* gx, int n) {
  core_.run().forward(params_, gy, gx, n);
}

void Conv2DTranspose::backwardParams(const float* x, const float*, const float* gy, int n) {
  const ConvGeometry& g = core_.geometry();
  core_.run().backwardFilter(gy, x, grads_, n);
  if (!outputShiftAbsorbed_) device().sumPlanesInto(gy, n, g.channels, g.height * g.width, grads_ + weightSize());
}

void Conv2DTranspose::tangent(const float*, const float*, const float* v, float* w, int n) {
  core_.run().backwardData(params_, v, w, n);
}

// s = <gy, convᵀ(v, W)> = <conv(gy, W), v>: ∂s/∂W = backwardFilter(gy, v).
void Conv2DTranspose::curvature(const float*, const float*, const float* gy, const float* v, float*, int n) {
  core_.run().backwardFilter(gy, v, grads_, n);
}

}  // namespace wgan
