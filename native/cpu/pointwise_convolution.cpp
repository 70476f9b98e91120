#include "pointwise_convolution.h"

#include <algorithm>

#include "../conv/workspace.h"
#include "avx512_gemm.h"
#include "avx512_products.h"
#include "avx512_transpose.h"
#include "gemm.h"
#include "parallel.h"
#include "profile.h"

namespace wgan {

bool pointwiseApplies(const ConvGeometry& g) {
  return g.kernelH == 1 && g.kernelW == 1 && g.stride == 1 && g.padTop == 0 && g.padLeft == 0 &&
         g.outHeight == g.height && g.outWidth == g.width;
}

namespace {
// The weight gradient's partial sums, one per thread (backwardFilter); the first holds Wᵀ in perSample.
size_t partialsFloats(int filters, int channels) { return static_cast<size_t>(threadCount()) * filters * channels; }
}  // namespace

PointwiseConvolution::PointwiseConvolution(const ConvGeometry& g, int filters)
    : g_(g), filters_(filters), ownGemm_(cpu::avx512GemmChosen()) {
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, partialsFloats(filters, g.channels));  // grown now
}

// out_b = op(W)·in_b for every sample b (op(W): W, or Wᵀ for the adjoint), each product on one thread. On the
// AVX-512 kernel, the adjoint's Wᵀ is transposed once into the workspace (the kernel reads A by rows).
void PointwiseConvolution::perSample(bool adjoint, const float* weight, const float* in, float* out, int n) {
  const int C = g_.channels, F = filters_, P = g_.pixels();
  const int inPlanes = adjoint ? F : C, outPlanes = adjoint ? C : F;
  Workspace ws(cpuDevice(), WorkspaceUse::Convolution, partialsFloats(F, C));
  PrimitiveTimer timer(Primitive::Gemm);
  if (ownGemm_ && adjoint) cpu::avx512Transpose(weight, C, ws.data(), F, F, C);
  const float* a = ownGemm_ && adjoint ? ws.data() : weight;
  parallelFor(n, [&](int b) {
    const float* inB = in + static_cast<long long>(b) * inPlanes * P;
    float* outB = out + static_cast<long long>(b) * outPlanes * P;
    if (ownGemm_) cpu::avx512GemmPackedB(outPlanes, P, inPlanes, a, inPlanes, inB, P, outB, P);
    else sgemmOnThisThread(adjoint, false, outPlanes, P, inPlanes, 1.f, weight, C, inB, P, 0.f, outB, P);
  });
}

void PointwiseConvolution::forward(const float* weight, const float* x, float* y, int n) { perSample(false, weight, x, y, n); }

void PointwiseConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  perSample(true, weight, gy, gx, n);
}

// gW += Σ_b gy_b · x_bᵀ: each thread sums its share of the samples into its own F×C partial, in a fixed split of the
// samples (one part per thread count, not per scheduling), and the partials are added in order.
void PointwiseConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  if (n <= 0) return;
  const int C = g_.channels, F = filters_, P = g_.pixels();
  const int parts = std::min(threadCount(), n);
  const long long size = static_cast<long long>(F) * C;
  Workspace ws(cpuDevice(), WorkspaceUse::Convolution, partialsFloats(F, C));
  float* partial = ws.data();
  {
    PrimitiveTimer timer(Primitive::Gemm);
    parallelFor(parts, [&](int part) {
      const int begin = static_cast<long long>(n) * part / parts, end = static_cast<long long>(n) * (part + 1) / parts;
      for (int b = begin; b < end; ++b) {
        const float* gyB = gy + static_cast<long long>(b) * F * P;
        const float* xB = x + static_cast<long long>(b) * C * P;
        if (ownGemm_) cpu::avx512GemmTransposedB(F, C, P, gyB, P, xB, P, partial + part * size, C, b != begin);
        else sgemmOnThisThread(false, true, F, C, P, 1.f, gyB, P, xB, P, b == begin ? 0.f : 1.f, partial + part * size, C);
      }
    });
  }
  for (int part = 0; part < parts; ++part) cpuDevice().addInto(gradWeight, partial + part * size, size);
}

}  // namespace wgan
