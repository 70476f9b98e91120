#include "winograd_transforms.h"

#include <algorithm>
#include <type_traits>

#include "parallel.h"
#include "thread_scratch.h"

namespace wgan::cpu {

namespace {

// u = G w Gᵀ for a 3×3 w, G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]
void gTransform(const float w[9], float u[16]) {
  float t[12];  // G w
  for (int j = 0; j < 3; ++j) {
    t[j] = w[j];
    t[3 + j] = 0.5f * (w[j] + w[3 + j] + w[6 + j]);
    t[6 + j] = 0.5f * (w[j] - w[3 + j] + w[6 + j]);
    t[9 + j] = w[6 + j];
  }
  for (int i = 0; i < 4; ++i) {
    const float* r = t + 3 * i;
    u[4 * i] = r[0];
    u[4 * i + 1] = 0.5f * (r[0] + r[1] + r[2]);
    u[4 * i + 2] = 0.5f * (r[0] - r[1] + r[2]);
    u[4 * i + 3] = r[2];
  }
}

// w = Gᵀ m G (3×3)
void gAdjoint(const float m[16], float w[9]) {
  float t[12];  // Gᵀ m
  for (int j = 0; j < 4; ++j) {
    t[j] = m[j] + 0.5f * (m[4 + j] + m[8 + j]);
    t[4 + j] = 0.5f * (m[4 + j] - m[8 + j]);
    t[8 + j] = 0.5f * (m[4 + j] + m[8 + j]) + m[12 + j];
  }
  for (int i = 0; i < 3; ++i) {
    const float* r = t + 4 * i;
    w[3 * i] = r[0] + 0.5f * (r[1] + r[2]);
    w[3 * i + 1] = 0.5f * (r[1] - r[2]);
    w[3 * i + 2] = 0.5f * (r[1] + r[2]) + r[3];
  }
}

// body(b, row, tileRow, scratch) for every plane (b, row) of n samples, over the threads: tileRow(ty) is where row
// ty of the plane's tiles lies in the transformed domain (matrix ξ = 0); `scratch` holds scratchFloats floats of the
// calling thread.
template <typename Body>
void forEachPlane(const TileGrid& grid, int n, int rows, long long planeFloats, Transformed t, size_t scratchFloats,
                  const Body& body) {
  parallelBlocks(static_cast<long long>(n) * rows, grainOf(planeFloats), [&](long long begin, long long end) {
    float* scratch = threadScratch(scratchFloats);
    for (long long p = begin; p < end; ++p) {
      const int b = static_cast<int>(p / rows), row = static_cast<int>(p % rows);
      const long long first = static_cast<long long>(b) * grid.tiles();
      body(b, row, [&](int ty) { return t.at(row, first + static_cast<long long>(ty) * grid.tilesX()); }, scratch);
    }
  });
}

// A plane's window of `rows` rows × 2·width columns from (-offY, -offX), zero outside the plane, split into its
// even and odd columns: column -offX + 2j of window row r is even(r)[j], the next one odd(r)[j]. The columns of a row
// inside the plane are read in one loop without checks (it vectorises), the padding around them is set apart. Its
// values live in `storage`, floats(rows, width) of them.
class SplitWindow {
 public:
  SplitWindow(int h, int w, int offY, int offX, int rows, int width, float* storage)
      : h_(h), w_(w), offY_(offY), offX_(offX), rows_(rows), width_(width), even_(storage), odd_(storage + size()) {}
  static size_t floats(int rows, int width) { return 2 * static_cast<size_t>(rows) * width; }
  void load(const float* plane) {
    // pairs j in [lo, hi) read columns x = 2j - offX and x + 1 both inside the plane
    const int lo = std::min((offX_ + 1) / 2, width_), hi = std::clamp((w_ + offX_) / 2, lo, width_);
    for (int r = 0; r < rows_; ++r) {
      float* __restrict even = even_ + static_cast<long long>(r) * width_;
      float* __restrict odd = odd_ + static_cast<long long>(r) * width_;
      const int y = r - offY_;
      if (y < 0 || y >= h_) {
        std::fill(even, even + width_, 0.f);
        std::fill(odd, odd + width_, 0.f);
        continue;
      }
      const float* __restrict row = plane + static_cast<long long>(y) * w_;
      auto at = [&](int j, int k) { const int x = 2 * j + k - offX_; return x >= 0 && x < w_ ? row[x] : 0.f; };
      for (int j = 0; j < lo; ++j) even[j] = at(j, 0), odd[j] = at(j, 1);
      for (int j = lo; j < hi; ++j) {
        even[j] = row[2 * j - offX_];
        odd[j] = row[2 * j + 1 - offX_];
      }
      for (int j = hi; j < width_; ++j) even[j] = at(j, 0), odd[j] = at(j, 1);
    }
  }
  const float* even(int row) const { return even_ + static_cast<long long>(row) * width_; }
  const float* odd(int row) const { return odd_ + static_cast<long long>(row) * width_; }

