#include "avx512_gemm.h"

#include <cstdlib>
#include <string>

#include "../core/errors.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wgan::cpu {

bool avx512GemmRuns() {
#if defined(__x86_64__)
  static const bool runs = __builtin_cpu_supports("avx512f");
  return runs;
#else
  return false;
#endif
}

bool avx512GemmChosen() {
  const char* value = std::getenv("WGAN_GP_GEMM");
  const std::string v = value ? value : "";
  if (v == "blas") return false;
  if (!v.empty() && v != "auto") fail(ErrorCode::InvalidArgument, "WGAN_GP_GEMM must be \"auto\" or \"blas\", got \"" + v + "\"");
  return avx512GemmRuns();
}

#if defined(__x86_64__)

namespace {

constexpr int kPanel = kAvx512GemmPanel;
static_assert(kPanel == 32, "a block covers two vectors of 16");
constexpr int kRows = 12;  // rows of A a block covers: 24 accumulators, two B vectors, one broadcast

// C[R × 32] = A[R × k] · B[k × 32] (accumulate: C +=), the columns past `cols` (< 32 at the right edge) neither read
// nor written.
// `next` (Ahead: a panel's first row block) is the next panel of B, brought into the cache meanwhile. Whole panels
// and the prefetching are compile-time choices: as run-time ones they took the mask and pointer registers the loop
// needs, which it then reloaded from the stack every step (one thread, 96 × 256 × 128: 155–162 GFLOP/s, 180–200
// without).
template <int R, bool Whole, bool Ahead>
__attribute__((target("avx512f"))) void block(int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
                                              int cols, const float* next, bool accumulate) {
  const __mmask16 low = Whole || cols >= 16 ? 0xffff : static_cast<__mmask16>((1u << cols) - 1);
  const __mmask16 high = Whole || cols >= 32 ? 0xffff : cols > 16 ? static_cast<__mmask16>((1u << (cols - 16)) - 1) : 0;
  __m512 left[R], right[R];
#pragma GCC unroll 12
  for (int i = 0; i < R; ++i) left[i] = _mm512_setzero_ps(), right[i] = _mm512_setzero_ps();
  for (int p = 0; p < k; ++p) {
    const float* row = b + static_cast<long long>(p) * ldb;
    const __m512 b0 = Whole ? _mm512_loadu_ps(row) : _mm512_maskz_loadu_ps(low, row);
    const __m512 b1 = Whole ? _mm512_loadu_ps(row + 16) : _mm512_maskz_loadu_ps(high, row + 16);
    if (Ahead) {
      const float* ahead = next + static_cast<long long>(p) * ldb;
      _mm_prefetch(reinterpret_cast<const char*>(ahead), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(ahead + 16), _MM_HINT_T0);
    }
#pragma GCC unroll 12
    for (int i = 0; i < R; ++i) {
      const __m512 ai = _mm512_set1_ps(a[static_cast<long long>(i) * lda + p]);
      left[i] = _mm512_fmadd_ps(ai, b0, left[i]);
      right[i] = _mm512_fmadd_ps(ai, b1, right[i]);
    }
  }
  if (accumulate)
#pragma GCC unroll 12
    for (int i = 0; i < R; ++i) {
      left[i] = _mm512_add_ps(_mm512_maskz_loadu_ps(low, c + static_cast<long long>(i) * ldc), left[i]);
      right[i] = _mm512_add_ps(_mm512_maskz_loadu_ps(high, c + static_cast<long long>(i) * ldc + 16), right[i]);
    }
#pragma GCC unroll 12
  for (int i = 0; i < R; ++i) {
    _mm512_mask_storeu_ps(c + static_cast<long long>(i) * ldc, low, left[i]);
    _mm512_mask_storeu_ps(c + static_cast<long long>(i) * ldc + 16, high, right[i]);
  }
}

using Block = void (*)(int, const float*, int, const float*, int, float*, int, int, const float*, bool);
template <bool Whole, bool Ahead, int... R>
constexpr Block blocks[] = {block<R, Whole, Ahead>...};
// the blocks of 1 to kRows rows, [r - 1]
template <bool Whole, bool Ahead>
constexpr const Block* rowBlocks = blocks<Whole, Ahead, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12>;
// blockOf[whole panel][prefetching the next][r - 1]: the block of r rows
constexpr const Block* blockOf[2][2] = {{rowBlocks<false, false>, rowBlocks<false, true>},
                                        {rowBlocks<true, false>, rowBlocks<true, true>}};

}  // namespace

// A panel of B stays in the L1 cache while every row block of A passes over it.
void avx512Gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, long long bPanelStride, float* c,
                int ldc, bool accumulate) {
  for (int j = 0; j < n; j += kPanel) {
    const float* panel = b + (j / kPanel) * bPanelStride;
    const int cols = n - j < kPanel ? n - j : kPanel;
    const float* next = j + kPanel < n ? panel + bPanelStride : nullptr;
    for (int i = 0; i < m; i += kRows) {
      const int rows = m - i < kRows ? m - i : kRows;
      const bool ahead = i == 0 && next;
      blockOf[cols == kPanel][ahead][rows - 1](k, a + static_cast<long long>(i) * lda, lda, panel, ldb,
                                               c + static_cast<long long>(i) * ldc + j, ldc, cols, ahead ? next : nullptr, accumulate);
    }
  }
}

#else

// Never called: avx512GemmChosen() is false off x86-64.
void avx512Gemm(int, int, int, const float*, int, const float*, int, long long, float*, int, bool) { std::abort(); }

#endif

}  // namespace wgan::cpu
