#include "winograd_convolution.h"

#include <algorithm>

#include "../conv/workspace.h"
#include "gemm.h"
#include "parallel.h"
#include "profile.h"

namespace wgan {

namespace {

constexpr int kXi = 16;  // values of a transformed tile

// Floats between consecutive matrices ξ beyond their size: their sizes are often multiples of large powers of two,
// which would put the 16 streams of a transform in the same cache sets (the weight transform ran 6x slower).
constexpr int kXiGap = 16;

// The 16 matrices of `rows` rows of `cols` values each, from `at`, and the floats they take.
cpu::Transformed matrices(float* at, int rows, int cols) {
  return {at, static_cast<long long>(rows) * cols + kXiGap, cols};
}
size_t matricesFloats(size_t rows, size_t cols) { return kXi * (rows * cols + kXiGap); }

// c[ξ] = a[ξ]·b[ξ] (or a[ξ]·b[ξ]ᵀ) + beta·c[ξ] for the 16 ξ, each product on one thread: m × n, inner size k.
void gemmPerXi(bool transB, int m, int n, int k, const cpu::Transformed& a, const cpu::Transformed& b, float beta,
               const cpu::Transformed& c) {
  PrimitiveTimer timer(Primitive::Gemm);
  parallelFor(kXi, [&](int xi) {
    sgemmOnThisThread(false, transB, m, n, k, 1.f, a.data + xi * a.xiStride, a.ld, b.data + xi * b.xiStride, b.ld, beta,
          c.data + xi * c.xiStride, c.ld);
  });
}

}  // namespace

bool winogradApplies(const ConvGeometry& g) { return g.kernelH == 3 && g.kernelW == 3 && g.stride == 1; }

WinogradConvolution::WinogradConvolution(const ConvGeometry& g, int filters, int maxRows)
    : g_(g),
      filters_(filters),
      forward_{g.height, g.width, g.outHeight, g.outWidth, g.padTop, g.padLeft},
      adjoint_{g.outHeight, g.outWidth, g.height, g.width, 2 - g.padTop, 2 - g.padLeft} {
  const size_t perSample = static_cast<size_t>(kXi) * std::max(forward_.tiles(), adjoint_.tiles()) * (g.channels + filters);
  chunk_ = static_cast<int>(std::clamp<size_t>(convolutionChunkFloats() / perSample, 1, static_cast<size_t>(std::max(maxRows, 1))));
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, workspaceFloats());  // grown now, not in the operations
}

// The transformed weights (or the weight gradient's 16 matrices), then one chunk's transformed input and output.
size_t WinogradConvolution::workspaceFloats() const {
  const size_t tiles = static_cast<size_t>(chunk_) * std::max(forward_.tiles(), adjoint_.tiles());
  return matricesFloats(filters_, g_.channels) + matricesFloats(g_.channels, tiles) + matricesFloats(filters_, tiles);
}

void WinogradConvolution::correlate(const cpu::TileGrid& grid, const float* weight, bool adjoint, const float* in,
                                    float* out, int n) {
  const int cin = adjoint ? filters_ : g_.channels, cout = adjoint ? g_.channels : filters_;
  Workspace ws(cpuDevice(), WorkspaceUse::Convolution, workspaceFloats());
  const cpu::Transformed u = matrices(ws.data(), cout, cin);
  {
    PrimitiveTimer timer(Primitive::Winograd);
    cpu::weightTransform(weight, filters_, g_.channels, adjoint, u);
  }
  const long long inPlane = static_cast<long long>(grid.inH) * grid.inW, outPlane = static_cast<long long>(grid.outH) * grid.outW;
  for (int b = 0; b < n; b += chunk_) {
    const int m = std::min(chunk_, n - b), tiles = m * grid.tiles();
    const cpu::Transformed tin = matrices(ws.data() + matricesFloats(cout, cin), cin, tiles);
    const cpu::Transformed tout = matrices(tin.data + matricesFloats(cin, tiles), cout, tiles);
    {
      PrimitiveTimer timer(Primitive::Winograd);
      cpu::inputTransform(grid, in + b * cin * inPlane, m, cin, tin);
    }
    gemmPerXi(false, cout, tiles, cin, u, tin, 0.f, tout);
    PrimitiveTimer timer(Primitive::Winograd);
    cpu::outputTransform(grid, tout, m, cout, out + b * cout * outPlane);
  }
}

void WinogradConvolution::forward(const float* weight, const float* x, float* y, int n) {
  correlate(forward_, weight, false, x, y, n);
}

void WinogradConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  correlate(adjoint_, weight, true, gy, gx, n);
}

void WinogradConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  if (n <= 0) return;
  const int C = g_.channels, F = filters_;
  Workspace ws(cpuDevice(), WorkspaceUse::Convolution, workspaceFloats());
  const cpu::Transformed mw = matrices(ws.data(), F, C);  // Σ over tiles of (A gy Aᵀ) ⊙ (Bᵀ x B)
  const long long inPlane = static_cast<long long>(g_.height) * g_.width, outPlane = static_cast<long long>(g_.pixels());
  for (int b = 0; b < n; b += chunk_) {
    const int m = std::min(chunk_, n - b), tiles = m * forward_.tiles();
    const cpu::Transformed tx = matrices(ws.data() + matricesFloats(F, C), C, tiles);
    const cpu::Transformed tg = matrices(tx.data + matricesFloats(C, tiles), F, tiles);
    {
      PrimitiveTimer timer(Primitive::Winograd);
      cpu::inputTransform(forward_, x + b * C * inPlane, m, C, tx);
      cpu::outputGradientTransform(forward_, gy + b * F * outPlane, m, F, tg);
    }
    gemmPerXi(true, F, C, tiles, tg, tx, b == 0 ? 0.f : 1.f, mw);
  }
  PrimitiveTimer timer(Primitive::Winograd);
  cpu::weightGradientTransform(mw, F, C, gradWeight);
}

}  // namespace wgan
