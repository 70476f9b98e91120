// The per-label pieces of the conditioning layers, written once for both backends, with their launcher
// table (core/layer_kernels.h). Rows are samples; row b reads the table row of its label labels[b].
//   conditionalBatchNorm: y[b,c,p] = γ[l_b,c]·u[b,c,p] + β[l_b,c] over the normalised u, and the table
//                         gradients gγ[l_b,c] += Σ_p gy·u, gβ[l_b,c] += Σ_p gy;
//   labelEmbedding:       y_b = [x_b, E[l_b]], gx_b = gy_b[0:features], gE[l_b] += gy_b[features:].
#pragma once
#include <cstdint>

#include "../common/hd.h"
#include "normalize.h"

namespace wgan {

// The table entry of (sample, channel) row `row`: its label's row, the channel's column.
WGAN_HD long long labelEntry(long long row, int channels, const int32_t* labels) {
  return static_cast<long long>(labels[row / channels]) * channels + row % channels;
}

// γ[t]·u + β[t]; beta may be null (then no shift: the backward and tangent scaling).
WGAN_HD float labelAffine(long long t, const float* gamma, const float* beta, float u) {
  return gamma[t] * u + (beta ? beta[t] : 0.f);
}

// Element i of n×channels×plane values.
WGAN_HD float labelAffineAt(long long i, int channels, int plane, const int32_t* labels, const float* gamma,
                            const float* beta, const float* u) {
  return labelAffine(labelEntry(i / plane, channels, labels), gamma, beta, u[i]);
}

// One (sample, channel) row of `plane` values; gBeta may be null. Samples of one label share a table entry.
WGAN_HD void labelTableGradsAt(int row, int channels, int plane, const int32_t* labels, const float* gy,
                               const float* u, float* gGamma, float* gBeta) {
  const long long t = labelEntry(row, channels, labels), base = static_cast<long long>(row) * plane;
  double sumGyU = 0, sumGy = 0;
  for (int p = 0; p < plane; ++p) {
    sumGyU += static_cast<double>(gy[base + p]) * u[base + p];
    sumGy += gy[base + p];
  }
  accumulate(&gGamma[t], static_cast<float>(sumGyU));
  if (gBeta) accumulate(&gBeta[t], static_cast<float>(sumGy));
}

// Element i of the n×(features+dim) output; a null table gives zeros in the label part (the tangent).
WGAN_HD float embedConcatAt(long long i, int features, int dim, const int32_t* labels, const float* x,
                            const float* table) {
  const int width = features + dim;
  const long long b = i / width;
  const int j = static_cast<int>(i % width);
  if (j < features) return x[b * features + j];
  return table ? table[static_cast<long long>(labels[b]) * dim + (j - features)] : 0.f;
}

// Element i of the n×features input gradient.
WGAN_HD float embedSplitAt(long long i, int features, int dim, const float* gy) {
  const long long b = i / features;
  return gy[b * (features + dim) + i % features];
}

// Element i of the n×dim label part of gy, added to its label's table row.
WGAN_HD void embedGradAt(long long i, int features, int dim, const int32_t* labels, const float* gy, float* gTable) {
  const long long b = i / dim;
  const int j = static_cast<int>(i % dim);
  accumulate(&gTable[static_cast<long long>(labels[b]) * dim + j], gy[b * (features + dim) + features + j]);
}

struct LabelKernels {
  // y = γ[l]⊙u + β[l] over n×channels×plane (beta may be null)
  void (*affine)(void* queue, int n, int channels, int plane, const int32_t* labels, const float* gamma,
                 const float* beta, const float* u, float* y);
  // gγ[l] += Σ_p gy·u, gβ[l] += Σ_p gy (gBeta may be null)
  void (*tableGrads)(void* queue, int n, int channels, int plane, const int32_t* labels, const float* gy,
                     const float* u, float* gGamma, float* gBeta);
  // y = [x, E[l]] (table may be null: zeros)
  void (*concat)(void* queue, int n, int features, int dim, const int32_t* labels, const float* x,
                 const float* table, float* y);
  // gx = gy[:, 0:features]
  void (*split)(void* queue, int n, int features, int dim, const float* gy, float* gx);
  // gE[l] += gy[:, features:]
  void (*embedGrad)(void* queue, int n, int features, int dim, const int32_t* labels, const float* gy, float* gTable);
};

}  // namespace wgan
