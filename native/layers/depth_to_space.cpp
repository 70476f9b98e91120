// depthToSpace: sub-pixel rearrangement with PyTorch's PixelShuffle(blockSize) channel order (see
// kernels/depth_to_space.h for how TensorFlow's differs), a linear map (core/linear_map_layer.h).
#include "../core/errors.h"
#include "../core/layer_registry.h"
#include "../core/linear_map_layer.h"
#include "../kernels/depth_to_space.h"

namespace wgan {

namespace {

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  if (in.size() != 3)
    fail(ErrorCode::InvalidModel, "depthToSpace needs an input of shape [channels, height, width], got " + shapeToString(in));
  const int r = spec.integer("blockSize");
  if (in[0] % (r * r) != 0)
    fail(ErrorCode::InvalidModel, "depthToSpace: blockSize " + std::to_string(r) + " needs channels divisible by " +
                                      std::to_string(r * r) + ", got " + shapeToString(in));
  const int c = in[0] / (r * r);
  return std::make_unique<LinearMapLayer<DepthToSpaceMap>>(in, Shape{c, in[1] * r, in[2] * r},
                                                           DepthToSpaceMap{c, in[1], in[2], r}, "depthToSpace");
}

const LayerRegistration registration{{"depthToSpace", {{"blockSize", KeyType::Integer, true, 1, 64}}, build}};
const bool cpuKernels = addCpuLinearMap<DepthToSpaceMap>();

}  // namespace
}  // namespace wgan
