// The CPU launchers of the conditioning layers' kernels (kernels/label_tables.h), shared by
// conditionalBatchNorm and labelEmbedding.
#include "../core/layer_kernels.h"
#include "../cpu/parallel.h"
#include "../cpu/profile.h"
#include "../kernels/label_tables.h"

namespace wgan {

namespace {

// A (sample, channel) row of `plane` values per item.
void affineCpu(void*, int n, int channels, int plane, const int32_t* labels, const float* gamma, const float* beta,
               const float* u, float* y) {
  PrimitiveTimer timer(Primitive::Layers);
  parallelBlocks(static_cast<long long>(n) * channels, grainOf(plane), [&](long long begin, long long end) {
    for (long long row = begin; row < end; ++row) {
      const long long t = labelEntry(row, channels, labels), base = row * plane;
      for (int p = 0; p < plane; ++p) y[base + p] = labelAffine(t, gamma, beta, u[base + p]);
    }
  });
}

// The rows of one label share a table entry, so the work splits by channel: each entry still sums its rows in
// sample order, as one pass over the rows does.
void tableGradsCpu(void*, int n, int channels, int plane, const int32_t* labels, const float* gy, const float* u,
                   float* gGamma, float* gBeta) {
  PrimitiveTimer timer(Primitive::Layers);
  parallelBlocks(channels, grainOf(static_cast<long long>(n) * plane), [&](long long begin, long long end) {
    for (int c = static_cast<int>(begin); c < end; ++c)
      for (int b = 0; b < n; ++b) labelTableGradsAt(b * channels + c, channels, plane, labels, gy, u, gGamma, gBeta);
  });
}

void concatCpu(void*, int n, int features, int dim, const int32_t* labels, const float* x, const float* table, float* y) {
  PrimitiveTimer timer(Primitive::Layers);
  const long long count = static_cast<long long>(n) * (features + dim);
  for (long long i = 0; i < count; ++i) y[i] = embedConcatAt(i, features, dim, labels, x, table);
}

void splitCpu(void*, int n, int features, int dim, const float* gy, float* gx) {
  PrimitiveTimer timer(Primitive::Layers);
  const long long count = static_cast<long long>(n) * features;
  for (long long i = 0; i < count; ++i) gx[i] = embedSplitAt(i, features, dim, gy);
}

void embedGradCpu(void*, int n, int features, int dim, const int32_t* labels, const float* gy, float* gTable) {
  PrimitiveTimer timer(Primitive::Layers);
  const long long count = static_cast<long long>(n) * dim;
  for (long long i = 0; i < count; ++i) embedGradAt(i, features, dim, labels, gy, gTable);
}

const bool cpuKernels =
    LayerKernels<LabelKernels>::add("cpu", {affineCpu, tableGradsCpu, concatCpu, splitCpu, embedGradCpu});

}  // namespace

}  // namespace wgan
