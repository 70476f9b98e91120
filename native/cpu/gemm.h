// Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, op(X) = X or Xᵀ.
// OpenBLAS's cblas_sgemm when the build links it, else the built-in cache-blocked kernel; either way
// split over threadCount() threads.
#pragma once

namespace wgan {

void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
           int ldb, float beta, float* c, int ldc);

// The same product on the calling thread alone, in one piece: for callers that run several products side by side
// (sgemm called inside a parallel loop would still cut its product into one part per thread, run one after another).
void sgemmOnThisThread(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda,
                       const float* b, int ldb, float beta, float* c, int ldc);

// "OpenBLAS 0.3.21 (...)" or "built-in"
const char* blasName();

}  // namespace wgan
