#include "blocked_convolution.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "../conv/workspace.h"
#include "avx512_columns.h"
#include "avx512_gemm.h"
#include "avx512_transpose.h"
#include "cpu_device.h"
#include "parallel.h"
#include "profile.h"
#include "row_lengths.h"

namespace wgan {

using cpu::oddLines;
using cpu::roundUp;

namespace {

constexpr int kPanel = cpu::kAvx512GemmPanel;

// Inner size of one block of columns (whole channels of the kernel, at least one): its panel of packed weights,
// kBlockInner × 32 floats, stays in the L1 cache while the block's rows of pixels pass over it.
constexpr int kBlockInner = 256;

// Output pixels one thread takes at a time, at most: their columns for one block of channels
// (kMaxRun × kBlockInner floats) stay in the L2 cache.
constexpr int kMaxRun = 384;

// Backward-data's inner size is the filters: blocks of at most this many, so that a panel of the packed weight
// (filters × 32) stays in the L1 cache too.
constexpr int kMaxFilterBlock = 256;

int filterBlockOf(int filters) {
  const int blocks = (filters + kMaxFilterBlock - 1) / kMaxFilterBlock;
  return (filters + blocks - 1) / blocks;
}

// The weight [F][K] for block after block of channels, each in panels of 32 filters, each row of the block after row
// (panel-major, as cpu::avx512Gemm reads B in panels); filters past F are zeros.
void packWeight(const float* weight, int filters, int patch, int blockInner, float* packed) {
  const int panels = roundUp(filters, kPanel) / kPanel;
  parallelBlocks(panels, 1, [&](long long begin, long long end) {
    for (int p0 = 0; p0 < patch; p0 += blockInner) {
      const int kc = std::min(blockInner, patch - p0);
      float* block = packed + static_cast<long long>(p0) * panels * kPanel;
      for (long long panel = begin; panel < end; ++panel) {
        float* to = block + panel * kc * kPanel;
        const int first = static_cast<int>(panel) * kPanel, count = std::min(kPanel, filters - first);
        cpu::avx512Transpose(weight + static_cast<long long>(first) * patch + p0, patch, to, kPanel, count, kc);
        for (int p = 0; p < kc; ++p) std::fill(to + p * kPanel + count, to + (p + 1) * kPanel, 0.f);
      }
    }
  });
}

// The weight [F][K] for backward-data: for each block of channels (blockInner values, the last one fewer), for each
// block of filters, its columns in panels of 32, each row (a filter) after row; columns past the block's are zeros.
// Block of channels i starts at i · roundUp(blockInner, 32) · F, its block of filters [f0, f1) f0 · (its columns
// rounded up to 32) further.
void packWeightTransposed(const float* weight, int filters, int patch, int blockInner, int filtersPerBlock, float* packed) {
  const int blocks = (patch + blockInner - 1) / blockInner;
  parallelBlocks(blocks, 1, [&](long long begin, long long end) {
    for (long long block = begin; block < end; ++block) {
      const int p0 = static_cast<int>(block) * blockInner, kc = std::min(blockInner, patch - p0), padded = roundUp(kc, kPanel);
      float* to = packed + block * roundUp(blockInner, kPanel) * filters;
      for (int f0 = 0; f0 < filters; f0 += filtersPerBlock) {
        const int f1 = std::min(filters, f0 + filtersPerBlock);
        for (int j = 0; j < padded; j += kPanel)
          for (int f = f0; f < f1; ++f, to += kPanel) {
            const float* from = weight + static_cast<long long>(f) * patch + p0 + j;
            const int count = std::min(kPanel, kc - j);
            std::copy(from, from + count, to);
            std::fill(to + count, to + kPanel, 0.f);
          }
      }
    }
  });
}

// f(b, first, last, offset) for each plane the batch's pixels [q0, q1) cover (planes of P pixels): sample b's pixels
// [first, last), at `offset` from q0.
template <class F>
void forEachPlane(long long q0, long long q1, int P, F f) {
  for (long long q = q0; q < q1;) {
    const long long b = q / P;
    const int first = static_cast<int>(q - b * P), last = static_cast<int>(std::min<long long>(q1 - b * P, P));
    f(b, first, last, q - q0);
    q += last - first;
  }
}

// The im2col rows of the batch's pixels [q0, q1) for channels [c0, c1), `ld` floats apart.
void columnsOf(const ConvGeometry& g, const float* x, long long q0, long long q1, int c0, int c1, float* columns, int ld) {
  forEachPlane(q0, q1, g.pixels(), [&](long long b, int first, int last, long long offset) {
    cpu::avx512Im2col(g, x + b * g.inSize(), {columns + offset * ld, ld, first, c0, c1}, first, last);
  });
}

// One thread's block of columns and the rows it multiplies them with or into (the forward: its pixels' outputs;
// backward-data: its pixels' output gradients; the weight gradient: the run's output gradients, a row per filter),
// kept between calls (grown, never shrunk).
struct Scratch {
  std::vector<float> columns, outputs;
};
Scratch& threadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// `floats` of v from a cache line's start (v grown to hold them).
float* lineAligned(std::vector<float>& v, size_t floats) {
  v.resize(floats + 16);
  const auto at = reinterpret_cast<std::uintptr_t>(v.data());
  return v.data() + (64 - at % 64) % 64 / sizeof(float);
}

}  // namespace

bool blockedApplies(const ConvGeometry& g, int filters) {
  return cpu::avx512GemmChosen() && filters >= kPanel / 2 && g.kernelW <= cpu::kAvx512ColumnsWidth;
}

BlockedConvolution::BlockedConvolution(const ConvGeometry& g, int filters, int maxRows)
    : g_(g),
      filters_(filters),
      channelsPerBlock_(std::max(1, kBlockInner / (g.kernelH * g.kernelW))),
      gemm_(cpuDevice(), g, filters, maxRows) {
  // grown now, so that the operations do not allocate
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, packedFloats());
}

