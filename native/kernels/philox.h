// Philox4x32-10 (Salmon et al. 2011): a counter-based generator. Draw i of a stream is a pure function
// of (key, counter + i), so a run can be resumed from two integers and the CUDA backend can draw the
// same numbers in any thread order.
#pragma once
#include <cmath>
#include <cstdint>

#include "../common/hd.h"

namespace wgan {

struct PhiloxBlock {
  uint32_t v[4];
};

WGAN_HD void philoxMulHiLo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

WGAN_HD PhiloxBlock philox4x32(uint64_t counter, uint64_t key) {
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32), c2 = 0, c3 = 0;
  uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philoxMulHiLo(0xD2511F53u, c0, hi0, lo0);
    philoxMulHiLo(0xCD9E8D57u, c2, hi1, lo1);
    const uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return PhiloxBlock{{c0, c1, c2, c3}};
}

// A uniform float in (0, 1]: never 0, so log() below stays finite.
WGAN_HD float philoxUniform(uint32_t bits) { return (static_cast<float>(bits >> 8) + 1.f) * (1.f / 16777216.f); }

// Element i of a uniform (0,1] stream.
WGAN_HD float philoxUniformAt(uint64_t key, uint64_t counter, uint64_t i) {
  const PhiloxBlock b = philox4x32(counter + i / 4, key);
  return philoxUniform(b.v[i % 4]);
}

// Element i of a standard normal stream (Box-Muller over one Philox block: two normals per pair).
WGAN_HD float philoxNormalAt(uint64_t key, uint64_t counter, uint64_t i) {
  const PhiloxBlock b = philox4x32(counter + i / 4, key);
  const int pair = static_cast<int>(i % 4) / 2;
  const float u1 = philoxUniform(b.v[2 * pair]), u2 = philoxUniform(b.v[2 * pair + 1]);
  const float r = sqrtf(-2.f * logf(u1));
  const float theta = 6.2831853071795864f * u2;
  return (i % 2 == 0) ? r * cosf(theta) : r * sinf(theta);
}

}  // namespace wgan
