#include "avx512_products.h"

#include <algorithm>

#include "avx512_gemm.h"
#include "avx512_transpose.h"
#include "row_lengths.h"
#include "thread_scratch.h"

namespace wgan::cpu {

namespace {
constexpr int kPanel = kAvx512GemmPanel;
}  // namespace

// One panel of B's columns at a time (k rows of up to 32 values), so that the copy is still in the L1 cache when
// the kernel reads it.
void avx512GemmPackedB(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc) {
  float* panel = threadScratch(static_cast<size_t>(k) * kPanel);
  for (int j = 0; j < n; j += kPanel) {
    const int cols = std::min(kPanel, n - j);
    for (int p = 0; p < k; ++p) std::copy_n(b + static_cast<long long>(p) * ldb + j, cols, panel + static_cast<long long>(p) * kPanel);
    avx512Gemm(m, cols, k, a, lda, panel, kPanel, kPanel, c + j, ldc);
  }
}

// Block by block of the inner index: its kTransposedBlock rows of Bᵀ in panels of 32 columns (16 KB each, in the L1
// cache while the row blocks of A pass over them), the panels one after another in the scratch.
void avx512GemmTransposedB(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
                           bool accumulate) {
  float* block = threadScratch(static_cast<size_t>(kTransposedBlock) * roundUp(n, kPanel));
  for (int t = 0; t < k; t += kTransposedBlock) {
    const int rows = std::min(kTransposedBlock, k - t);
    for (int j = 0; j < n; j += kPanel)  // panel j / 32: `rows` rows of B's columns j...
      avx512Transpose(b + static_cast<long long>(j) * ldb + t, ldb, block + static_cast<long long>(j) * rows, kPanel,
                      std::min(kPanel, n - j), rows);
    avx512Gemm(m, n, rows, a + t, lda, block, kPanel, static_cast<long long>(rows) * kPanel, c, ldc, accumulate || t > 0);
  }
}

}  // namespace wgan::cpu