size_t BlockedConvolution::packedFloats() const {
  const int blockInner = channelsPerBlock_ * g_.kernelH * g_.kernelW, blocks = (g_.patch() + blockInner - 1) / blockInner;
  const size_t forward = static_cast<size_t>(g_.patch()) * roundUp(filters_, kPanel);
  const size_t backward = static_cast<size_t>(blocks) * roundUp(blockInner, kPanel) * filters_;
  return std::max(forward, backward);
}

// Pixels of the whole batch in runs, each on one thread: for each block of channels, the run's columns
// (rows kc apart) times the packed weight's block, added into the run's outputs (rows `ldOut` apart, an odd number of
// cache lines so that the kernel's 12 rows do not share cache sets); then the outputs into y's planes. Each output is
// the same sum whatever the threads: block after block, each in order of its inner index.
void BlockedConvolution::forward(const float* weight, const float* x, float* y, int n) {
  if (n <= 0) return;
  PrimitiveTimer timer(Primitive::Gemm);  // the columns built inside count here: they are part of the product
  const int K = g_.patch(), P = g_.pixels(), F = filters_, padded = roundUp(F, kPanel);
  const int blockInner = channelsPerBlock_ * g_.kernelH * g_.kernelW, ldOut = oddLines(padded);
  Workspace packed(cpuDevice(), WorkspaceUse::Convolution, packedFloats());
  packWeight(weight, F, K, blockInner, packed.data());
  // runs of equal length, a multiple of the kernel's 12 rows, as many as a multiple of the threads
  const long long pixels = static_cast<long long>(n) * P, threads = threadCount();
  const long long runs = ((pixels + kMaxRun - 1) / kMaxRun + threads - 1) / threads * threads;
  const int run = static_cast<int>(roundUp(static_cast<int>((pixels + runs - 1) / runs), 12));
  parallelBlocks((pixels + run - 1) / run, 1, [&](long long begin, long long end) {
    Scratch& s = threadScratch();
    s.columns.resize(static_cast<size_t>(run) * blockInner);
    s.outputs.resize(static_cast<size_t>(run) * ldOut);
    for (long long r = begin; r < end; ++r) {
      const long long q0 = r * run, q1 = std::min(pixels, q0 + run);
      const int rows = static_cast<int>(q1 - q0);
      for (int c0 = 0; c0 < g_.channels; c0 += channelsPerBlock_) {
        const int c1 = std::min(g_.channels, c0 + channelsPerBlock_), kc = (c1 - c0) * g_.kernelH * g_.kernelW;
        columnsOf(g_, x, q0, q1, c0, c1, s.columns.data(), kc);
        const float* weights = packed.data() + static_cast<long long>(c0) * g_.kernelH * g_.kernelW * padded;
        cpu::avx512Gemm(rows, padded, kc, s.columns.data(), kc, weights, kPanel, static_cast<long long>(kc) * kPanel,
                        s.outputs.data(), ldOut, c0 > 0);
      }
      forEachPlane(q0, q1, P, [&](long long b, int first, int last, long long offset) {
        cpu::avx512Transpose(s.outputs.data() + offset * ldOut, ldOut, y + b * F * P + first, P, last - first, F);
      });
    }
  });
}

