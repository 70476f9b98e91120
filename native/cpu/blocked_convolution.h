// The CPU's convolution for the kernels neither Winograd nor the pointwise product takes (the DCGANs' 5×5 stride-2
// layers), where the AVX-512 kernel runs (cpu/avx512_gemm.h). Its forward and backward-data never write the im2col
// columns of a whole chunk to memory: each thread takes a run of up to 384 output pixels and up to 256 of their
// column values (whole channels) at a time, a block that stays in the L2 cache. The forward builds the block's
// columns, multiplies them by the weight packed once per call in panels of filters, and after the last block of
// channels writes its pixels' outputs into NCHW; backward-data multiplies the run's output gradients by the weight
// packed in panels of column values and adds the block's columns into the image (col2im) at once. So the columns
// are not written, read back and packed by OpenBLAS, and no plane needs a transpose or zeroing pass of its own.
// The weight gradient is blocked where the weight has at most 2^22 values (all of mnist's and cifar's): each thread
// sums its own columns of gW (whole panels) over runs of 256 pixels (512 above 2^21 values), building the columns
// of the channels they cover; larger weights run as im2col + GEMM (conv/gemm_convolution.h), where OpenBLAS was
// faster (BENCHMARKS.md).
#pragma once
#include "../common/types.h"
#include "../conv/gemm_convolution.h"

namespace wgan {

// Whether the blocked convolution runs g with `filters` outputs: the AVX-512 kernel is chosen, and the filters fill
// at least half of its panel, and the kernel is at most 16 wide (cpu/avx512_columns.h).
bool blockedApplies(const ConvGeometry& g, int filters);

class BlockedConvolution : public Convolution {
 public:
  BlockedConvolution(const ConvGeometry& g, int filters, int maxRows);
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  size_t packedFloats() const;  // the weight in the forward's or backward-data's panels, the larger
  ConvGeometry g_;
  int filters_;
  int channelsPerBlock_;  // channels of one block of columns
  GemmConvolution gemm_;  // larger weights' gradients, and backward-data of batches too small to share
};

}  // namespace wgan
