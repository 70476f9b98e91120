// Class labels drawn from the Philox stream (kernels/philox.h), written once for both backends, with the
// launcher table (core/layer_kernels.h): what a conditional training iteration requests of its generator.
#pragma once
#include <cstdint>

#include "../common/hd.h"
#include "../common/types.h"
#include "philox.h"

namespace wgan {

// Draw i of the stream (key, counter): a class in [0, classes), uniform up to 2^-32, in integer arithmetic
// (so both backends draw the same labels). It uses the counters a float draw of the same count uses.
WGAN_HD int32_t philoxLabelAt(uint64_t key, uint64_t counter, uint64_t i, int classes) {
  const PhiloxBlock b = philox4x32(counter + i / 4, key);
  return static_cast<int32_t>((static_cast<uint64_t>(b.v[i % 4]) * static_cast<uint32_t>(classes)) >> 32);
}

struct LabelDrawKernels {
  // labels[i] = philoxLabelAt(rng->key, rng->counter + offset, i, classes) for i < count; rng in device memory
  void (*draw)(void* queue, int32_t* labels, long long count, int classes, const RngControl* rng, uint64_t offset);
};

}  // namespace wgan
