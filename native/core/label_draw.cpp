#include "label_draw.h"

#include "../kernels/label_draw.h"
#include "layer_kernels.h"

namespace wgan {

namespace {

void drawCpu(void*, int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset) {
  for (long long i = 0; i < count; ++i) labels[i] = philoxLabelAt(rng->key, rng->counter + offset, i, classes);
}
const bool cpuKernels = LayerKernels<LabelDrawKernels>::add("cpu", {drawCpu});

}  // namespace

void drawLabels(Device& device, int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset) {
  LayerKernels<LabelDrawKernels>::on(device, "the label draw").draw(device.queue(), labels, count, classes, rng, offset);
}

}  // namespace wgan
