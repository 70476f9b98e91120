// How a conv2d / conv2dTranspose spec becomes a convolution's geometry (common/types.h: ConvGeometry):
// the options both kinds read, the keys they declare, and the output size and padding of each axis.
#pragma once
#include <vector>

#include "../common/types.h"
#include "../core/spec_reader.h"

namespace wgan {

struct ConvOptions {
  int filters, kernelH, kernelW, stride;
  Padding padding;        // 'same' follows TensorFlow (the extra row/column after); a number is symmetric
  int outputPadding = 0;  // transposed only, PyTorch semantics
};

// The spec keys of conv2d, and of conv2dTranspose (which adds outputPadding).
std::vector<SpecKey> convKeys(bool transposed);
ConvOptions readConvOptions(const SpecReader& spec, bool transposed);

// The convolution from `in` ([C, H, W]) to the conv2d layer's output.
ConvGeometry convGeometry(const Shape& in, const ConvOptions& o);
// The convolution from a conv2dTranspose layer's output to its input `in` (the layer runs it backwards).
ConvGeometry transposedGeometry(const Shape& in, const ConvOptions& o);

}  // namespace wgan
