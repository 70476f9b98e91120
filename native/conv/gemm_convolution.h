// A convolution as im2col / col2im and one GEMM, on any device's primitives: the CPU's convolution, and
// the CUDA backend's where cuDNN is missing or WGAN_GP_CONV=gemm. The batch runs in chunks of samples whose
// columns fit a fixed budget, in the device's shared workspace (conv/workspace.h), so no layer holds
// columns for all its rows. The GEMM's image side is a chunk in CNHW ([F, samples·H·W]): a block transpose
// (runs of H·W floats) turns it into NCHW and back, cheaper than transposing every value into pixel rows.
#pragma once
#include <cstddef>
#include <functional>

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
  size_t colsFloats() const;  // the im2col columns of one chunk; the GEMM's [F, rows] side follows them
  size_t workspaceFloats() const;
  // body(first sample, samples, columns, CNHW side) for each chunk of the n samples, in the shared workspace
  void forEachChunk(int n, const std::function<void(int, int, float*, float*)>& body);
  Device& device_;
  ConvGeometry g_;
  int filters_;
  int chunk_;  // samples per chunk
};

}  // namespace wgan
