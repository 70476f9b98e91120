// The CUDA loss heads (as cpu/losses.h): per-sample kernels and the scalar sums of kernels/losses.h.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "../common/types.h"

namespace wgan::cuda {

void wassersteinSeeds(cudaStream_t stream, const float* scores, float* seed, int n, int batch, double* means);
void generatorSeeds(cudaStream_t stream, const float* scores, float* seed, int n, int batch, double* loss);
void gradientPenalty(cudaStream_t stream, const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                     double* out);
void softmaxCrossEntropy(cudaStream_t stream, const float* logits, const int32_t* labels, int classes, int n, int batch,
                         float* seed, double* out);

}  // namespace wgan::cuda
