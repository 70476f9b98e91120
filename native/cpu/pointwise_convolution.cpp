#include "pointwise_convolution.h"

#include <algorithm>

#include "../conv/workspace.h"
#include "gemm.h"
#include "parallel.h"
#include "profile.h"

namespace wgan {

bool pointwiseApplies(const ConvGeometry& g) {
  return g.kernelH == 1 && g.kernelW == 1 && g.stride == 1 && g.padTop == 0 && g.padLeft == 0 &&
         g.outHeight == g.height && g.outWidth == g.width;
}

namespace {
// The weight gradient's partial sums, one per thread (backwardFilter).
size_t partialsFloats(int filters, int channels) { return static_cast<size_t>(threadCount()) * filters * channels; }
}  // namespace

PointwiseConvolution::PointwiseConvolution(const ConvGeometry& g, int filters) : g_(g), filters_(filters) {
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, partialsFloats(filters, g.channels));  // grown now
}

// out_b = op(W)·in_b for every sample b (op(W): W, or Wᵀ for the adjoint), each product on one thread.
void PointwiseConvolution::perSample(bool adjoint, const float* weight, const float* in, float* out, int n) {
  const int C = g_.channels, F = filters_, P = g_.pixels();
  const int inPlanes = adjoint ? F : C, outPlanes = adjoint ? C : F;
  PrimitiveTimer timer(Primitive::Gemm);
  parallelFor(n, [&](int b) {
    sgemmOnThisThread(adjoint, false, outPlanes, P, inPlanes, 1.f, weight, C, in + static_cast<long long>(b) * inPlanes * P,
                      P, 0.f, out + static_cast<long long>(b) * outPlanes * P, P);
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
      for (int b = begin; b < end; ++b)
        sgemmOnThisThread(false, true, F, C, P, 1.f, gy + static_cast<long long>(b) * F * P, P,
                          x + static_cast<long long>(b) * C * P, P, b == begin ? 0.f : 1.f, partial + part * size, C);
    });
  }
  for (int part = 0; part < parts; ++part) cpuDevice().addInto(gradWeight, partial + part * size, size);
}

}  // namespace wgan
