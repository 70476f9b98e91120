// Products on the AVX-512 kernel (cpu/avx512_gemm.h) whose B is not in the kernel's layout (the columns of a row of
// B side by side, in panels that stay in the L1 cache): B is first copied panel by panel, or transposed block by
// block, into the calling thread's scratch (cpu/thread_scratch.h). For the pointwise convolution's products, whose B
// rows are planes a power of two apart (rows that fall into a few cache sets), and the weight gradients' A·Bᵀ of the
// Winograd and pointwise convolutions (OpenBLAS ran them, on CPUs it does not know with its AVX2 kernels).
// Only where avx512GemmChosen(); each value is a sum in order of the inner index, as in the kernel.
#pragma once

namespace wgan::cpu {

// C = A·B on the calling thread: A m × k (rows lda apart), B k × n (ldb), C m × n (ldc).
void avx512GemmPackedB(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc);

// C = A·Bᵀ (accumulate: C += A·Bᵀ) on the calling thread: A m × k (lda), B n × k (ldb), C m × n (ldc). The inner sum
// runs in blocks of kTransposedBlock values, each block's sum added to C.
constexpr int kTransposedBlock = 128;
void avx512GemmTransposedB(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
                           bool accumulate);

}  // namespace wgan::cpu
