// The few cuBLAS entry points the CUDA backend uses, declared here and resolved with dlsym from the library
// that cuda/libraries.cpp loaded, so no cuBLAS header or library is needed to build.
#pragma once
#include <cstddef>

namespace wgan {

struct CublasContext;
using CublasHandle = CublasContext*;
enum CublasOperation : int { kCublasOpN = 0, kCublasOpT = 1 };

struct CublasApi {
  int (*create)(CublasHandle*);                          // cublasCreate_v2
  int (*setStream)(CublasHandle, void* stream);          // cublasSetStream_v2
  int (*setWorkspace)(CublasHandle, void*, size_t);      // cublasSetWorkspace_v2
  int (*sgemm)(CublasHandle, CublasOperation, CublasOperation, int m, int n, int k, const float* alpha,
               const float* a, int lda, const float* b, int ldb, const float* beta, float* c, int ldc);  // cublasSgemm_v2
};

// Resolves the entry points from a dlopen handle; names the first one missing in `missing`.
bool resolveCublas(void* handle, CublasApi& api, const char*& missing);

}  // namespace wgan
