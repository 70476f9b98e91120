// Depth-to-space with PyTorch's PixelShuffle channel order as a linear map (kernels/linear_map.h):
// output[c][h·r + i][w·r + j] = input[c·r² + i·r + j][h][w]. (TensorFlow's depth_to_space reads input channel
// (i·r + j)·C + c instead.) A permutation: its adjoint is its inverse.
#pragma once
#include "../common/hd.h"

namespace wgan {

struct DepthToSpaceMap {
  int channels, height, width, block;  // the output channels C; the input is (C·r²)×H×W, the output C×(H·r)×(W·r)
  WGAN_HD long long inSize() const { return static_cast<long long>(channels) * block * block * height * width; }
  WGAN_HD long long outSize() const { return inSize(); }
  int inPlanes() const { return channels * block * block; }
  int outPlanes() const { return channels; }

  WGAN_HD float forwardAt(long long i, const float* x) const {
    const int outW = width * block, outH = height * block;
    const long long per = static_cast<long long>(channels) * outH * outW;
    const long long b = i / per;
    const int c = static_cast<int>((i / (static_cast<long long>(outH) * outW)) % channels);
    const int y = static_cast<int>((i / outW) % outH), xx = static_cast<int>(i % outW);
    const int inChannel = (c * block + y % block) * block + xx % block;
    return x[b * per + (static_cast<long long>(inChannel) * height + y / block) * width + xx / block];
  }
  WGAN_HD float adjointAt(long long i, const float* gy) const {
    const int outW = width * block, outH = height * block, inChannels = channels * block * block;
    const long long per = inSize();
    const long long b = i / per;
    const int ch = static_cast<int>((i / (static_cast<long long>(height) * width)) % inChannels);
    const int h = static_cast<int>((i / width) % height), w = static_cast<int>(i % width);
    const int c = ch / (block * block), di = (ch / block) % block, dj = ch % block;
    return gy[b * per + (static_cast<long long>(c) * outH + h * block + di) * outW + w * block + dj];
  }

  // The CPU's loops, a plane at a time (core/linear_map_layer.h): output plane q = b·C + c of the batch, from
  // input planes q·r² + i·r + j ...
  void forwardPlane(long long q, const float* x, float* y) const {
    const int outW = width * block, plane = height * width;
    float* out = y + q * plane * block * block;
    for (int i = 0; i < block; ++i)
      for (int j = 0; j < block; ++j) {
        const float* in = x + ((q * block + i) * block + j) * plane;
        for (int h = 0; h < height; ++h)
          for (int w = 0; w < width; ++w) out[static_cast<long long>(h * block + i) * outW + w * block + j] = in[h * width + w];
      }
  }
  // ... and input plane q = b·C·r² + c·r² + i·r + j of the adjoint, from output plane q / r².
  void adjointPlane(long long q, const float* gy, float* gx) const {
    const int outW = width * block, plane = height * width, i = static_cast<int>(q / block % block), j = static_cast<int>(q % block);
    const float* g = gy + q / (block * block) * plane * block * block;
    float* out = gx + q * plane;
    for (int h = 0; h < height; ++h)
      for (int w = 0; w < width; ++w) out[h * width + w] = g[static_cast<long long>(h * block + i) * outW + w * block + j];
  }
};

}  // namespace wgan
