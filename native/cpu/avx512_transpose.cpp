#include "avx512_transpose.h"

#include <cstdlib>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wgan::cpu {

#if defined(__x86_64__)

namespace {

// One 16 × 16 tile: pairs of rows interleaved, then pairs of pairs, then the 128-bit lanes in two rounds.
__attribute__((target("avx512f"))) void tile(const float* from, long long ldFrom, float* to, long long ldTo) {
  __m512 r[16], t[16];
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(from + i * ldFrom);
#pragma GCC unroll 8
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
#pragma GCC unroll 4
  for (int g = 0; g < 16; g += 4) {
    r[g] = _mm512_shuffle_ps(t[g], t[g + 2], 0x44);
    r[g + 1] = _mm512_shuffle_ps(t[g], t[g + 2], 0xee);
    r[g + 2] = _mm512_shuffle_ps(t[g + 1], t[g + 3], 0x44);
    r[g + 3] = _mm512_shuffle_ps(t[g + 1], t[g + 3], 0xee);
  }
#pragma GCC unroll 2
  for (int h = 0; h < 16; h += 8)
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) {
      t[h + j] = _mm512_shuffle_f32x4(r[h + j], r[h + 4 + j], 0x88);
      t[h + 4 + j] = _mm512_shuffle_f32x4(r[h + j], r[h + 4 + j], 0xdd);
    }
#pragma GCC unroll 8
  for (int j = 0; j < 8; ++j) {
    r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
    r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
  }
#pragma GCC unroll 16
  for (int j = 0; j < 16; ++j) _mm512_storeu_ps(to + j * ldTo, r[j]);
}

}  // namespace

void avx512Transpose(const float* from, long long ldFrom, float* to, long long ldTo, int rows, int cols) {
  const int fullRows = rows / 16 * 16, fullCols = cols / 16 * 16;
  for (int i = 0; i < fullRows; i += 16)
    for (int j = 0; j < fullCols; j += 16) tile(from + i * ldFrom + j, ldFrom, to + j * ldTo + i, ldTo);
  for (int i = 0; i < rows; ++i)
    for (int j = i < fullRows ? fullCols : 0; j < cols; ++j) to[j * ldTo + i] = from[i * ldFrom + j];
}

#else

// Never called: avx512GemmRuns() is false off x86-64.
void avx512Transpose(const float*, long long, float*, long long, int, int) { std::abort(); }

#endif

}  // namespace wgan::cpu
