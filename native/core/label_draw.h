// Uniform class labels from the Philox stream on a device (kernels/label_draw.h): the requested labels of a
// conditional iteration's fakes, drawn inside the iteration (no host work, so it records as a CUDA graph).
#pragma once
#include <cstdint>

#include "device.h"

namespace wgan {

// labels[i] ~ U{0..classes-1}, draw i of the stream (rng->key, rng->counter + offset); labels and rng in the
// device's memory. Advances nothing: the caller counts (count + 3) / 4 counters, as for a float draw.
void drawLabels(Device& device, int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset);

}  // namespace wgan
