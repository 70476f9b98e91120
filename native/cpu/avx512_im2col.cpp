#include "avx512_im2col.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wgan::cpu {

#if defined(__x86_64__)

namespace {

// Lanes [first, end) of a vector (none where end <= first).
__mmask16 lanes(int first, int end) {
  return end <= first ? 0 : static_cast<__mmask16>(((1u << end) - 1) & ~((1u << first) - 1));
}

}  // namespace

// A kernel row reads the lanes of `inside` (its columns within the image) where the row itself lies in the image,
// no lane elsewhere; masked-off lanes read nothing, so the address (integer arithmetic) may lie outside the image.
__attribute__((target("avx512f"))) void avx512Im2col(const ConvGeometry& g, const float* img, const ColumnBlock& block,
                                                     int q0, int q1) {
  const int kh = g.kernelH, kw = g.kernelW, W = g.width;
  const long long plane = static_cast<long long>(g.height) * W;
  const __mmask16 row = lanes(0, kw);
  const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(img);
  for (int q = q0; q < q1; ++q) {
    const int oy = q / g.outWidth, ox = q - oy * g.outWidth;
    const int y0 = oy * g.stride - g.padTop, x0 = ox * g.stride - g.padLeft;
    const __mmask16 inside = lanes(std::clamp(-x0, 0, kw), std::clamp(W - x0, 0, kw));
    const int iFirst = std::clamp(-y0, 0, kh), iEnd = std::clamp(g.height - y0, 0, kh);
    float* dst = block.dst + static_cast<long long>(q - block.firstPixel) * block.ld;
    for (int c = block.cBegin; c < block.cEnd; ++c)
      for (int i = 0; i < kh; ++i, dst += kw) {
        const long long at = c * plane + static_cast<long long>(y0 + i) * W + x0;
        const __mmask16 read = i >= iFirst && i < iEnd ? inside : 0;
        const __m512 v = _mm512_maskz_loadu_ps(read, reinterpret_cast<const void*>(base + at * sizeof(float)));
        _mm512_mask_storeu_ps(dst, row, v);
      }
  }
}

#else

// Never called: avx512GemmRuns() is false off x86-64.
void avx512Im2col(const ConvGeometry&, const float*, const ColumnBlock&, int, int) { std::abort(); }

#endif

}  // namespace wgan::cpu
