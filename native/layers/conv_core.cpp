#include "conv_core.h"

#include <cstddef>

namespace wgan {

void ConvCore::reserve(Device& device, int maxRows) {
  const size_t positions = static_cast<size_t>(maxRows) * g_.pixels();
  if (device_ != &device) cols_ = {}, rows_ = {};
  device_ = &device;
  if (cols_.size() < positions * g_.patch()) cols_ = DeviceArray<float>(device, positions * g_.patch());
  if (rows_.size() < positions * filters_) rows_ = DeviceArray<float>(device, positions * filters_);
}

void ConvCore::forward(const float* weight, const float* x, float* y, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_->im2col(g_, x, n, cols_.data());
  device_->sgemm(false, true, positions, filters_, K, 1.f, cols_.data(), K, weight, K, 0.f, rows_.data(), filters_);
  device_->rowsToPlanes(rows_.data(), n, filters_, g_.pixels(), y);
}

void ConvCore::backwardData(const float* weight, const float* gy, float* gx, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_->planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  device_->sgemm(false, false, positions, K, filters_, 1.f, rows_.data(), filters_, weight, K, 0.f, cols_.data(), K);
  device_->col2im(g_, cols_.data(), n, gx);
}

void ConvCore::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  const int positions = n * g_.pixels(), K = g_.patch();
  device_->im2col(g_, x, n, cols_.data());
  device_->planesToRows(gy, n, filters_, g_.pixels(), rows_.data());
  device_->sgemm(true, false, filters_, K, positions, 1.f, rows_.data(), filters_, cols_.data(), K, 1.f, gradWeight, K);
}

}  // namespace wgan
