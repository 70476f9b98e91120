#include "conv_core.h"

#include <cstddef>

#include "../cpu/gemm.h"

namespace wgan {

void ConvCore::reserve(int maxRows) {
  const size_t positions = static_cast<size_t>(maxRows) * g_.pixels();
  if (cols_.size() < positions * g_.patch()) cols_.resize(positions * g_.patch());
  if (rows_.size() < positions * filters_) rows_.resize(positions * filters_);
}

void ConvCore::forward(const float* weight, const float* x, float* y, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  im2col(g_, x, n, cols_.data());
  sgemm(false, true, positions, filters_, K, 1.f, cols_.data(), K, weight, K, 0.f, rows_.data(), filters_);
  rowsToPlanes(rows_.data(), n, filters_, g_.pixels(), y);
}

void ConvCore::backwardData(const float* weight, const float* gy, float* gx, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  sgemm(false, false, positions, K, filters_, 1.f, rows_.data(), filters_, weight, K, 0.f, cols_.data(), K);
  col2im(g_, cols_.data(), n, gx);
}

void ConvCore::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  im2col(g_, x, n, cols_.data());
  planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  sgemm(true, false, filters_, K, positions, 1.f, rows_.data(), filters_, cols_.data(), K, 1.f, gradWeight, K);
}

}  // namespace wgan
