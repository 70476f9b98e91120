// The CPU's Philox fills (kernels/philox.h): draw i of the stream (key, counter + offset).
#pragma once
#include <cstdint>

#include "../common/types.h"

namespace wgan::cpu {

void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset);
void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset);

}  // namespace wgan::cpu