namespace {

// How backward-data splits a batch of n samples of P output pixels: into units that one thread takes whole, each
// in runs of runPixels. Samples of at most kMaxRun pixels go whole, evenly into as few units as hold kMaxRun pixels
// each, rounded up to a multiple of the threads (a unit is one run); larger ones one sample per unit, in runs of
// whole output rows.
struct BackwardRuns {
  bool wholeSamples;
  long long units;
  int runPixels;
  // the samples of unit u
  long long firstSample(long long u, int n) const { return wholeSamples ? u * n / units : u; }
};

BackwardRuns backwardRuns(const ConvGeometry& g, int n) {
  const int P = g.pixels();
  if (P > kMaxRun) return {false, n, std::max(1, kMaxRun / g.outWidth) * g.outWidth};
  const long long threads = threadCount(), perRun = kMaxRun / P;
  const long long units = std::min<long long>(n, ((n + perRun - 1) / perRun + threads - 1) / threads * threads);
  return {true, units, static_cast<int>((n + units - 1) / units) * P};
}

}  // namespace

// Each unit of samples on one thread, which alone writes their image gradients. For each run: its output gradients
// transposed to one row per pixel; for each block of channels, their product with the packed weight (block of
// filters after block, added up) gives the run's columns for those channels, which col2im adds into the image from
// the L2 cache. No gradient depends on how the samples were grouped: a pixel's column is the same sum in any run,
// and a large sample's rows go in order. A batch of fewer units than threads runs as im2col + GEMM, which uses them
// all.
void BlockedConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  if (n <= 0) return;
  const BackwardRuns runs = backwardRuns(g_, n);
  if (runs.units < threadCount()) return gemm_.backwardData(weight, gy, gx, n);
  PrimitiveTimer timer(Primitive::Gemm);  // the transposes and col2im inside count here: they are part of the product
  const int P = g_.pixels(), F = filters_, OW = g_.outWidth, kk = g_.kernelH * g_.kernelW;
  const int blockInner = channelsPerBlock_ * kk, filterBlock = filterBlockOf(F);
  const int ldRows = oddLines(roundUp(F, kPanel)), ldColumns = oddLines(roundUp(blockInner, kPanel));
  Workspace packed(cpuDevice(), WorkspaceUse::Convolution, packedFloats());
  packWeightTransposed(weight, F, g_.patch(), blockInner, filterBlock, packed.data());
  parallelBlocks(runs.units, 1, [&](long long begin, long long end) {
    Scratch& s = threadScratch();
    s.outputs.resize(static_cast<size_t>(runs.runPixels) * ldRows);
    s.columns.resize(static_cast<size_t>(runs.runPixels) * ldColumns);
    for (long long unit = begin; unit < end; ++unit) {
      const long long b0 = runs.firstSample(unit, n), b1 = runs.firstSample(unit + 1, n);
      std::fill(gx + b0 * g_.inSize(), gx + b1 * g_.inSize(), 0.f);
      for (long long q0 = b0 * P; q0 < b1 * P; q0 += runs.runPixels) {
        const long long q1 = std::min(b1 * P, q0 + runs.runPixels);
        forEachPlane(q0, q1, P, [&](long long b, int first, int last, long long offset) {
          cpu::avx512Transpose(gy + b * F * P + first, P, s.outputs.data() + offset * ldRows, ldRows, F, last - first);
        });
        for (int c0 = 0, block = 0; c0 < g_.channels; c0 += channelsPerBlock_, ++block) {
          const int c1 = std::min(g_.channels, c0 + channelsPerBlock_), kc = (c1 - c0) * kk;
          const float* weights = packed.data() + static_cast<long long>(block) * roundUp(blockInner, kPanel) * F;
          for (int f0 = 0; f0 < F; f0 += filterBlock) {
            const int f1 = std::min(F, f0 + filterBlock);
            cpu::avx512Gemm(static_cast<int>(q1 - q0), kc, f1 - f0, s.outputs.data() + f0, ldRows,
                            weights + static_cast<long long>(f0) * roundUp(kc, kPanel), kPanel,
                            static_cast<long long>(f1 - f0) * kPanel, s.columns.data(), ldColumns, f0 > 0);
          }
          forEachPlane(q0, q1, P, [&](long long b, int first, int last, long long offset) {
            const cpu::ColumnBlock columns{s.columns.data() + offset * ldColumns, ldColumns, first, c0, c1};
            cpu::avx512Col2im(g_, columns, first / OW, (last + OW - 1) / OW, gx + b * g_.inSize());
          });
        }
      }
    }
  });
}