 private:
  int size() const { return rows_ * width_; }
  int h_, w_, offY_, offX_, rows_, width_;
  float *even_, *odd_;
};

// Bᵀ d over the 4 rows d0..d3 of a row of tiles, for `count` columns (restrict: so that the loop vectorises).
template <int N>
void columnTransform(const float* __restrict d0, const float* __restrict d1, const float* __restrict d2,
                     const float* __restrict d3, float* __restrict t0, float* __restrict t1, float* __restrict t2,
                     float* __restrict t3, int count) {
  for (int j = 0; j < (N > 0 ? N : count); ++j) {
    t0[j] = d0[j] - d2[j];
    t1[j] = d1[j] + d2[j];
    t2[j] = d2[j] - d1[j];
    t3[j] = d1[j] - d3[j];
  }
}

// · B over one row of `count` tiles, whose columns 2tx..2tx+3 are even[tx], odd[tx], even[tx+1], odd[tx+1].
template <int N>
void rowTransform(const float* __restrict even, const float* __restrict odd, float* __restrict v0, float* __restrict v1,
                  float* __restrict v2, float* __restrict v3, int count) {
  for (int tx = 0; tx < (N > 0 ? N : count); ++tx) {
    v0[tx] = even[tx] - even[tx + 1];
    v1[tx] = odd[tx] + even[tx + 1];
    v2[tx] = even[tx + 1] - odd[tx];
    v3[tx] = odd[tx] - odd[tx + 1];
  }
}

// Aᵀ m over the 4 rows m0..m3 of one column of a row of tiles: m0 + m1 + m2 and m1 - m2 - m3.
template <int N>
void outputColumnTransform(const float* __restrict m0, const float* __restrict m1, const float* __restrict m2,
                           const float* __restrict m3, float* __restrict s0, float* __restrict s1, int count) {
  for (int tx = 0; tx < (N > 0 ? N : count); ++tx) {
    s0[tx] = m0[tx] + m1[tx] + m2[tx];
    s1[tx] = m1[tx] - m2[tx] - m3[tx];
  }
}

// · A over one row of Aᵀ m (columns r0..r3 of every tile) into an output row, two values per tile.
template <int N>
void outputRowTransform(const float* __restrict r0, const float* __restrict r1, const float* __restrict r2,
                        const float* __restrict r3, float* __restrict line, int count) {
  for (int tx = 0; tx < (N > 0 ? N : count); ++tx) {
    line[2 * tx] = r0[tx] + r1[tx] + r2[tx];
    line[2 * tx + 1] = r1[tx] - r2[tx] - r3[tx];
  }
}

// A g over the 2 rows g0, g1 of a row of tiles: g0, g0 + g1, g0 - g1, -g1.
template <int N>
void gradientColumnTransform(const float* __restrict g0, const float* __restrict g1, float* __restrict t0,
                             float* __restrict t1, float* __restrict t2, float* __restrict t3, int count) {
  for (int j = 0; j < (N > 0 ? N : count); ++j) {
    t0[j] = g0[j];
    t1[j] = g0[j] + g1[j];
    t2[j] = g0[j] - g1[j];
    t3[j] = -g1[j];
  }
}

// · Aᵀ over one row of `count` tiles, whose two columns are a[tx], c[tx]: a, a + c, a - c, -c.
template <int N>
void gradientRowTransform(const float* __restrict a, const float* __restrict c, float* __restrict v0, float* __restrict v1,
                          float* __restrict v2, float* __restrict v3, int count) {
  for (int tx = 0; tx < (N > 0 ? N : count); ++tx) {
    v0[tx] = a[tx];
    v1[tx] = a[tx] + c[tx];
    v2[tx] = a[tx] - c[tx];
    v3[tx] = -c[tx];
  }
}

// f(std::integral_constant<int, N>()) with N = tilesX for the common widths of a row of tiles (loops of a constant
// length vectorise without remainders or checks; the rows are short), else N = 0 (the width at run time).
template <typename F>
void withTileRow(int tilesX, const F& f) {
  switch (tilesX) {
    case 2: return f(std::integral_constant<int, 2>());
    case 4: return f(std::integral_constant<int, 4>());
    case 8: return f(std::integral_constant<int, 8>());
    case 16: return f(std::integral_constant<int, 16>());
    case 32: return f(std::integral_constant<int, 32>());
    default: return f(std::integral_constant<int, 0>());
  }
}

}  // namespace

// Each row of tiles at once, vectorised over the tiles: the 4 input rows split into even and odd columns, Bᵀ d over
// the rows, then d B over the columns.
void inputTransform(const TileGrid& grid, const float* in, int n, int channels, Transformed v) {
  const long long plane = static_cast<long long>(grid.inH) * grid.inW;
  const int tilesX = grid.tilesX(), width = tilesX + 1;
  withTileRow(tilesX, [&](auto fixed) {
    constexpr int TX = decltype(fixed)::value, W = TX > 0 ? TX + 1 : 0;
    const int windowRows = 2 * grid.tilesY() + 2;
    const size_t windowFloats = SplitWindow::floats(windowRows, width);
    forEachPlane(grid, n, channels, 4 * plane, v, windowFloats + 8 * width, [&](int b, int c, auto tileRow, float* scratch) {
      SplitWindow d(grid.inH, grid.inW, grid.offY, grid.offX, windowRows, width, scratch);
      d.load(in + (static_cast<long long>(b) * channels + c) * plane);
      auto t = [&](int k) { return scratch + windowFloats + k * width; };  // Bᵀ d: 2i row i even, 2i + 1 odd
      for (int ty = 0; ty < grid.tilesY(); ++ty) {
        const int r = 2 * ty;
        columnTransform<W>(d.even(r), d.even(r + 1), d.even(r + 2), d.even(r + 3), t(0), t(2), t(4), t(6), width);
        columnTransform<W>(d.odd(r), d.odd(r + 1), d.odd(r + 2), d.odd(r + 3), t(1), t(3), t(5), t(7), width);
        float* row = tileRow(ty);
        for (int i = 0; i < 4; ++i) {
          float* v0 = row + (4 * i) * v.xiStride;
          rowTransform<TX>(t(2 * i), t(2 * i + 1), v0, v0 + v.xiStride, v0 + 2 * v.xiStride, v0 + 3 * v.xiStride, tilesX);
        }
      }
    });
  });
}

// Each row of tiles at once: Aᵀ m over the 16 values' rows, then · A into the two output columns of every tile.
void outputTransform(const TileGrid& grid, Transformed m, int n, int filters, float* out) {
  const long long plane = static_cast<long long>(grid.outH) * grid.outW;
  const int tilesX = grid.tilesX();
  const bool evenWidth = 2 * tilesX == grid.outW;  // rows written in place, else through a line of 2 * tilesX
  withTileRow(tilesX, [&](auto fixed) {
    constexpr int TX = decltype(fixed)::value;
    forEachPlane(grid, n, filters, 4 * plane, m, 10 * tilesX, [&](int b, int f, auto tileRow, float* scratch) {
      float* img = out + (static_cast<long long>(b) * filters + f) * plane;
      auto part = [&](int k) { return scratch + k * tilesX; };  // 0-7: Aᵀ m's two rows by column; 8-9: a line
      for (int ty = 0; ty < grid.tilesY(); ++ty) {
        const float* row = tileRow(ty);
        for (int j = 0; j < 4; ++j) {
          const float* m0 = row + j * m.xiStride;
          outputColumnTransform<TX>(m0, m0 + 4 * m.xiStride, m0 + 8 * m.xiStride, m0 + 12 * m.xiStride, part(j), part(4 + j), tilesX);
        }
        for (int i = 0; i < 2 && 2 * ty + i < grid.outH; ++i) {
          float* line = img + static_cast<long long>(2 * ty + i) * grid.outW;
          outputRowTransform<TX>(part(4 * i), part(4 * i + 1), part(4 * i + 2), part(4 * i + 3), evenWidth ? line : part(8), tilesX);
          if (!evenWidth)
            for (int x = 0; x < grid.outW; ++x) line[x] = part(8)[x];
        }
      }
    });
  });
}

// Each row of tiles at once: the two gradient rows split into even and odd columns (g00 g01 / g10 g11 of every
// tile), A g over the rows, then · Aᵀ over the columns.
void outputGradientTransform(const TileGrid& grid, const float* g, int n, int filters, Transformed v) {
  const long long plane = static_cast<long long>(grid.outH) * grid.outW;
  const int tilesX = grid.tilesX();
  withTileRow(tilesX, [&](auto fixed) {
    constexpr int TX = decltype(fixed)::value;
    const size_t windowFloats = SplitWindow::floats(2 * grid.tilesY(), tilesX);
    forEachPlane(grid, n, filters, 4 * plane, v, windowFloats + 8 * tilesX, [&](int b, int f, auto tileRow, float* scratch) {
      SplitWindow d(grid.outH, grid.outW, 0, 0, 2 * grid.tilesY(), tilesX, scratch);
      d.load(g + (static_cast<long long>(b) * filters + f) * plane);
      auto t = [&](int k) { return scratch + windowFloats + k * tilesX; };  // A g: 2i row i even, 2i + 1 odd
      for (int ty = 0; ty < grid.tilesY(); ++ty) {
        gradientColumnTransform<TX>(d.even(2 * ty), d.even(2 * ty + 1), t(0), t(2), t(4), t(6), tilesX);
        gradientColumnTransform<TX>(d.odd(2 * ty), d.odd(2 * ty + 1), t(1), t(3), t(5), t(7), tilesX);
        float* row = tileRow(ty);
        for (int i = 0; i < 4; ++i) {
          float* v0 = row + (4 * i) * v.xiStride;
          gradientRowTransform<TX>(t(2 * i), t(2 * i + 1), v0, v0 + v.xiStride, v0 + 2 * v.xiStride, v0 + 3 * v.xiStride, tilesX);
        }
      }
    });
  });
}

// In the order of u's rows (o, c), so that its 16 matrices are written as 16 sequential streams.
void weightTransform(const float* w, int filters, int channels, bool adjoint, Transformed u) {
  const int cols = adjoint ? filters : channels;
  parallelBlocks(static_cast<long long>(filters) * channels, grainOf(16), [&](long long begin, long long end) {
    float k[9], out[16];
    for (long long p = begin; p < end; ++p) {
      const int o = static_cast<int>(p / cols), c = static_cast<int>(p % cols);
      const float* kernel = w + (adjoint ? static_cast<long long>(c) * channels + o : p) * 9;
      for (int i = 0; i < 9; ++i) k[i] = kernel[adjoint ? 8 - i : i];
      gTransform(k, out);
      float* at = u.data + static_cast<long long>(o) * u.ld + c;
      for (int xi = 0; xi < 16; ++xi) at[xi * u.xiStride] = out[xi];
    }
  });
}

void weightGradientTransform(Transformed m, int filters, int channels, float* gw) {
  parallelBlocks(static_cast<long long>(filters) * channels, grainOf(16), [&](long long begin, long long end) {
    float s[16], k[9];
    for (long long p = begin; p < end; ++p) {
      const float* at = m.data + (p / channels) * m.ld + p % channels;
      for (int xi = 0; xi < 16; ++xi) s[xi] = at[xi * m.xiStride];
      gAdjoint(s, k);
      for (int i = 0; i < 9; ++i) gw[p * 9 + i] += k[i];
    }
  });
}

}  // namespace wgan::cpu
