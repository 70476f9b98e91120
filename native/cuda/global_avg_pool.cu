// The CUDA kernels of layers/global_avg_pool.cpp (kernels/global_avg_pool.h).
#include "../kernels/global_avg_pool.h"
#include "linear_map.h"

namespace wgan::cuda {
namespace {
const bool registered = addCudaLinearMap<GlobalAvgPoolMap>();
}  // namespace
}  // namespace wgan::cuda