namespace {

// The weight gradient's runs: pixels of the batch, across samples, kWeightRun at a time (the inner size of each
// product, so that a panel of a run's columns, kWeightRun × 32, stays in the L1 cache); twice as many for a weight of
// over kLongRunWeight floats, whose gW, added into at every run, then goes out to memory and back half as often
// (256×25 × 512, 3.3 M floats: 262–276 GFLOP/s in runs of 256, 276–288 in runs of 512, with the panel in the L2).
constexpr int kWeightRun = 256;
constexpr long long kLongRunWeight = 1 << 21;

// The largest weight (floats) whose gradient runs blocked; larger ones run as im2col + OpenBLAS. Blocked against
// OpenBLAS (issue 22, BENCHMARKS.md), GFLOP/s: 1×25 × 64 filters 75 against 41, 64×25 × 128 (205 K floats) 242
// against 212, 128×25 × 256 (819 K) 268–276 (257–272 before the parts were whole panels) against 273–277, but the
// iteration no slower and in less memory, 256×25 × 512 (3.3 M) 276–288 against 260–274, 512×25 × 1024 (12.8 M)
// 229–249 against 304–309.
constexpr long long kMaxBlockedWeight = 1 << 22;

// How the weight gradient shares gW between the threads: ranges of its columns, each whole panels of the kernel (a
// range of whole channels would end inside a panel, which the kernel pays for in full: 9 channels of 5×5, 225
// columns, take 8 panels), as even as whole panels allow, at least as many as the threads where there are at least 4
// panels per thread; else the filters (its rows) in as many groups as threads. Each part of gW is summed by one
// thread, run after run, so no sum depends on the threads.
struct WeightParts {
  int columnBlocks, filterGroups;
  int firstColumn(int block, int patch) const {
    const long long panels = (patch + kPanel - 1) / kPanel;
    return static_cast<int>(std::min<long long>(patch, block * panels / columnBlocks * kPanel));
  }
  int firstFilter(int group, int filters) const { return static_cast<int>(static_cast<long long>(group) * filters / filterGroups); }
};

WeightParts weightParts(const ConvGeometry& g) {
  const int threads = threadCount(), panels = (g.patch() + kPanel - 1) / kPanel;
  if (panels < 4 * threads) return {1, threads};
  const int needed = (panels * kPanel + kBlockInner - 1) / kBlockInner;
  return {std::min(panels, (needed + threads - 1) / threads * threads), 1};
}

// The channels whose columns cover gW's columns [k0, k1).
struct ChannelSpan {
  int first, end;
};
ChannelSpan channelsOf(int k0, int k1, int kk) { return {k0 / kk, (k1 + kk - 1) / kk}; }

}  // namespace

