#include "avx512_columns.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "avx512_lanes.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wgan::cpu {

#if defined(__x86_64__)

// A kernel row reads the lanes of `inside` (its columns within the image) where the row itself lies in the image,
// no lane elsewhere; masked-off lanes read nothing, so the address (integer arithmetic) may lie outside the image.
__attribute__((target("avx512f"))) void avx512Im2col(const ConvGeometry& g, const float* img, const ColumnBlock& block,
                                                     int q0, int q1) {
  const int kh = g.kernelH, kw = g.kernelW, W = g.width;
  const long long plane = static_cast<long long>(g.height) * W;
  const __mmask16 row = lanes(0, kw);
  for (int q = q0; q < q1; ++q) {
    const int oy = q / g.outWidth, ox = q - oy * g.outWidth;
    const int y0 = oy * g.stride - g.padTop, x0 = ox * g.stride - g.padLeft;
    const __mmask16 inside = lanes(std::clamp(-x0, 0, kw), std::clamp(W - x0, 0, kw));
    const int iFirst = std::clamp(-y0, 0, kh), iEnd = std::clamp(g.height - y0, 0, kh);
    float* dst = block.rows + static_cast<long long>(q - block.firstPixel) * block.ld;
    for (int c = block.cBegin; c < block.cEnd; ++c)
      for (int i = 0; i < kh; ++i, dst += kw) {
        const long long at = c * plane + static_cast<long long>(y0 + i) * W + x0;
        const __mmask16 read = i >= iFirst && i < iEnd ? inside : 0;
        const __m512 v = loadLanes(read, img, at);
        _mm512_mask_storeu_ps(dst, row, v);
      }
  }
}

// An image row is cut into chunks of one vector. For each chunk, `reach` lists the output columns whose kernel row
// covers part of it: where its kw entries lie (bytes from the first pixel's entries for the kernel row, less the
// lanes they start right of the chunk's start) and the lanes they fill inside the chunk and the image. A masked load
// puts the entries in their lanes, so the chunk's sum builds up in registers; adding each into the image in turn
// would load what the previous masked store has not yet written (a store-forwarding stall per pixel, measured:
// BENCHMARKS.md, issue 22).
namespace {

struct Reach {
  long long offset;
  __mmask16 lanes;
};

__attribute__((target("avx512f"))) inline __m512 entriesOf(std::uintptr_t entries, const Reach& at) {
  return _mm512_maskz_loadu_ps(at.lanes, reinterpret_cast<const void*>(entries + at.offset));
}

}  // namespace

__attribute__((target("avx512f"))) void avx512Col2im(const ConvGeometry& g, const ColumnBlock& block, int oyBegin,
                                                     int oyEnd, float* img) {
  const int kh = g.kernelH, kw = g.kernelW, W = g.width, OW = g.outWidth;
  const long long plane = static_cast<long long>(g.height) * W;
  std::vector<Reach> reach;
  std::vector<int> chunkStart;  // chunk x / 16's reaches are [chunkStart[x / 16], chunkStart[x / 16 + 1])
  for (int x = 0; x < W; x += 16) {
    chunkStart.push_back(static_cast<int>(reach.size()));
    for (int ox = 0; ox < OW; ++ox) {
      const int d = ox * g.stride - g.padLeft - x;
      const __mmask16 fill = lanes(std::max(d, 0), std::min({d + kw, 16, W - x}));
      const long long offset = (static_cast<long long>(ox) * block.ld - d) * static_cast<long long>(sizeof(float));
      if (fill) reach.push_back({offset, fill});
    }
  }
  chunkStart.push_back(static_cast<int>(reach.size()));
  for (int oy = oyBegin; oy < oyEnd; ++oy) {
    const int y0 = oy * g.stride - g.padTop;
    const int iFirst = std::clamp(-y0, 0, kh), iEnd = std::clamp(g.height - y0, 0, kh);
    const float* pixels = block.rows + static_cast<long long>(oy * OW - block.firstPixel) * block.ld;
    for (int c = block.cBegin; c < block.cEnd; ++c)
      for (int i = iFirst; i < iEnd; ++i) {
        float* line = img + c * plane + static_cast<long long>(y0 + i) * W;
        const std::uintptr_t entries = reinterpret_cast<std::uintptr_t>(pixels + ((c - block.cBegin) * kh + i) * kw);
        for (int x = 0, chunk = 0; x < W; x += 16, ++chunk) {
          // four partial sums (reach r into the r % 4th), so that the additions do not wait on each other
          const Reach* at = reach.data() + chunkStart[chunk];
          const int count = chunkStart[chunk + 1] - chunkStart[chunk];
          __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
          int r = 0;
          for (; r + 4 <= count; r += 4) {
            s0 = _mm512_add_ps(s0, entriesOf(entries, at[r]));
            s1 = _mm512_add_ps(s1, entriesOf(entries, at[r + 1]));
            s2 = _mm512_add_ps(s2, entriesOf(entries, at[r + 2]));
            s3 = _mm512_add_ps(s3, entriesOf(entries, at[r + 3]));
          }
          if (r < count) s0 = _mm512_add_ps(s0, entriesOf(entries, at[r]));
          if (r + 1 < count) s1 = _mm512_add_ps(s1, entriesOf(entries, at[r + 1]));
          if (r + 2 < count) s2 = _mm512_add_ps(s2, entriesOf(entries, at[r + 2]));
          const __m512 sum = _mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3));
          const __mmask16 row = lanes(0, std::min(16, W - x));
          _mm512_mask_storeu_ps(line + x, row, _mm512_add_ps(_mm512_maskz_loadu_ps(row, line + x), sum));
        }
      }
  }
}

#else

// Never called: avx512GemmRuns() is false off x86-64.
void avx512Im2col(const ConvGeometry&, const float*, const ColumnBlock&, int, int) { std::abort(); }
void avx512Col2im(const ConvGeometry&, const ColumnBlock&, int, int, float*) { std::abort(); }

#endif

}  // namespace wgan::cpu
