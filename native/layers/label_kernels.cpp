// The CPU launchers of the conditioning layers' kernels (kernels/label_tables.h), shared by
// conditionalBatchNorm and labelEmbedding.
#include "../core/layer_kernels.h"
#include "../kernels/label_tables.h"

namespace wgan {

namespace {

void affineCpu(void*, int n, int channels, int plane, const int32_t* labels, const float* gamma, const float* beta,
               const float* u, float* y) {
  const long long count = static_cast<long long>(n) * channels * plane;
  for (long long i = 0; i < count; ++i) y[i] = labelAffineAt(i, channels, plane, labels, gamma, beta, u);
}

void tableGradsCpu(void*, int n, int channels, int plane, const int32_t* labels, const float* gy, const float* u,
                   float* gGamma, float* gBeta) {
  for (int row = 0; row < n * channels; ++row) labelTableGradsAt(row, channels, plane, labels, gy, u, gGamma, gBeta);
}

void concatCpu(void*, int n, int features, int dim, const int32_t* labels, const float* x, const float* table, float* y) {
  const long long count = static_cast<long long>(n) * (features + dim);
  for (long long i = 0; i < count; ++i) y[i] = embedConcatAt(i, features, dim, labels, x, table);
}

void splitCpu(void*, int n, int features, int dim, const float* gy, float* gx) {
  const long long count = static_cast<long long>(n) * features;
  for (long long i = 0; i < count; ++i) gx[i] = embedSplitAt(i, features, dim, gy);
}

void embedGradCpu(void*, int n, int features, int dim, const int32_t* labels, const float* gy, float* gTable) {
  const long long count = static_cast<long long>(n) * dim;
  for (long long i = 0; i < count; ++i) embedGradAt(i, features, dim, labels, gy, gTable);
}

const bool cpuKernels =
    LayerKernels<LabelKernels>::add("cpu", {affineCpu, tableGradsCpu, concatCpu, splitCpu, embedGradCpu});

}  // namespace

}  // namespace wgan
