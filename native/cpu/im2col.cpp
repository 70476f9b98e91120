#include "im2col.h"

#include <cstring>

#include "parallel.h"

namespace wgan::cpu {

void im2col(const ConvGeometry& g, const float* x, int n, float* col) {
  const int P = g.pixels(), K = g.patch();
  parallelFor(n, [&](int b) {
    const float* img = x + static_cast<long long>(b) * g.inSize();
    for (int oy = 0; oy < g.outHeight; ++oy)
      for (int ox = 0; ox < g.outWidth; ++ox) {
        float* row = col + (static_cast<long long>(b) * P + oy * g.outWidth + ox) * K;
        for (int c = 0; c < g.channels; ++c)
          for (int i = 0; i < g.kernelH; ++i) {
            const int iy = oy * g.stride - g.padTop + i;
            float* dst = row + (c * g.kernelH + i) * g.kernelW;
            if (iy < 0 || iy >= g.height) {
              std::memset(dst, 0, sizeof(float) * g.kernelW);
              continue;
            }
            const float* src = img + (c * g.height + iy) * g.width;
            for (int j = 0; j < g.kernelW; ++j) {
              const int ix = ox * g.stride - g.padLeft + j;
              dst[j] = (ix >= 0 && ix < g.width) ? src[ix] : 0.f;
            }
          }
      }
  });
}

void col2im(const ConvGeometry& g, const float* col, int n, float* x) {
  const int P = g.pixels(), K = g.patch();
  parallelFor(n, [&](int b) {
    float* img = x + static_cast<long long>(b) * g.inSize();
    std::memset(img, 0, sizeof(float) * g.inSize());
    for (int oy = 0; oy < g.outHeight; ++oy)
      for (int ox = 0; ox < g.outWidth; ++ox) {
        const float* row = col + (static_cast<long long>(b) * P + oy * g.outWidth + ox) * K;
        for (int c = 0; c < g.channels; ++c)
          for (int i = 0; i < g.kernelH; ++i) {
            const int iy = oy * g.stride - g.padTop + i;
            if (iy < 0 || iy >= g.height) continue;
            const float* src = row + (c * g.kernelH + i) * g.kernelW;
            float* dst = img + (c * g.height + iy) * g.width;
            for (int j = 0; j < g.kernelW; ++j) {
              const int ix = ox * g.stride - g.padLeft + j;
              if (ix >= 0 && ix < g.width) dst[ix] += src[j];
            }
          }
      }
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
