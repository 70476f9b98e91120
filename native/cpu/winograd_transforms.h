// The transforms of the Winograd convolution F(2×2, 3×3) (Lavin & Gray 2016): a 3×3 stride-1 correlation of
// 2×2 output tiles as Aᵀ[(G w Gᵀ) ⊙ (Bᵀ d B)]A, where d is the tile's 4×4 input patch. Each transform writes or
// reads the 16 values ξ of a tile as 16 matrices, one per ξ, so that the sum over channels is 16 GEMMs
// (cpu/winograd_convolution.h). All are exact in real arithmetic; 2.25x fewer multiplies than the direct sum.
#pragma once

namespace wgan::cpu {

// The tiles of one 3×3 stride-1 correlation from in [H, W] planes to out [OH, OW] planes:
// out(y, x) = Σ_k w(ky, kx) · in(y + ky - offY, x + kx - offX), reads outside the input being zero.
struct TileGrid {
  int inH, inW, outH, outW, offY, offX;
  int tilesY() const { return (outH + 1) / 2; }
  int tilesX() const { return (outW + 1) / 2; }
  int tiles() const { return tilesY() * tilesX(); }  // per plane
};

// The layout of the 16 matrices in the transformed domain: value ξ of plane `row` (a channel or filter) at
// tile t is at data[ξ * xiStride + row * ld + t] (ld: values per row), or, with `panel` set, in panels of `panel`
// tiles, each row after row: at data[ξ * xiStride + (t / panel) * panelStride + row * panel + t % panel] (what the
// AVX-512 product reads, cpu/avx512_gemm.h); tile t of sample b is b * grid.tiles() + its index.
// A transform writes or reads the 16 matrices as 16 streams: xiStride should not be a multiple of a large power
// of two, which would put the streams in the same cache sets.
struct Transformed {
  float* data;
  long long xiStride;
  int ld;
  int panel = 0;
  long long panelStride = 0;
  // value (row, t) of matrix ξ = 0; the next values of a row of tiles follow it up to the end of its panel
  float* at(int row, long long t) const {
    if (panel == 0) return data + static_cast<long long>(row) * ld + t;
    return data + (t / panel) * panelStride + static_cast<long long>(row) * panel + t % panel;
  }
};

// v = Bᵀ d B of every tile of in[n][channels][inH][inW]. In panels only where a row of tiles never spans two
// (v.panel a multiple of grid.tilesX()).
void inputTransform(const TileGrid& grid, const float* in, int n, int channels, Transformed v);
// out[n][filters][outH][outW] = Aᵀ m A of every tile (the part inside the output).
void outputTransform(const TileGrid& grid, Transformed m, int n, int filters, float* out);
// v = A g Aᵀ of every 2×2 tile of g[n][filters][outH][outW] (zero outside): the adjoint of outputTransform.
void outputGradientTransform(const TileGrid& grid, const float* g, int n, int filters, Transformed v);

// u[ξ][o][c] = (G w Gᵀ)_ξ at u.data[ξ * u.xiStride + o * u.ld + c] for weight w[filters][channels][3][3]:
// o = filter, c = channel; or, `adjoint`, the correlation's adjoint in its input (o = channel, c = filter, w
// rotated by 180°).
void weightTransform(const float* w, int filters, int channels, bool adjoint, Transformed u);
// gw[f][c] += Gᵀ m_fc G, m_fc[ξ] at m.data[ξ * m.xiStride + f * m.ld + c]: the adjoint of weightTransform.
void weightGradientTransform(Transformed m, int filters, int channels, float* gw);

}  // namespace wgan::cpu
