// A convolution as im2col / col2im and one GEMM, on any device's primitives: the CPU's convolution, and
// the CUDA backend's where cuDNN is missing or WGAN_GP_CONV=gemm.
#pragma once
#include "convolution.h"
#include "../core/device.h"

namespace wgan {

class GemmConvolution : public Convolution {
 public:
  GemmConvolution(Device& device, const ConvGeometry& g, int filters, int maxRows);
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  Device& device_;
  ConvGeometry g_;
  int filters_;
  DeviceArray<float> cols_, rows_;  // im2col columns and the GEMM's [n·P, F] side
};

}  // namespace wgan
