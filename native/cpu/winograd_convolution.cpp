#include "winograd_convolution.h"

#include <algorithm>

#include "../conv/workspace.h"
#include "avx512_gemm.h"
#include "avx512_products.h"
#include "gemm.h"
#include "parallel.h"
#include "profile.h"
#include "row_lengths.h"

namespace wgan {

namespace {

constexpr int kXi = 16;  // values of a transformed tile

// Floats between consecutive matrices ξ beyond their size: their sizes are often multiples of large powers of two,
// which would put the 16 streams of a transform in the same cache sets (the weight transform ran 6x slower).
constexpr int kXiGap = 16;

// The most floats of a chunk's transformed input and output (or WGAN_GP_CONV_CHUNK's budget where smaller): 2^19
// (2 MB) keeps them in the caches (the L2s, then the shared L3) between the transforms that write them and the
// products that read them. With the convolutions' 2^22 they went through memory: one 128-channel layer's five
// operations, alternating, 32×32 × 64 497–575 against 399–441 ms, 8×8 × 192 76–81 against 56–64 ms (2-core Zen 5:
// L2 1 MB per core, L3 32 MB shared).
constexpr size_t kChunkFloats = size_t{1} << 19;

// Floats from one row of a matrix to the next: an odd number of cache lines, so that the rows a product walks down
// do not fall into a few cache sets.
int rowStride(int cols) { return cpu::oddLines(cols); }

// Columns rounded up to whole panels of the AVX-512 product (cpu/avx512_gemm.h).
int panelColumns(int cols) { return cpu::roundUp(cols, cpu::kAvx512GemmPanel); }

// The 16 matrices of `rows` rows of `cols` values each, from `at`; the floats they take in either layout.
cpu::Transformed matrices(float* at, int rows, int cols) {
  return {at, static_cast<long long>(rows) * rowStride(cols) + kXiGap, rowStride(cols)};
}
size_t matricesFloats(size_t rows, size_t cols) {
  const int c = static_cast<int>(cols);
  return kXi * (rows * std::max(rowStride(c), panelColumns(c)) + kXiGap);
}

// The same in panels of the AVX-512 product's width (cpu/winograd_transforms.h), which it reads as one stream.
cpu::Transformed panelMatrices(float* at, int rows, int cols) {
  const long long panelStride = static_cast<long long>(rows) * cpu::kAvx512GemmPanel;
  return {at, panelColumns(cols) / cpu::kAvx512GemmPanel * panelStride + kXiGap, cpu::kAvx512GemmPanel,
          cpu::kAvx512GemmPanel, panelStride};
}

// c[ξ] = a[ξ]·b[ξ] (or a[ξ]·b[ξ]ᵀ) + beta·c[ξ] for the 16 ξ, each product on one thread: m × n, inner size k.
// `onOwnKernel`: on the AVX-512 kernel, b in panels or in rows (a[ξ]·b[ξ]: beta 0 only), or transposed through the
// thread's scratch (a[ξ]·b[ξ]ᵀ: beta 0 or 1).
void gemmPerXi(bool onOwnKernel, bool transB, int m, int n, int k, const cpu::Transformed& a, const cpu::Transformed& b,
               float beta, const cpu::Transformed& c) {
  PrimitiveTimer timer(Primitive::Gemm);
  parallelFor(kXi, [&](int xi) {
    const float* ax = a.data + xi * a.xiStride;
    const float* bx = b.data + xi * b.xiStride;
    float* cx = c.data + xi * c.xiStride;
    if (!onOwnKernel) sgemmOnThisThread(false, transB, m, n, k, 1.f, ax, a.ld, bx, b.ld, beta, cx, c.ld);
    else if (transB) cpu::avx512GemmTransposedB(m, n, k, ax, a.ld, bx, b.ld, cx, c.ld, beta != 0.f);
    else cpu::avx512Gemm(m, n, k, ax, a.ld, bx, b.ld, b.panel ? b.panelStride : cpu::kAvx512GemmPanel, cx, c.ld);
  });
}

}  // namespace

bool winogradApplies(const ConvGeometry& g) { return g.kernelH == 3 && g.kernelW == 3 && g.stride == 1; }

WinogradConvolution::WinogradConvolution(const ConvGeometry& g, int filters, int maxRows)
    : g_(g),
      filters_(filters),
      forward_{g.height, g.width, g.outHeight, g.outWidth, g.padTop, g.padLeft},
      adjoint_{g.outHeight, g.outWidth, g.height, g.width, 2 - g.padTop, 2 - g.padLeft},
      ownGemm_(cpu::avx512GemmChosen()) {
  const size_t perSample = static_cast<size_t>(kXi) * std::max(forward_.tiles(), adjoint_.tiles()) * (g.channels + filters);
  const size_t budget = std::min(convolutionChunkFloats(), kChunkFloats);
  chunk_ = static_cast<int>(std::clamp<size_t>(budget / perSample, 1, static_cast<size_t>(std::max(maxRows, 1))));
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, workspaceFloats());  // grown now, not in the operations
}

// The transformed weights (or the weight gradient's 16 matrices; the adjoint's are transposed), then one chunk's
// transformed input and output.
size_t WinogradConvolution::workspaceFloats() const {
  const size_t tiles = static_cast<size_t>(chunk_) * std::max(forward_.tiles(), adjoint_.tiles());
  const size_t weights = std::max(matricesFloats(filters_, g_.channels), matricesFloats(g_.channels, filters_));
  return weights + matricesFloats(g_.channels, tiles) + matricesFloats(filters_, tiles);
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
  const bool panels = ownGemm_ && cpu::kAvx512GemmPanel % grid.tilesX() == 0;  // no row of tiles spans two panels
  for (int b = 0; b < n; b += chunk_) {
    const int m = std::min(chunk_, n - b), tiles = m * grid.tiles();
    float* const tinAt = ws.data() + matricesFloats(cout, cin);
    const cpu::Transformed tin = panels ? panelMatrices(tinAt, cin, tiles) : matrices(tinAt, cin, tiles);
    const cpu::Transformed tout = matrices(tin.data + matricesFloats(cin, tiles), cout, tiles);
    {
      PrimitiveTimer timer(Primitive::Winograd);
      cpu::inputTransform(grid, in + b * cin * inPlane, m, cin, tin);
    }
    gemmPerXi(ownGemm_, false, cout, tiles, cin, u, tin, 0.f, tout);
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
    gemmPerXi(ownGemm_, true, F, C, tiles, tg, tx, b == 0 ? 0.f : 1.f, mw);
  }
  PrimitiveTimer timer(Primitive::Winograd);
  cpu::weightGradientTransform(mw, F, C, gradWeight);
}

}  // namespace wgan