// For each run: its output gradients copied to one row per filter (plane segments); for each of the thread's parts
// of gW, the run's columns for the channels that part's columns cover (built in the thread's cache, as the forward
// builds them, placed so that the part's first column starts a cache line) and gW's part += the gradients' rows ·
// those columns, on the AVX-512 kernel.
void BlockedConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  if (n <= 0) return;
  if (static_cast<long long>(filters_) * g_.patch() > kMaxBlockedWeight) return gemm_.backwardFilter(x, gy, gradWeight, n);
  PrimitiveTimer timer(Primitive::Gemm);  // the columns and copies inside count here: they are part of the product
  const int P = g_.pixels(), F = filters_, K = g_.patch(), kk = g_.kernelH * g_.kernelW;
  const WeightParts parts = weightParts(g_);
  const long long pixels = static_cast<long long>(n) * P;
  int widest = 0;  // the most columns a part's channels take
  for (int block = 0; block < parts.columnBlocks; ++block) {
    const ChannelSpan c = channelsOf(parts.firstColumn(block, K), parts.firstColumn(block + 1, K), kk);
    widest = std::max(widest, (c.end - c.first) * kk);
  }
  const int run = static_cast<long long>(F) * K > kLongRunWeight ? 2 * kWeightRun : kWeightRun;
  const int ldRun = oddLines(run), ldColumns = oddLines(widest);
  // one range of parts per thread, so that each copies a run's gradients once
  const long long count = static_cast<long long>(parts.filterGroups) * parts.columnBlocks, threads = threadCount();
  parallelFor(static_cast<int>(threads), [&](int t) {
    const long long begin = count * t / threads, end = count * (t + 1) / threads;
    if (begin == end) return;
    Scratch& s = threadScratch();
    // the filters of this thread's parts
    const int fFirst = parts.firstFilter(static_cast<int>(begin / parts.columnBlocks), F);
    const int fEnd = parts.firstFilter(static_cast<int>((end - 1) / parts.columnBlocks) + 1, F);
    float* rows = lineAligned(s.outputs, static_cast<size_t>(F) * ldRun);
    float* buffer = lineAligned(s.columns, static_cast<size_t>(run) * ldColumns + 16);
    for (long long q0 = 0; q0 < pixels; q0 += run) {
      const long long q1 = std::min(pixels, q0 + run);
      forEachPlane(q0, q1, P, [&](long long b, int first, int last, long long offset) {
        for (int f = fFirst; f < fEnd; ++f)
          std::copy(gy + (b * F + f) * P + first, gy + (b * F + f) * P + last, rows + static_cast<long long>(f) * ldRun + offset);
      });
      for (long long part = begin; part < end; ++part) {
        const int group = static_cast<int>(part / parts.columnBlocks), block = static_cast<int>(part % parts.columnBlocks);
        const int f0 = parts.firstFilter(group, F), f1 = parts.firstFilter(group + 1, F);
        const int k0 = parts.firstColumn(block, K), k1 = parts.firstColumn(block + 1, K);
        const ChannelSpan c = channelsOf(k0, k1, kk);
        const int skip = k0 - c.first * kk;  // columns of the first channel before the part's
        float* columns = buffer + (16 - skip % 16) % 16;
        columnsOf(g_, x, q0, q1, c.first, c.end, columns, ldColumns);
        cpu::avx512Gemm(f1 - f0, k1 - k0, static_cast<int>(q1 - q0), rows + static_cast<long long>(f0) * ldRun, ldRun,
                        columns + skip, ldColumns, kPanel, gradWeight + static_cast<long long>(f0) * K + k0, K, true);
      }
    }
  });
}

}  // namespace wgan
