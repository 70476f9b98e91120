#include "im2col.h"

#include <algorithm>
#include <cstring>

#include "parallel.h"

namespace wgan::cpu {

namespace {

// The kernel offsets k in [first, end) of an output row or column that read inside the image, from its first
// input coordinate `start` (the others read padding).
struct Span {
  int first, end;
};

Span spanOf(int start, int kernel, int size) { return {std::clamp(-start, 0, kernel), std::clamp(size - start, 0, kernel)}; }

// One sample's columns (col2imSample: its image from them). KW > 0 is the kernel width known at compile
// time, so that the copy of a kernel row inside the image unrolls (the common 1, 3 and 5); 0: g.kernelW.
template <int KW>
void im2colSample(const ConvGeometry& g, const float* img, float* rows) {
  const int K = g.patch(), kw = KW > 0 ? KW : g.kernelW, kh = g.kernelH, W = g.width;
  for (int oy = 0; oy < g.outHeight; ++oy) {
    const int y0 = oy * g.stride - g.padTop;
    const Span ys = spanOf(y0, kh, g.height);
    for (int ox = 0; ox < g.outWidth; ++ox) {
      float* dst = rows + static_cast<long long>(oy * g.outWidth + ox) * K;
      const int x0 = ox * g.stride - g.padLeft;
      const Span xs = spanOf(x0, kw, W);
      if (xs.first >= xs.end || ys.first >= ys.end) {
        std::fill(dst, dst + K, 0.f);
        continue;
      }
      const bool inside = xs.first == 0 && xs.end == kw;
      for (int c = 0; c < g.channels; ++c, dst += kh * kw) {
        std::fill(dst, dst + ys.first * kw, 0.f);
        const float* line = img + (c * g.height + y0 + ys.first) * W;
        for (int i = ys.first; i < ys.end; ++i, line += W) {
          float* d = dst + i * kw;
          if (inside)
            for (int j = 0; j < kw; ++j) d[j] = line[x0 + j];
          else
            for (int j = 0; j < kw; ++j) d[j] = j >= xs.first && j < xs.end ? line[x0 + j] : 0.f;
        }
        std::fill(dst + ys.end * kw, dst + kh * kw, 0.f);
      }
    }
  }
}

template <int KW>
void col2imSample(const ConvGeometry& g, const float* rows, float* img) {
  const int K = g.patch(), kw = KW > 0 ? KW : g.kernelW, kh = g.kernelH, W = g.width;
  std::memset(img, 0, sizeof(float) * g.inSize());
  for (int oy = 0; oy < g.outHeight; ++oy) {
    const int y0 = oy * g.stride - g.padTop;
    const Span ys = spanOf(y0, kh, g.height);
    for (int ox = 0; ox < g.outWidth; ++ox) {
      const float* src = rows + static_cast<long long>(oy * g.outWidth + ox) * K;
      const int x0 = ox * g.stride - g.padLeft;
      const Span xs = spanOf(x0, kw, W);
      if (xs.first >= xs.end || ys.first >= ys.end) continue;  // reads padding only
      const bool inside = xs.first == 0 && xs.end == kw;
      for (int c = 0; c < g.channels; ++c, src += kh * kw) {
        float* line = img + (c * g.height + y0 + ys.first) * W;
        for (int i = ys.first; i < ys.end; ++i, line += W) {
          const float* s = src + i * kw;
          if (inside)
            for (int j = 0; j < kw; ++j) line[x0 + j] += s[j];
          else
            for (int j = xs.first; j < xs.end; ++j) line[x0 + j] += s[j];
        }
      }
    }
  }
}

using SampleFn = void (*)(const ConvGeometry&, const float*, float*);

SampleFn im2colFor(int kw) {
  return kw == 1 ? im2colSample<1> : kw == 3 ? im2colSample<3> : kw == 5 ? im2colSample<5> : im2colSample<0>;
}

SampleFn col2imFor(int kw) {
  return kw == 1 ? col2imSample<1> : kw == 3 ? col2imSample<3> : kw == 5 ? col2imSample<5> : col2imSample<0>;
}

}  // namespace

void im2col(const ConvGeometry& g, const float* x, int n, float* col) {
  const SampleFn sample = im2colFor(g.kernelW);
  parallelFor(n, [&](int b) {
    sample(g, x + static_cast<long long>(b) * g.inSize(), col + static_cast<long long>(b) * g.pixels() * g.patch());
  });
}

void col2im(const ConvGeometry& g, const float* col, int n, float* x) {
  const SampleFn sample = col2imFor(g.kernelW);
  parallelFor(n, [&](int b) {
    sample(g, col + static_cast<long long>(b) * g.pixels() * g.patch(), x + static_cast<long long>(b) * g.inSize());
  });
}

void planesToRows(const float* planes, int n, int channels, int plane, float* rows) {
  parallelFor(n, [&](int b) {
    for (int c = 0; c < channels; ++c) {
      const float* src = planes + (static_cast<long long>(b) * channels + c) * plane;
      float* dst = rows + static_cast<long long>(b) * plane * channels + c;
      for (int p = 0; p < plane; ++p) dst[p * channels] = src[p];
    }
  });
}

void rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes) {
  parallelFor(n, [&](int b) {
    for (int c = 0; c < channels; ++c) {
      const float* src = rows + static_cast<long long>(b) * plane * channels + c;
      float* dst = planes + (static_cast<long long>(b) * channels + c) * plane;
      for (int p = 0; p < plane; ++p) dst[p] = src[p * channels];
    }
  });
}

}  // namespace wgan::cpu
