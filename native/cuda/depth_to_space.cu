// The CUDA kernels of layers/depth_to_space.cpp (kernels/depth_to_space.h).
#include "../kernels/depth_to_space.h"
#include "linear_map.h"

namespace wgan::cuda {
namespace {
const bool registered = addCudaLinearMap<DepthToSpaceMap>();
}  // namespace
}  // namespace wgan::cuda
