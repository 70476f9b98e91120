#include "gemm_convolution.h"

#include <cstddef>

namespace wgan {

GemmConvolution::GemmConvolution(Device& device, const ConvGeometry& g, int filters, int maxRows)
    : device_(device),
      g_(g),
      filters_(filters),
      cols_(device, static_cast<size_t>(maxRows) * g.pixels() * g.patch()),
      rows_(device, static_cast<size_t>(maxRows) * g.pixels() * filters) {}

void GemmConvolution::forward(const float* weight, const float* x, float* y, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_.im2col(g_, x, n, cols_.data());
  device_.sgemm(false, true, positions, filters_, K, 1.f, cols_.data(), K, weight, K, 0.f, rows_.data(), filters_);
  device_.rowsToPlanes(rows_.data(), n, filters_, g_.pixels(), y);
}

void GemmConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_.planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  device_.sgemm(false, false, positions, K, filters_, 1.f, rows_.data(), filters_, weight, K, 0.f, cols_.data(), K);
  device_.col2im(g_, cols_.data(), n, gx);
}

void GemmConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_.im2col(g_, x, n, cols_.data());
  device_.planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  device_.sgemm(true, false, filters_, K, positions, 1.f, rows_.data(), filters_, cols_.data(), K, 1.f, gradWeight, K);
}

}  // namespace wgan
