#include "random.h"

#include "../kernels/philox.h"
#include "parallel.h"

namespace wgan::cpu {

void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) out[i] = lo + (hi - lo) * philoxUniformAt(rng->key, rng->counter + offset, i);
  });
}

void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) {
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) out[i] = philoxNormalAt(rng->key, rng->counter + offset, i);
  });
}

}  // namespace wgan::cpu
