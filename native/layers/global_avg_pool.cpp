// globalAvgPool: the mean over height and width, [C, H, W] → [C], a linear map (core/linear_map_layer.h).
#include "../core/errors.h"
#include "../core/layer_registry.h"
#include "../core/linear_map_layer.h"
#include "../kernels/global_avg_pool.h"

namespace wgan {

namespace {

std::unique_ptr<Layer> build(const SpecReader&, const Shape& in) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "globalAvgPool needs an input of shape [channels, height, width], got " + shapeToString(in));
  return std::make_unique<LinearMapLayer<GlobalAvgPoolMap>>(in, Shape{in[0]}, GlobalAvgPoolMap{in[0], in[1] * in[2]},
                                                            "globalAvgPool");
}

const LayerRegistration registration{{"globalAvgPool", {}, build}};
const bool cpuKernels = addCpuLinearMap<GlobalAvgPoolMap>();

}  // namespace
}  // namespace wgan
