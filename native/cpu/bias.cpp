#include "bias.h"

#include <algorithm>
#include <vector>

#include "parallel.h"

namespace wgan::cpu {

void addBiasRows(float* y, const float* bias, int rows, int cols) {
  parallelBlocks(rows, grainOf(cols), [&](long long begin, long long end) {
    for (long long r = begin; r < end; ++r)
      for (int c = 0; c < cols; ++c) y[r * cols + c] += bias[c];
  });
}

void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) {
  parallelBlocks(static_cast<long long>(n) * channels, grainOf(plane), [&](long long begin, long long end) {
    for (long long q = begin; q < end; ++q) {
      float* p = y + q * plane;
      const float b = bias[q % channels];
      for (int i = 0; i < plane; ++i) p[i] += b;
    }
  });
}

// Each call sums its rows in double and adds once: the Wasserstein term's real and fake halves, summed by
// separate calls, then cancel exactly where exact arithmetic gives zero (a bias on a linear path). The columns
// split over the threads, each column summed over the rows in order.
void sumRowsInto(const float* g, int rows, int cols, float* out) {
  parallelBlocks(cols, grainOf(rows), [&](long long begin, long long end) {
    std::vector<double> sums(end - begin, 0.0);
    for (int r = 0; r < rows; ++r) {
      const float* row = g + static_cast<long long>(r) * cols + begin;
      for (long long c = 0; c < end - begin; ++c) sums[c] += row[c];
    }
    for (long long c = begin; c < end; ++c) out[c] += static_cast<float>(sums[c - begin]);
  });
}

// Channels split over the threads; each thread adds up kLanes channels side by side, each channel's sum still in
// order (independent chains of additions instead of one that waits on each).
void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) {
  constexpr int kLanes = 4;
  parallelBlocks(channels, grainOf(static_cast<long long>(n) * plane), [&](long long begin, long long end) {
    for (long long c0 = begin; c0 < end; c0 += kLanes) {
      const int lanes = static_cast<int>(std::min<long long>(kLanes, end - c0));
      double s[kLanes] = {};
      for (int b = 0; b < n; ++b) {
        const float* p = g + (static_cast<long long>(b) * channels + c0) * plane;
        if (lanes == kLanes)
          for (int i = 0; i < plane; ++i)
            for (int l = 0; l < kLanes; ++l) s[l] += p[l * plane + i];
        else
          for (int l = 0; l < lanes; ++l)
            for (int i = 0; i < plane; ++i) s[l] += p[l * plane + i];
      }
      for (int l = 0; l < lanes; ++l) out[c0 + l] += static_cast<float>(s[l]);
    }
  });
}

}  // namespace wgan::cpu
