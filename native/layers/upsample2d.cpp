// upsample2d: nearest-neighbour upsampling by `factor` (torch.nn.Upsample(scale_factor=factor, mode='nearest');
// the reference's four tiled copies + depth_to_space), a linear map (core/linear_map_layer.h).
#include "../core/errors.h"
#include "../core/layer_registry.h"
#include "../core/linear_map_layer.h"
#include "../kernels/upsample.h"

namespace wgan {

namespace {

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "upsample2d needs an input of shape [channels, height, width], got " + shapeToString(in));
  const int f = spec.integer("factor");
  return std::make_unique<LinearMapLayer<UpsampleMap>>(in, Shape{in[0], in[1] * f, in[2] * f},
                                                       UpsampleMap{in[0], in[1], in[2], f}, "upsample2d");
}

const LayerRegistration registration{{"upsample2d", {{"factor", KeyType::Integer, false, 1, 64, 2}}, build}};
const bool cpuKernels = addCpuLinearMap<UpsampleMap>();

}  // namespace
}  // namespace wgan
