#include "bias.h"

#include <vector>

namespace wgan::cpu {

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

// Each call sums its rows in double and adds once: the Wasserstein term's real and fake halves, summed by
// separate calls, then cancel exactly where exact arithmetic gives zero (a bias on a linear path).
void sumRowsInto(const float* g, int rows, int cols, float* out) {
  std::vector<double> sums(cols, 0.0);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) sums[c] += g[static_cast<long long>(r) * cols + c];
  for (int c = 0; c < cols; ++c) out[c] += static_cast<float>(sums[c]);
}

void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) {
  for (int c = 0; c < channels; ++c) {
    double s = 0;
    for (int b = 0; b < n; ++b) {
      const float* p = g + (static_cast<long long>(b) * channels + c) * plane;
      for (int i = 0; i < plane; ++i) s += p[i];
    }
    out[c] += static_cast<float>(s);
  }
}

}  // namespace wgan::cpu
