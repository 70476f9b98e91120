// avgPool2d: non-overlapping mean pooling, stride = poolSize (torch.nn.AvgPool2d(poolSize); the reference's
// ConvMeanPool / MeanPoolConv), a linear map (core/linear_map_layer.h).
#include "../core/errors.h"
#include "../core/layer_registry.h"
#include "../core/linear_map_layer.h"
#include "../kernels/avg_pool.h"

namespace wgan {

namespace {

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "avgPool2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  const int p = spec.integer("poolSize");
  if (in[1] % p != 0 || in[2] % p != 0)
    fail(ErrorCode::InvalidModel, "avgPool2d: poolSize " + std::to_string(p) + " does not divide the input " +
                                      shapeToString(in) + " (height and width must be multiples of it)");
  return std::make_unique<LinearMapLayer<AvgPoolMap>>(in, Shape{in[0], in[1] / p, in[2] / p},
                                                      AvgPoolMap{in[0], in[1], in[2], p}, "avgPool2d");
}

const LayerRegistration registration{{"avgPool2d", {{"poolSize", KeyType::Integer, false, 1, 1024, 2}}, build}};
const bool cpuKernels = addCpuLinearMap<AvgPoolMap>();

}  // namespace
}  // namespace wgan
