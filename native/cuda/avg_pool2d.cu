// The CUDA kernels of layers/avg_pool2d.cpp (kernels/avg_pool.h).
#include "../kernels/avg_pool.h"
#include "linear_map.h"

namespace wgan::cuda {
namespace {
const bool registered = addCudaLinearMap<AvgPoolMap>();
}  // namespace
}  // namespace wgan::cuda
