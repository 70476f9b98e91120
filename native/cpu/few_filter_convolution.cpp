#include "few_filter_convolution.h"

#include <algorithm>
#include <cstdlib>

#include "avx512_gemm.h"
#include "avx512_lanes.h"
#include "parallel.h"
#include "profile.h"
#include "thread_scratch.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wgan {

namespace {
constexpr int kLanes = 16;
constexpr int kMaxKernelWidth = 16;  // the masks of a row's kernel columns are kept in arrays of this size
}  // namespace

bool fewFilterApplies(const ConvGeometry& g, int filters, int minChannels) {
  return cpu::avx512GemmChosen() && g.stride == 1 && g.kernelH * g.kernelW > 1 && g.kernelW <= kMaxKernelWidth &&
         filters < cpu::kAvx512GemmPanel / 2 && g.channels >= minChannels;
}

#if defined(__x86_64__)

namespace {

constexpr int kSegment = 2 * kLanes;  // output pixels of a row one pass covers: two vectors

// Lanes l of a vector whose position first + l lies in [0, end).
__mmask16 inside(int first, int end) { return cpu::lanes(std::clamp(-first, 0, kLanes), std::clamp(end - first, 0, kLanes)); }

// One correlation of the layer, from `ins` planes to `outs` planes: out[o](r, p) = Σ_i Σ_ky Σ_kx
// coef(o, i, ky, kx) · in[i](r + sign·ky + offY, p + sign·kx + offX), reads outside the input being zero. The forward
// runs it from the channels to the filters (sign +1, offsets -padding), backward-data from the filters to the
// channels (sign -1, offsets +padding: the kernel rotated); coef(o, i) lies at w + o·coefOut + i·coefIn.
struct Correlation {
  int outs, ins, inH, inW, outH, outW, kh, kw, sign, offY, offX;
  long long coefOut, coefIn;
};

// Output row r of planes [o0, o0 + G) of one sample, all its segments: the accumulators of two vectors × G planes
// stay in registers over the sum, which runs in order of i, ky, kx for every value.
template <int G>
__attribute__((target("avx512f"))) void correlateRow(const Correlation& k, const float* w, const float* in, float* out,
                                                     int o0, int r) {
  const long long inPlane = static_cast<long long>(k.inH) * k.inW, outPlane = static_cast<long long>(k.outH) * k.outW;
  for (int s = 0; s < k.outW; s += kSegment) {
    int xs[kMaxKernelWidth];
    __mmask16 low[kMaxKernelWidth], high[kMaxKernelWidth];
    for (int kx = 0; kx < k.kw; ++kx) {
      xs[kx] = s + k.sign * kx + k.offX;
      low[kx] = inside(xs[kx], k.inW);
      high[kx] = inside(xs[kx] + kLanes, k.inW);
    }
    __m512 acc[G][2];
#pragma GCC unroll 8
    for (int g = 0; g < G; ++g) acc[g][0] = _mm512_setzero_ps(), acc[g][1] = _mm512_setzero_ps();
    for (int i = 0; i < k.ins; ++i) {
      const float* plane = in + i * inPlane;
      const float* coef = w + o0 * k.coefOut + i * k.coefIn;
      for (int ky = 0; ky < k.kh; ++ky) {
        const int y = r + k.sign * ky + k.offY;
        if (y < 0 || y >= k.inH) continue;
        const float* row = plane + static_cast<long long>(y) * k.inW;
        for (int kx = 0; kx < k.kw; ++kx) {
          const __m512 v0 = cpu::loadLanes(low[kx], row, xs[kx]), v1 = cpu::loadLanes(high[kx], row, xs[kx] + kLanes);
#pragma GCC unroll 8
          for (int g = 0; g < G; ++g) {
            const __m512 c = _mm512_set1_ps(coef[g * k.coefOut + ky * k.kw + kx]);
            acc[g][0] = _mm512_fmadd_ps(c, v0, acc[g][0]);
            acc[g][1] = _mm512_fmadd_ps(c, v1, acc[g][1]);
          }
        }
      }
    }
    const __mmask16 outLow = inside(s, k.outW), outHigh = inside(s + kLanes, k.outW);
#pragma GCC unroll 8
    for (int g = 0; g < G; ++g) {
      float* line = out + (o0 + g) * outPlane + static_cast<long long>(r) * k.outW + s;
      _mm512_mask_storeu_ps(line, outLow, acc[g][0]);
      _mm512_mask_storeu_ps(line + kLanes, outHigh, acc[g][1]);
    }
  }
}

using RowKernel = void (*)(const Correlation&, const float*, const float*, float*, int, int);
constexpr int kMaxGroup = 8;  // planes of one pass: 16 accumulators
constexpr RowKernel rowKernels[kMaxGroup] = {correlateRow<1>, correlateRow<2>, correlateRow<3>, correlateRow<4>,
                                             correlateRow<5>, correlateRow<6>, correlateRow<7>, correlateRow<8>};

// The correlation for n samples: each (sample, output row, group of up to `maxGroup` output planes, as even as
// possible) on one thread; every value is written once.
void correlate(const Correlation& k, int maxGroup, const float* w, const float* in, float* out, int n) {
  const int groups = (k.outs + maxGroup - 1) / maxGroup;
  const long long inSample = static_cast<long long>(k.ins) * k.inH * k.inW;
  const long long outSample = static_cast<long long>(k.outs) * k.outH * k.outW;
  parallelBlocks(static_cast<long long>(n) * k.outH * groups, 1, [&](long long begin, long long end) {
    for (long long u = begin; u < end; ++u) {
      const long long b = u / (static_cast<long long>(k.outH) * groups);
      const int r = static_cast<int>(u / groups % k.outH), group = static_cast<int>(u % groups);
      const int o0 = k.outs * group / groups, o1 = k.outs * (group + 1) / groups;
      rowKernels[o1 - o0 - 1](k, w, in + b * inSample, out + b * outSample, o0, r);
    }
  });
}

// gW(f, c, tap) for filters [f0, f0 + G) and one channel c, summed over the batch into `sums` (tap × G vectors of
// per-lane partial sums, in order of sample, output row and segment), then each vector's lanes in order into gW.
template <int G>
__attribute__((target("avx512f"))) void weightGradient(const ConvGeometry& g, int F, const float* x, const float* gy,
                                                       float* gradWeight, int f0, int c, int n, float* sums) {
  const int taps = g.kernelH * g.kernelW, OW = g.outWidth;
  const long long inPlane = static_cast<long long>(g.height) * g.width, outPlane = static_cast<long long>(g.pixels());
  std::fill(sums, sums + static_cast<long long>(taps) * G * kLanes, 0.f);
  for (int b = 0; b < n; ++b) {
    const float* xc = x + (static_cast<long long>(b) * g.channels + c) * inPlane;
    const float* gyf = gy + (static_cast<long long>(b) * F + f0) * outPlane;
    for (int tap = 0; tap < taps; ++tap) {
      const int ky = tap / g.kernelW, kx = tap % g.kernelW;
      __m512 acc[G];
#pragma GCC unroll 8
      for (int j = 0; j < G; ++j) acc[j] = _mm512_loadu_ps(sums + (tap * G + j) * kLanes);
      for (int oy = 0; oy < g.outHeight; ++oy) {
        const int y = oy + ky - g.padTop;
        if (y < 0 || y >= g.height) continue;
        const float* row = xc + static_cast<long long>(y) * g.width;
        for (int s = 0; s < OW; s += kLanes) {
          const int xFirst = s + kx - g.padLeft;
          const __m512 v = cpu::loadLanes(inside(xFirst, g.width), row, xFirst);
          const __mmask16 lanes = inside(s, OW);
#pragma GCC unroll 8
          for (int j = 0; j < G; ++j)
            acc[j] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(lanes, gyf + j * outPlane + static_cast<long long>(oy) * OW + s), v, acc[j]);
        }
      }
#pragma GCC unroll 8
      for (int j = 0; j < G; ++j) _mm512_storeu_ps(sums + (tap * G + j) * kLanes, acc[j]);
    }
  }
  for (int tap = 0; tap < taps; ++tap)
    for (int j = 0; j < G; ++j) {
      const float* lanes = sums + (tap * G + j) * kLanes;
      float sum = 0.f;
      for (int l = 0; l < kLanes; ++l) sum += lanes[l];
      gradWeight[(static_cast<long long>(f0 + j) * g.channels + c) * taps + tap] += sum;
    }
}

