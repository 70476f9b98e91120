// The CPU's loss heads: per-sample loops and the scalar sums of kernels/losses.h, kernels/penalty.h.
#pragma once
#include <cstdint>

namespace wgan::cpu {

void wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means);
void generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss);
void gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda, double* out);
void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch, float* seed,
                         double* out);

}  // namespace wgan::cpu
