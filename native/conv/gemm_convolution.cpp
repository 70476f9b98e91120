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
  float *cols = ws.data(), *rows = cols + colsFloats();
  for (int b = 0; b < n; b += chunk_) body(b, std::min(chunk_, n - b), cols, rows);
}

void GemmConvolution::forward(const float* weight, const float* x, float* y, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* rows) {
    device_.im2col(g_, x + static_cast<size_t>(b) * g_.inSize(), m, cols);
    device_.sgemm(false, true, m * P, filters_, K, 1.f, cols, K, weight, K, 0.f, rows, filters_);
    device_.rowsToPlanes(rows, m, filters_, P, y + static_cast<size_t>(b) * filters_ * P);
  });
}

void GemmConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* rows) {
    device_.planesToRows(gy + static_cast<size_t>(b) * filters_ * P, m, filters_, P, rows);
    device_.sgemm(false, false, m * P, K, filters_, 1.f, rows, filters_, weight, K, 0.f, cols, K);
    device_.col2im(g_, cols, m, gx + static_cast<size_t>(b) * g_.inSize());
  });
}

void GemmConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  const int K = g_.patch(), P = g_.pixels();
  forEachChunk(n, [&](int b, int m, float* cols, float* rows) {
    device_.im2col(g_, x + static_cast<size_t>(b) * g_.inSize(), m, cols);
    device_.planesToRows(gy + static_cast<size_t>(b) * filters_ * P, m, filters_, P, rows);
    device_.sgemm(true, false, filters_, K, m * P, 1.f, rows, filters_, cols, K, 1.f, gradWeight, K);
  });
}

}  // namespace wgan
