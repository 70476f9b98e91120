// Marks functions compiled for both the CPU and the CUDA backend, so both run the same arithmetic.
#pragma once
#ifdef __CUDACC__
#define WGAN_HD __host__ __device__ __forceinline__
#else
#define WGAN_HD inline
#endif
