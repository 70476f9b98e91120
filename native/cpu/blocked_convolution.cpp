#include "blocked_convolution.h"

#include <algorithm>
#include <vector>

#include "../conv/workspace.h"
#include "avx512_gemm.h"
#include "avx512_im2col.h"
#include "cpu_device.h"
#include "parallel.h"
#include "profile.h"

namespace wgan {

namespace {

constexpr int kPanel = cpu::kAvx512GemmPanel;

// Inner size of one block of columns (whole channels of the kernel, at least one): its panel of packed weights,
// kBlockInner × 32 floats, stays in the L1 cache while the block's rows of pixels pass over it.
constexpr int kBlockInner = 256;

// Output pixels one thread takes at a time, at most: their columns for one block of channels
// (kMaxRun × kBlockInner floats) stay in the L2 cache.
constexpr int kMaxRun = 384;

int roundUp(int v, int to) { return (v + to - 1) / to * to; }

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
        for (int f = 0; f < kPanel; ++f) {
          const int filter = static_cast<int>(panel) * kPanel + f;
          if (filter >= filters) {
            for (int p = 0; p < kc; ++p) to[p * kPanel + f] = 0.f;
            continue;
          }
          const float* from = weight + static_cast<long long>(filter) * patch + p0;
          for (int p = 0; p < kc; ++p) to[p * kPanel + f] = from[p];
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

// The im2col rows of the batch's pixels [q0, q1) for channels [c0, c1): kc values each, one after another.
void columnsOf(const ConvGeometry& g, const float* x, long long q0, long long q1, int c0, int c1, float* columns) {
  const int kc = (c1 - c0) * g.kernelH * g.kernelW;
  forEachPlane(q0, q1, g.pixels(), [&](long long b, int first, int last, long long offset) {
    cpu::avx512Im2col(g, x + b * g.inSize(), {columns + offset * kc, kc, first, c0, c1}, first, last);
  });
}

// One thread's columns of a block and the outputs of its pixels, kept between calls (grown, never shrunk).
struct Scratch {
  std::vector<float> columns, outputs;
};
Scratch& threadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

bool blockedApplies(const ConvGeometry& g, int filters) {
  return cpu::avx512GemmChosen() && filters >= kPanel / 2 && g.kernelW <= cpu::kAvx512Im2colWidth;
}

BlockedConvolution::BlockedConvolution(const ConvGeometry& g, int filters, int maxRows)
    : g_(g),
      filters_(filters),
      channelsPerBlock_(std::max(1, kBlockInner / (g.kernelH * g.kernelW))),
      gemm_(cpuDevice(), g, filters, maxRows) {
  // grown now, so that the operations do not allocate
  Workspace reserved(cpuDevice(), WorkspaceUse::Convolution, packedFloats());
}

size_t BlockedConvolution::packedFloats() const { return static_cast<size_t>(g_.patch()) * roundUp(filters_, kPanel); }

// Pixels of the whole batch in runs, each on one thread: for each block of channels, the run's columns
// (rows kc apart) times the packed weight's block, added into the run's outputs (rows `ldOut` apart, an odd number of
// cache lines so that the kernel's 12 rows do not share cache sets); then the outputs into y's planes. Each output is
// the same sum whatever the threads: block after block, each in order of its inner index.
void BlockedConvolution::forward(const float* weight, const float* x, float* y, int n) {
  if (n <= 0) return;
  PrimitiveTimer timer(Primitive::Gemm);  // the columns built inside count here: they are part of the product
  const int K = g_.patch(), P = g_.pixels(), F = filters_, padded = roundUp(F, kPanel);
  const int blockInner = channelsPerBlock_ * g_.kernelH * g_.kernelW, ldOut = padded + 16;
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
        columnsOf(g_, x, q0, q1, c0, c1, s.columns.data());
        const float* weights = packed.data() + static_cast<long long>(c0) * g_.kernelH * g_.kernelW * padded;
        cpu::avx512Gemm(rows, padded, kc, s.columns.data(), kc, weights, kPanel, static_cast<long long>(kc) * kPanel,
                        s.outputs.data(), ldOut, c0 > 0);
      }
      forEachPlane(q0, q1, P, [&](long long b, int first, int last, long long offset) {
        const float* from = s.outputs.data() + offset * ldOut;
        for (int f = 0; f < F; ++f) {
          float* to = y + (b * F + f) * P;
          for (int p = first; p < last; ++p) to[p] = from[static_cast<long long>(p - first) * ldOut + f];
        }
      });
    }
  });
}

void BlockedConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  gemm_.backwardData(weight, gy, gx, n);
}

void BlockedConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  gemm_.backwardFilter(x, gy, gradWeight, n);
}

}  // namespace wgan
