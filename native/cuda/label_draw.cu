// The label draw of conditional iterations (kernels/label_draw.h), registered for the cuda backend.
#include "../core/layer_kernels.h"
#include "../kernels/label_draw.h"
#include "launch.h"

namespace wgan::cuda {

namespace {

__global__ void drawKernel(int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset) {
  WGAN_FOR_EACH(i, count) labels[i] = philoxLabelAt(rng->key, rng->counter + offset, i, classes);
}

void draw(void* queue, int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset) {
  drawKernel<<<blocksFor(count), kThreads, 0, static_cast<cudaStream_t>(queue)>>>(labels, count, classes, rng, offset);
  launched();
}

const bool registered = LayerKernels<LabelDrawKernels>::add("cuda", {draw});

}  // namespace
}  // namespace wgan::cuda
