#include "gemm_convolution.h"

#include <algorithm>

#include "workspace.h"

namespace wgan {

GemmConvolution::GemmConvolution(Device& device, const ConvGeometry& g, int filters, int maxRows)
    : device_(device), g_(g), filters_(filters) {
  const size_t perSample = static_cast<size_t>(g.pixels()) * (g.patch() + filters);
  chunk_ = static_cast<int>(std::clamp<size_t>(convolutionChunkFloats() / perSample, 1, static_cast<size_t>(std::max(maxRows, 1))));
  // grown now, so the operations do not allocate
  Workspace reserved(device, WorkspaceUse::Convolution, workspaceFloats());
}

size_t GemmConvolution::colsFloats() const { return static_cast<size_t>(chunk_) * g_.pixels() * g_.patch(); }

size_t GemmConvolution::workspaceFloats() const {
  return colsFloats() + static_cast<size_t>(chunk_) * g_.pixels() * filters_;
}

void GemmConvolution::forEachChunk(int n, const std::function<void(int, int, float*, float*)>& body) {
  Workspace ws(device_, WorkspaceUse::Convolution, workspaceFloats());
  float *cols = ws.data(), *cnhw = cols + colsFloats();
  for (int b = 0; b < n; b += chunk_) body(b, std::min(chunk_, n - b), cols, cnhw);
}

void GemmConvolution::forward(const float* weight, const float* x, float* y, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* cnhw) {
    device_.im2col(g_, x + static_cast<size_t>(b) * g_.inSize(), m, cols);
    device_.sgemm(false, true, filters_, m * P, K, 1.f, weight, K, cols, K, 0.f, cnhw, m * P);
    device_.transposeBlocks(cnhw, filters_, m, P, y + static_cast<size_t>(b) * filters_ * P);
  });
}

void GemmConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* cnhw) {
    device_.transposeBlocks(gy + static_cast<size_t>(b) * filters_ * P, m, filters_, P, cnhw);
    device_.sgemm(true, false, m * P, K, filters_, 1.f, cnhw, m * P, weight, K, 0.f, cols, K);
    device_.col2im(g_, cols, m, gx + static_cast<size_t>(b) * g_.inSize());
  });
}

void GemmConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* cnhw) {
    device_.im2col(g_, x + static_cast<size_t>(b) * g_.inSize(), m, cols);
    device_.transposeBlocks(gy + static_cast<size_t>(b) * filters_ * P, m, filters_, P, cnhw);
    device_.sgemm(false, false, filters_, K, m * P, 1.f, cnhw, m * P, cols, K, 1.f, gradWeight, K);
  });
}

}  // namespace wgan
