#include "bias.h"

namespace wgan {

void addBiasRows(float* y, const float* bias, int rows, int cols) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[static_cast<long long>(r) * cols + c] += bias[c];
}

void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) {
  for (int b = 0; b < n; ++b)
    for (int c = 0; c < channels; ++c) {
      float* p = y + (static_cast<long long>(b) * channels + c) * plane;
      for (int i = 0; i < plane; ++i) p[i] += bias[c];
    }
}

void sumRowsInto(const float* g, int rows, int cols, float* out) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) out[c] += g[static_cast<long long>(r) * cols + c];
}

void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) {
  for (int b = 0; b < n; ++b)
    for (int c = 0; c < channels; ++c) {
      const float* p = g + (static_cast<long long>(b) * channels + c) * plane;
      double s = 0;
      for (int i = 0; i < plane; ++i) s += p[i];
      out[c] += static_cast<float>(s);
    }
}

}  // namespace wgan
