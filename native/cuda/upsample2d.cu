// The CUDA kernels of layers/upsample2d.cpp (kernels/upsample.h).
#include "../kernels/upsample.h"
#include "linear_map.h"

namespace wgan::cuda {
namespace {
const bool registered = addCudaLinearMap<UpsampleMap>();
}  // namespace
}  // namespace wgan::cuda