using WeightKernel = void (*)(const ConvGeometry&, int, const float*, const float*, float*, int, int, int, float*);
constexpr int kMaxWeightGroup = 4;  // filters of one pass: a vector of x against up to 4 of gy
constexpr WeightKernel weightKernels[kMaxWeightGroup] = {weightGradient<1>, weightGradient<2>, weightGradient<3>, weightGradient<4>};

}  // namespace

void FewFilterConvolution::forward(const float* weight, const float* x, float* y, int n) {
  if (n <= 0) return;
  PrimitiveTimer timer(Primitive::Gemm);  // a direct sum: the product itself
  const int kk = g_.kernelH * g_.kernelW;
  const Correlation k{filters_, g_.channels, g_.height, g_.width, g_.outHeight, g_.outWidth, g_.kernelH, g_.kernelW, 1,
                      -g_.padTop, -g_.padLeft, static_cast<long long>(g_.channels) * kk, kk};
  correlate(k, 4, weight, x, y, n);  // few filters: up to 4 of them against each loaded input vector
}

void FewFilterConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  if (n <= 0) return;
  PrimitiveTimer timer(Primitive::Gemm);
  const int kk = g_.kernelH * g_.kernelW;
  const Correlation k{g_.channels, filters_, g_.outHeight, g_.outWidth, g_.height, g_.width, g_.kernelH, g_.kernelW, -1,
                      g_.padTop, g_.padLeft, kk, static_cast<long long>(g_.channels) * kk};
  correlate(k, kMaxGroup, weight, gy, gx, n);
}

// Each channel's part of gW on one thread, summed over the whole batch there, so no sum depends on the threads.
void FewFilterConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  if (n <= 0) return;
  PrimitiveTimer timer(Primitive::Gemm);
  const int groups = (filters_ + kMaxWeightGroup - 1) / kMaxWeightGroup, taps = g_.kernelH * g_.kernelW;
  parallelBlocks(g_.channels, 1, [&](long long begin, long long end) {
    float* sums = cpu::threadScratch(static_cast<size_t>(taps) * kMaxWeightGroup * kLanes);
    for (long long c = begin; c < end; ++c)
      for (int group = 0; group < groups; ++group) {
        const int f0 = filters_ * group / groups, f1 = filters_ * (group + 1) / groups;
        weightKernels[f1 - f0 - 1](g_, filters_, x, gy, gradWeight, f0, static_cast<int>(c), n, sums);
      }
  });
}

#else

// Never called: fewFilterApplies() is false off x86-64.
void FewFilterConvolution::forward(const float*, const float*, float*, int) { std::abort(); }
void FewFilterConvolution::backwardData(const float*, const float*, float*, int) { std::abort(); }
void FewFilterConvolution::backwardFilter(const float*, const float*, float*, int) { std::abort(); }

#endif

}  // namespace wgan
