// The plain types shared by the backend interface (core/device.h), the shared kernel bodies (kernels/) and
// both backends: convolution geometry, activation kinds, normalisation op/layout/arguments, the crop window,
// and the random-number and Adam control blocks. No behaviour, no dependency on any backend.
#pragma once
#include <cstdint>

#include "hd.h"

namespace wgan {

// A 2-D convolution's geometry. The transposed convolution uses the same geometry read backwards (its
// output is this input).
struct ConvGeometry {
  int channels, height, width;  // input image C×H×W
  int outHeight, outWidth;      // output image OH×OW
  int kernelH, kernelW, stride;
  int padTop, padLeft;  // padding before the first row / column; any padding after is implied

  WGAN_HD int patch() const { return channels * kernelH * kernelW; }  // one GEMM row of the columns
  WGAN_HD int pixels() const { return outHeight * outWidth; }
  WGAN_HD int inSize() const { return channels * height * width; }
};

enum class ActivationKind { Relu, LeakyRelu, Tanh, Sigmoid };
// The Sync* ops are a synchronised BatchNorm's partial sums (kernels/normalize.h, layers/synced_batch_stats.h).
enum class NormOp { Forward, BackwardData, BackwardParams, Tangent, Curvature, SyncSumX, SyncSumSquares, SyncBackwardSums };

// The groups a normalisation works over: one per sample (LayerNorm, `features` values each) or one per
// channel over the batch and its pixels (BatchNorm in training mode).
struct NormLayout {
  bool perChannel;
  int n, channels, plane;  // LayerNorm: channels = 1, plane = features
  // BatchNorm with statistics synchronised across ranks: the all-ranks sums (kernels/normalize.h, SyncedSums);
  // null for statistics of this batch alone.
  double* synced = nullptr;
};

// Inputs and outputs of one NormOp (docs/design.md §2): gy for backward and curvature, v for tangent and
// curvature; out is y, gx, w or c; gradGamma/gradBeta are accumulated into.
struct NormArgs {
  const float* x;
  const float* gamma;
  const float* beta;
  const float* gy;
  const float* v;
  float* out;
  float* gradGamma;
  float* gradBeta;
};

// The window of crop2d: C×bigH×bigW images, the kept smallH×smallW block starting at (top, left).
struct CropWindow {
  int channels, bigH, bigW, smallH, smallW, top, left;
};

// Random-number and optimizer state read by the kernels from device memory, so that a captured graph
// replays with the values of the current iteration.
struct RngControl {
  uint64_t key, counter;
};
struct AdamControl {
  float lr, beta1, beta2, epsilon;
  long long t;  // updates applied so far
};

}  // namespace wgan
