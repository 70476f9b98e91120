#include "padded_convolution.h"

#include <algorithm>
#include <cstddef>

namespace wgan {

namespace {

int symmetricOutput(int in, int kernel, int stride, int pad) {
  const int span = in + 2 * pad - kernel;
  return span < 0 ? 0 : span / stride + 1;
}

// Rows (or columns) the output reads, counted from the first padding row: the padded input's length.
int paddedLength(int out, int kernel, int stride, int padBefore, int in) {
  return std::max((out - 1) * stride + kernel, padBefore + in);
}

class PaddedConvolution : public Convolution {
 public:
  PaddedConvolution(Device& device, const ConvGeometry& g, int maxRows, const ConvolutionFactory& make)
      : device_(device),
        window_(windowOf(g)),
        inner_(make(unpadded(g))),
        padded_(device, static_cast<size_t>(maxRows) * g.channels * window_.bigH * window_.bigW) {}

  void forward(const float* weight, const float* x, float* y, int n) override {
    device_.cropWindow(window_, x, padded_.data(), n, false);
    inner_->forward(weight, padded_.data(), y, n);
  }
  void backwardData(const float* weight, const float* gy, float* gx, int n) override {
    inner_->backwardData(weight, gy, padded_.data(), n);
    device_.cropWindow(window_, padded_.data(), gx, n, true);
  }
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override {
    device_.cropWindow(window_, x, padded_.data(), n, false);
    inner_->backwardFilter(padded_.data(), gy, gradWeight, n);
  }

 private:
  static CropWindow windowOf(const ConvGeometry& g) {
    return {g.channels,
            paddedLength(g.outHeight, g.kernelH, g.stride, g.padTop, g.height),
            paddedLength(g.outWidth, g.kernelW, g.stride, g.padLeft, g.width),
            g.height,
            g.width,
            g.padTop,
            g.padLeft};
  }
  ConvGeometry unpadded(const ConvGeometry& g) const {
    ConvGeometry p = g;
    p.height = window_.bigH;
    p.width = window_.bigW;
    p.padTop = p.padLeft = 0;
    return p;
  }

  Device& device_;
  CropWindow window_;
  std::unique_ptr<Convolution> inner_;
  DeviceArray<float> padded_;
};

}  // namespace

bool hasSymmetricPadding(const ConvGeometry& g) {
  return symmetricOutput(g.height, g.kernelH, g.stride, g.padTop) == g.outHeight &&
         symmetricOutput(g.width, g.kernelW, g.stride, g.padLeft) == g.outWidth;
}

std::unique_ptr<Convolution> withSymmetricPadding(Device& device, const ConvGeometry& g, int maxRows,
                                                  const ConvolutionFactory& make) {
  if (hasSymmetricPadding(g)) return make(g);
  return std::make_unique<PaddedConvolution>(device, g, maxRows, make);
}

}  // namespace wgan
