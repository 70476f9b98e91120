#include "gemm.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "parallel.h"

#ifdef WGAN_HAVE_CBLAS
extern "C" {
// The few OpenBLAS entry points used; declared here so no cblas.h is needed at build time.
enum CBLAS_ORDER_ { CblasRowMajor_ = 101 };
enum CBLAS_TRANSPOSE_ { CblasNoTrans_ = 111, CblasTrans_ = 112 };
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
char* openblas_get_config(void);
}
#endif

namespace wgan {

#ifdef WGAN_HAVE_CBLAS

namespace {
void blasSgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
               int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor_, transA ? CblasTrans_ : CblasNoTrans_, transB ? CblasTrans_ : CblasNoTrans_, m, n, k,
              alpha, a, lda, b, ldb, beta, c, ldc);
}

// OpenBLAS's own threads off, once (see sgemm).
void singleThreadedBlas() {
  static const bool done = (openblas_set_num_threads(1), true);
  (void)done;
}

// The least work of one thread's block (about 15 us of one core): a product is split into at most
// flops / kMinFlopsPerPart blocks, so small products (the toy models' narrow layers) run on one thread.
constexpr double kMinFlopsPerPart = 1e6;
}  // namespace

// OpenBLAS runs single-threaded; each product is split here into up to one block per thread, of rows or of
// columns, whichever makes the copy every block packs for itself the smaller: blocks of rows each pack all of
// op(B) (k × n), blocks of columns all of op(A) (m × k). (The toy demo's 768 × 128 × 128 products split by
// columns packed their 768 rows twice: the demo ran 10.4 s on two threads where rows take 9.1.) OpenBLAS's own
// threads would spin in sched_yield after every call and take the cores from the parallel loops (im2col,
// col2im, transposes) that run between products.
void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
           int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  singleThreadedBlas();
  const int threads = static_cast<int>(std::min<double>(threadCount(), 2.0 * m * n * k / kMinFlopsPerPart));
  if (threads <= 1) return blasSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  const bool byRows = m >= n || n < 8 * threads;
  const int extent = byRows ? m : n, parts = std::min(threads, extent);
  parallelFor(parts, [&](int part) {
    const int begin = static_cast<long long>(extent) * part / parts, end = static_cast<long long>(extent) * (part + 1) / parts;
    if (byRows)
      blasSgemm(transA, transB, end - begin, n, k, alpha, transA ? a + begin : a + static_cast<long long>(begin) * lda, lda, b,
                ldb, beta, c + static_cast<long long>(begin) * ldc, ldc);
    else
      blasSgemm(transA, transB, m, end - begin, k, alpha, a, lda, transB ? b + static_cast<long long>(begin) * ldb : b + begin,
                ldb, beta, c + begin, ldc);
  });
}

void sgemmOnThisThread(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda,
                       const float* b, int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  singleThreadedBlas();
  blasSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

const char* blasName() {
  static std::string name = openblas_get_config();
  return name.c_str();
}


#else

namespace {

// Packs op(X) block [rows × cols] starting at (r0, c0) into a dense row-major panel.
void packBlock(bool trans, const float* x, int ld, int r0, int c0, int rows, int cols, float* out) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      out[r * cols + c] = trans ? x[(c0 + c) * ld + (r0 + r)] : x[(r0 + r) * ld + (c0 + c)];
}

constexpr int kBlockM = 64, kBlockN = 256, kBlockK = 256;

}  // namespace

// Cache-blocked GEMM for builds without OpenBLAS: panels of op(A) and op(B) are packed so the inner
// loop streams contiguous memory the compiler vectorises; row blocks run in parallel.
void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
           int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  for (int i = 0; i < m; ++i) {
    float* row = c + static_cast<long long>(i) * ldc;
    if (beta == 0.f) std::memset(row, 0, sizeof(float) * n);
    else if (beta != 1.f) for (int j = 0; j < n; ++j) row[j] *= beta;
  }
  const int mBlocks = (m + kBlockM - 1) / kBlockM;
  parallelFor(mBlocks, [&](int block) {
    std::vector<float> packA(kBlockM * kBlockK), packB(kBlockK * kBlockN);
    const int i0 = block * kBlockM, mb = std::min(kBlockM, m - i0);
    for (int p0 = 0; p0 < k; p0 += kBlockK) {
      const int kb = std::min(kBlockK, k - p0);
      packBlock(transA, a, lda, i0, p0, mb, kb, packA.data());
      for (int j0 = 0; j0 < n; j0 += kBlockN) {
        const int nb = std::min(kBlockN, n - j0);
        packBlock(transB, b, ldb, p0, j0, kb, nb, packB.data());
        for (int i = 0; i < mb; ++i) {
          float* cRow = c + static_cast<long long>(i0 + i) * ldc + j0;
          for (int p = 0; p < kb; ++p) {
            const float aip = alpha * packA[i * kb + p];
            const float* bRow = packB.data() + p * nb;
            for (int j = 0; j < nb; ++j) cRow[j] += aip * bRow[j];
          }
        }
      }
    }
  });
}

// The built-in kernel's row blocks run one after another when called inside a parallel loop: already one piece.
void sgemmOnThisThread(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda,
                       const float* b, int ldb, float beta, float* c, int ldc) {
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

const char* blasName() { return "built-in"; }

#endif

}  // namespace wgan
