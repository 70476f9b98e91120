// cuDNN pads both sides of an axis equally; TensorFlow's 'same' padding puts an odd total's extra row or
// column after the image. A convolution with such padding runs here as an unpadded one over a zero-padded
// copy of the input (as TensorFlow does on cuDNN), so the inner convolution only sees symmetric padding.
#pragma once
#include <functional>
#include <memory>

#include "convolution.h"
#include "../core/device.h"

namespace wgan {

// Whether g's padding is the same on both sides of each axis: a convolution padding padTop / padLeft on
// both sides yields exactly g's output.
bool hasSymmetricPadding(const ConvGeometry& g);

using ConvolutionFactory = std::function<std::unique_ptr<Convolution>(const ConvGeometry&)>;

// `make(g)` where g's padding is symmetric; else an explicitly padded convolution around `make(unpadded)`.
std::unique_ptr<Convolution> withSymmetricPadding(Device& device, const ConvGeometry& g, int maxRows,
                                                  const ConvolutionFactory& make);

}  // namespace wgan
