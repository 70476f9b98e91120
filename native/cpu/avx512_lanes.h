// Masks of the lanes of an AVX-512 vector of 16 floats, and loads under them, for the kernels that mask rows at
// their edges.
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>

#include <cstdint>

namespace wgan::cpu {

// Lanes [first, end) of a vector (none where end <= first); 0 <= first, end <= 16.
inline __mmask16 lanes(int first, int end) {
  return end <= first ? 0 : static_cast<__mmask16>(((1u << end) - 1) & ~((1u << first) - 1));
}

// The 16 floats at base[offset..] in the lanes of `mask`, zero elsewhere. Masked-off lanes read nothing, so the
// address may lie outside the buffer: it is formed in integer arithmetic, where a pointer's would be undefined.
__attribute__((target("avx512f"))) inline __m512 loadLanes(__mmask16 mask, const float* base, long long offset) {
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(base) + static_cast<std::uintptr_t>(offset * sizeof(float));
  return _mm512_maskz_loadu_ps(mask, reinterpret_cast<const void*>(at));
}

}  // namespace wgan::cpu
#endif
