// C = A·B, or C += A·B (row-major, no transposes) with the project's AVX-512 micro-kernel: A and B are read where
// they lie (no packed copies) and C is written once (no zeroing pass first). For the Winograd products
// (cpu/winograd_convolution.cpp), sixteen 128 × tiles × 128 products per call, on which OpenBLAS spent a quarter of
// its time packing B and zeroing C; and for the blocked forward (cpu/blocked_convolution.h), a block of the inner
// dimension at a time. Each value of a call is Σ_p a(i,p)·b(p,j) accumulated by FMA in order of p (then added to C).
#pragma once

namespace wgan::cpu {

// Columns of B (and of C) one pass of the kernel covers: two vectors.
constexpr int kAvx512GemmPanel = 32;

// Whether this CPU runs the kernel (AVX-512F, x86-64 only).
bool avx512GemmRuns();

// Whether the products that can run on the kernel do: the CPU has AVX-512F (x86-64 only) and WGAN_GP_GEMM is unset
// or "auto" ("blas": OpenBLAS runs them, as on CPUs without AVX-512; any other value is an invalid-argument error).
bool avx512GemmChosen();

// The product on the calling thread; only where avx512GemmChosen(). B's columns in panels of kAvx512GemmPanel, panel
// j at b + j · bPanelStride, its rows ldb apart (a row-major B: bPanelStride = kAvx512GemmPanel; B written panel
// after panel, each row after row: ldb = kAvx512GemmPanel and bPanelStride = k · kAvx512GemmPanel, which the kernel
// reads as one stream).
// accumulate: C += A·B instead of C = A·B.
void avx512Gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, long long bPanelStride, float* c,
                int ldc, bool accumulate = false);

}  // namespace wgan::cpu
