#include "im2col.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "parallel.h"

namespace wgan::cpu {

namespace {

// The kernel offsets k in [first, end) of an output row or column that read inside the image, from its first
// input coordinate `start` (the others read padding).
struct Span {
  int first, end;
};

Span spanOf(int start, int kernel, int size) { return {std::clamp(-start, 0, kernel), std::clamp(size - start, 0, kernel)}; }

// One output pixel's column row: its kernel's reads of every channel, zeros where they fall in the padding.
template <int KW>
void im2colPixel(const ConvGeometry& g, const float* img, float* dst, int y0, int x0) {
  const int kw = KW > 0 ? KW : g.kernelW, kh = g.kernelH, W = g.width;
  const Span ys = spanOf(y0, kh, g.height), xs = spanOf(x0, kw, W);
  if (xs.first >= xs.end || ys.first >= ys.end) {
    std::fill(dst, dst + g.patch(), 0.f);
    return;
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

// The image values a kernel row of width KW reads in im2colInside: a 3-wide row is copied as 4 values.
template <int KW>
constexpr int kRowRead = KW == 3 ? 4 : KW;

// Copies a kernel row of width KW (3 or 5) inside the image with 4-value moves: 3 as 4 values, the 4th landing
// where the next copy writes (`last`: none follows in this pixel, so 3 exactly); 5 as two overlapping 4s.
template <int KW>
void copyKernelRow(float* dst, const float* line, bool last) {
  if (KW == 5) {
    std::memcpy(dst, line, 4 * sizeof(float));
    std::memcpy(dst + 1, line + 1, 4 * sizeof(float));
  } else if (last) {
    std::copy(line, line + 3, dst);
  } else {
    std::memcpy(dst, line, 4 * sizeof(float));
  }
}

// Pixels [oxBegin, oxEnd) of output row oy of a KW-wide kernel (3 or 5) whose kernel rows all lie inside the
// image, with kRowRead<KW> values to read in each. A few pixels at a time, a channel at a time, so that the
// image rows read and the column rows written stay in the L1 cache.
template <int KW>
void im2colInside(const ConvGeometry& g, const float* img, float* rows, int oy, int oxBegin, int oxEnd) {
  constexpr int kPixels = 8;
  const int K = g.patch(), W = g.width, kh = g.kernelH, y0 = oy * g.stride - g.padTop;
  for (int ox0 = oxBegin; ox0 < oxEnd; ox0 += kPixels) {
    const int ox1 = std::min(ox0 + kPixels, oxEnd);
    for (int c = 0; c < g.channels; ++c) {
      const bool lastChannel = c == g.channels - 1;
      for (int ox = ox0; ox < ox1; ++ox) {
        float* dst = rows + static_cast<long long>(oy * g.outWidth + ox) * K + c * kh * KW;
        const float* line = img + (c * g.height + y0) * W + ox * g.stride - g.padLeft;
        for (int i = 0; i < kh; ++i, line += W, dst += KW) copyKernelRow<KW>(dst, line, lastChannel && i == kh - 1);
      }
    }
  }
}

// Output rows [oyBegin, oyEnd) of one sample's columns. KW > 0 is the kernel width known at compile time, so
// that the copy of a kernel row inside the image unrolls (the common 1, 3 and 5); 0: g.kernelW.
template <int KW>
void im2colRows(const ConvGeometry& g, const float* img, float* rows, int oyBegin, int oyEnd) {
  // The pixels of a row for im2colInside: x0 = ox·stride - padLeft >= 0 and x0 + kRowRead <= W.
  int oxBegin = 0, oxEnd = 0;
  if (KW == 3 || KW == 5) {
    const int last = g.width - kRowRead<KW> + g.padLeft;  // the largest ox·stride
    oxBegin = std::min((g.padLeft + g.stride - 1) / g.stride, g.outWidth);
    oxEnd = std::clamp(last >= 0 ? last / g.stride + 1 : 0, oxBegin, g.outWidth);
  }
  for (int oy = oyBegin; oy < oyEnd; ++oy) {
    const int y0 = oy * g.stride - g.padTop;
    const bool rowsInside = y0 >= 0 && y0 + g.kernelH <= g.height;
    const int a = rowsInside ? oxBegin : 0, b = rowsInside ? oxEnd : 0;
    float* row = rows + static_cast<long long>(oy) * g.outWidth * g.patch();
    for (int ox = 0; ox < g.outWidth; ++ox) {
      if (ox == a && a < b) {
        if constexpr (KW == 3 || KW == 5) im2colInside<KW>(g, img, rows, oy, a, b);
        ox = b - 1;
        continue;
      }
      im2colPixel<KW>(g, img, row + static_cast<long long>(ox) * g.patch(), y0, ox * g.stride - g.padLeft);
    }
  }
}

// Channels [cBegin, cEnd) of one sample's image from its columns. Each image value adds up its column entries in
// the order of one pass over the output pixels (then kernel rows and columns), however the channels split.
template <int KW>
void col2imChannels(const ConvGeometry& g, const float* rows, float* img, int cBegin, int cEnd) {
  const int K = g.patch(), kw = KW > 0 ? KW : g.kernelW, kh = g.kernelH, W = g.width;
  const long long plane = static_cast<long long>(g.height) * W;
  std::memset(img + cBegin * plane, 0, sizeof(float) * (cEnd - cBegin) * plane);
  if (g.stride == 1) {
    // An output row at a time, then an image row of one channel at a time: each value takes the row's entries
    // for it in a register, from the output pixels in order (kernel columns kw-1 down to 0).
    const int OW = g.outWidth, pad = g.padLeft;
    const int xBegin = std::clamp(kw - 1 - pad, 0, W), xEnd = std::clamp(OW - pad, xBegin, W);  // every kernel column
    for (int oy = 0; oy < g.outHeight; ++oy) {
      const int y0 = oy - g.padTop;
      const Span ys = spanOf(y0, kh, g.height);
      const float* pixels = rows + static_cast<long long>(oy) * OW * K;
      for (int c = cBegin; c < cEnd; ++c)
        for (int i = ys.first; i < ys.end; ++i) {
          float* line = img + c * plane + static_cast<long long>(y0 + i) * W;
          const float* src = pixels + (c * kh + i) * kw;
          const auto edge = [&](int x) {
            float v = line[x];
            for (int j = kw - 1; j >= 0; --j) {
              const int ox = x + pad - j;
              if (ox >= 0 && ox < OW) v += src[static_cast<long long>(ox) * K + j];
            }
            line[x] = v;
          };
          for (int x = 0; x < xBegin; ++x) edge(x);
          for (int x = xBegin; x < xEnd; ++x) {
            float v = line[x];
            for (int j = kw - 1; j >= 0; --j) v += src[static_cast<long long>(x + pad - j) * K + j];
            line[x] = v;
          }
          for (int x = xEnd; x < W; ++x) edge(x);
        }
    }
    return;
  }
  for (int oy = 0; oy < g.outHeight; ++oy) {
    const int y0 = oy * g.stride - g.padTop;
    const Span ys = spanOf(y0, kh, g.height);
    for (int ox = 0; ox < g.outWidth; ++ox) {
      const float* src = rows + static_cast<long long>(oy * g.outWidth + ox) * K + cBegin * kh * kw;
      const int x0 = ox * g.stride - g.padLeft;
      const Span xs = spanOf(x0, kw, W);
      if (xs.first >= xs.end || ys.first >= ys.end) continue;  // reads padding only
      const bool inside = xs.first == 0 && xs.end == kw;
      for (int c = cBegin; c < cEnd; ++c, src += kh * kw) {
        float* line = img + c * plane + (y0 + ys.first) * W;
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

using RowsFn = void (*)(const ConvGeometry&, const float*, float*, int, int);

RowsFn im2colFor(int kw) {
  return kw == 1 ? im2colRows<1> : kw == 3 ? im2colRows<3> : kw == 5 ? im2colRows<5> : im2colRows<0>;
}

RowsFn col2imFor(int kw) {
  return kw == 1 ? col2imChannels<1> : kw == 3 ? col2imChannels<3> : kw == 5 ? col2imChannels<5> : col2imChannels<0>;
}

// The channels of one col2im item: a sample splits into several, so that a chunk of few samples still fills the
// threads.
constexpr int kCol2imChannels = 8;

// The side of the square tiles the transposes copy through, and the pixels of one transpose item.
constexpr int kTile = 16, kTransposePixels = 64;

// f(c, p) for channels c < channels and pixels p in [p0, p1), in tiles, pixels innermost: the planes' side
// goes a line at a time, the rows' side (channels apart) stays in cache for its tile.
template <class F>
void forEachTile(int channels, int p0, int p1, F f) {
  for (int c0 = 0; c0 < channels; c0 += kTile)
    for (int q0 = p0; q0 < p1; q0 += kTile) {
      const int c1 = std::min(c0 + kTile, channels), q1 = std::min(q0 + kTile, p1);
      for (int c = c0; c < c1; ++c)
        for (int p = q0; p < q1; ++p) f(c, p);
    }
}

// Runs body(b, begin, end) over sample b's items [begin, end) of `perSample`, the batch's items split over the
// threads; an item holds about `itemValues` values.
void forEachItem(int n, int perSample, long long itemValues, const std::function<void(int, int, int)>& body) {
  parallelBlocks(static_cast<long long>(n) * perSample, grainOf(itemValues), [&](long long begin, long long end) {
    for (long long item = begin; item < end;) {
      const int b = static_cast<int>(item / perSample), first = static_cast<int>(item % perSample);
      const int last = static_cast<int>(std::min<long long>(end - static_cast<long long>(b) * perSample, perSample));
      body(b, first, last);
      item += last - first;
    }
  });
}

// Items (both transposes): kTransposePixels pixels of a sample, all channels.
// rows[b·plane + p][c] = planes[b][c][p]: im2col of a 1×1 kernel.
void planesToRows(const float* planes, int n, int channels, int plane, float* rows) {
  const int blocks = (plane + kTransposePixels - 1) / kTransposePixels;
  forEachItem(n, blocks, static_cast<long long>(kTransposePixels) * channels, [&](int b, int begin, int end) {
    const float* from = planes + static_cast<long long>(b) * channels * plane;
    float* to = rows + static_cast<long long>(b) * channels * plane;
    forEachTile(channels, begin * kTransposePixels, std::min(end * kTransposePixels, plane),
                [&](int c, int p) { to[static_cast<long long>(p) * channels + c] = from[static_cast<long long>(c) * plane + p]; });
  });
}

// planes[b][c][p] = 0 + rows[b·plane + p][c]: col2im of a 1×1 kernel, which adds to zeros (so -0 becomes 0).
void rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes) {
  const int blocks = (plane + kTransposePixels - 1) / kTransposePixels;
  forEachItem(n, blocks, static_cast<long long>(kTransposePixels) * channels, [&](int b, int begin, int end) {
    const float* from = rows + static_cast<long long>(b) * channels * plane;
    float* to = planes + static_cast<long long>(b) * channels * plane;
    forEachTile(channels, begin * kTransposePixels, std::min(end * kTransposePixels, plane), [&](int c, int p) {
      to[static_cast<long long>(c) * plane + p] = 0.f + from[static_cast<long long>(p) * channels + c];
    });
  });
}

// A 1×1 kernel at stride 1 without padding: the columns are the planes transposed.
bool isTranspose(const ConvGeometry& g) {
  return g.kernelH == 1 && g.kernelW == 1 && g.stride == 1 && g.outHeight == g.height && g.outWidth == g.width;
}

}  // namespace

// Items: output rows of a sample.
void im2col(const ConvGeometry& g, const float* x, int n, float* col) {
  if (isTranspose(g)) return planesToRows(x, n, g.channels, g.pixels(), col);
  const RowsFn rows = im2colFor(g.kernelW);
  forEachItem(n, g.outHeight, static_cast<long long>(g.outWidth) * g.patch(), [&](int b, int begin, int end) {
    rows(g, x + static_cast<long long>(b) * g.inSize(), col + static_cast<long long>(b) * g.pixels() * g.patch(), begin, end);
  });
}

// Items: blocks of kCol2imChannels channels of a sample.
void col2im(const ConvGeometry& g, const float* col, int n, float* x) {
  if (isTranspose(g)) return rowsToPlanes(col, n, g.channels, g.pixels(), x);
  const RowsFn channels = col2imFor(g.kernelW);
  const int blocks = (g.channels + kCol2imChannels - 1) / kCol2imChannels;
  forEachItem(n, blocks, static_cast<long long>(g.pixels()) * g.kernelH * g.kernelW * kCol2imChannels,
              [&](int b, int begin, int end) {
                channels(g, col + static_cast<long long>(b) * g.pixels() * g.patch(), x + static_cast<long long>(b) * g.inSize(),
                         begin * kCol2imChannels, std::min(end * kCol2imChannels, g.channels));
              });
}

// Items: blocks, each one copy, in moves of a constant size that compile inline (blocks are planes of a few dozen
// values, for which a call to memcpy each took as long as the copy).
void transposeBlocks(const float* from, int rows, int cols, int block, float* to) {
  parallelBlocks(static_cast<long long>(rows) * cols, grainOf(block), [&](long long begin, long long end) {
    for (long long item = begin; item < end; ++item) {
      const long long r = item / cols, c = item % cols;
      const float* s = from + item * block;
      float* d = to + (c * rows + r) * block;
      int i = 0;
      for (; i + 16 <= block; i += 16) std::memcpy(d + i, s + i, 16 * sizeof(float));
      for (; i + 4 <= block; i += 4) std::memcpy(d + i, s + i, 4 * sizeof(float));
      for (; i < block; ++i) d[i] = s[i];
    }
  });
}

}  // namespace wgan::cpu
