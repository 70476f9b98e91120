// Masks of the lanes of an AVX-512 vector of 16 floats, for the kernels that mask rows at their edges.
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>

namespace wgan::cpu {

// Lanes [first, end) of a vector (none where end <= first); 0 <= first, end <= 16.
inline __mmask16 lanes(int first, int end) {
  return end <= first ? 0 : static_cast<__mmask16>(((1u << end) - 1) & ~((1u << first) - 1));
}

}  // namespace wgan::cpu
#endif
