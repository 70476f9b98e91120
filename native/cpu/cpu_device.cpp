#include "cpu_device.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "../kernels/activations.h"
#include "../kernels/adam.h"
#include "../kernels/normalize.h"
#include "../kernels/penalty.h"
#include "../kernels/philox.h"
#include "../kernels/softmax.h"
#include "bias.h"
#include "gemm.h"
#include "im2col.h"

namespace wgan {

Device& cpuDevice() {
  static CpuDevice device;
  return device;
}

// ---- memory ----

void* CpuDevice::allocate(size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = std::calloc(1, bytes);
  if (!p) throw std::bad_alloc();
  return p;
}
void CpuDevice::release(void* p) { std::free(p); }
void CpuDevice::copy(void* dst, const void* src, size_t bytes) {
  if (bytes && dst != src) std::memmove(dst, src, bytes);
}
void CpuDevice::zero(void* dst, size_t bytes) {
  if (bytes) std::memset(dst, 0, bytes);
}

// ---- dense algebra ----

void CpuDevice::sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                      int ldb, float beta, float* c, int ldc) {
  wgan::sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void CpuDevice::im2col(const ConvGeometry& g, const float* x, int n, float* col) { wgan::im2col(g, x, n, col); }
void CpuDevice::col2im(const ConvGeometry& g, const float* col, int n, float* x) { wgan::col2im(g, col, n, x); }
void CpuDevice::planesToRows(const float* planes, int n, int channels, int plane, float* rows) {
  wgan::planesToRows(planes, n, channels, plane, rows);
}
void CpuDevice::rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes) {
  wgan::rowsToPlanes(rows, n, channels, plane, planes);
}
void CpuDevice::addBiasRows(float* y, const float* bias, int rows, int cols) { wgan::addBiasRows(y, bias, rows, cols); }
void CpuDevice::addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) {
  wgan::addBiasPlanes(y, bias, n, channels, plane);
}
void CpuDevice::sumRowsInto(const float* g, int rows, int cols, float* out) { wgan::sumRowsInto(g, rows, cols, out); }
void CpuDevice::sumPlanesInto(const float* g, int n, int channels, int plane, float* out) {
  wgan::sumPlanesInto(g, n, channels, plane, out);
}
void CpuDevice::addInto(float* u, const float* s, long long count) {
  for (long long i = 0; i < count; ++i) u[i] += s[i];
}

void CpuDevice::cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) {
  if (!toSmall) std::memset(to, 0, sizeof(float) * static_cast<size_t>(n) * w.channels * w.bigH * w.bigW);
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < w.channels; ++ch)
      for (int r = 0; r < w.smallH; ++r) {
        const long long bigRow = ((static_cast<long long>(b) * w.channels + ch) * w.bigH + r + w.top) * w.bigW + w.left;
        const long long smallRow = ((static_cast<long long>(b) * w.channels + ch) * w.smallH + r) * w.smallW;
        if (toSmall) std::memcpy(to + smallRow, from + bigRow, sizeof(float) * w.smallW);
        else std::memcpy(to + bigRow, from + smallRow, sizeof(float) * w.smallW);
      }
}

// ---- element-wise and per-group bodies ----

void CpuDevice::activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) y[i] = decltype(fn)::f(x[i], alpha);
  });
}

void CpuDevice::activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a,
                                     float* out, long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) out[i] = a[i] * decltype(fn)::d1(x[i], y[i], alpha);
  });
}

void CpuDevice::activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                                    const float* v, float* c, long long count) {
  visitActivation(kind, [&](auto fn) {
    for (long long i = 0; i < count; ++i) c[i] = gy[i] * v[i] * decltype(fn)::d2(x[i], y[i], alpha);
  });
}

void CpuDevice::normalize(NormOp op, const NormLayout& l, const NormArgs& args) {
  if (l.perChannel) {
    const ChannelGroup G{l.n, l.channels, l.plane};
    for (int ch = 0; ch < l.channels; ++ch) normalizeGroup(SerialLoops{}, op, G, ch, args, kNormEpsilon);
  } else {
    const SampleGroup G{l.channels * l.plane};
    for (int b = 0; b < l.n; ++b) normalizeGroup(SerialLoops{}, op, G, b, args, kNormEpsilon);
  }
}

void CpuDevice::batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar,
                                       double momentum) {
  const ChannelGroup G{l.n, l.channels, l.plane};
  for (int ch = 0; ch < l.channels; ++ch)
    wgan::batchNormRunningUpdate(SerialLoops{}, G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
}

void CpuDevice::batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                                   const float* runningMean, const float* runningVar, float* y) {
  const long long count = static_cast<long long>(l.n) * l.channels * l.plane;
  for (long long i = 0; i < count; ++i)
    y[i] = batchNormInferenceAt(i, l.channels, l.plane, x, gamma, beta, runningMean, runningVar, kNormEpsilon);
}

// ---- the losses' heads ----

void CpuDevice::interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < size; ++i) {
      const size_t k = static_cast<size_t>(b) * size + i;
      xhat[k] = epsilon[b] * real[k] + (1.f - epsilon[b]) * fake[k];
    }
}

void CpuDevice::wassersteinSeeds(const float* scores, float* seed, int n, double* means) {
  double meanReal = 0, meanFake = 0;
  for (int b = 0; b < n; ++b) {
    meanReal += scores[b];
    meanFake += scores[n + b];
    seed[b] = -1.f / n;
    seed[n + b] = 1.f / n;
    seed[2 * n + b] = 1.f;
  }
  means[0] = meanReal / n;
  means[1] = meanFake / n;
}

void CpuDevice::generatorSeeds(const float* scores, float* seed, int n, double* loss) {
  double mean = 0;
  for (int b = 0; b < n; ++b) {
    mean += scores[b];
    seed[b] = -1.f / n;
  }
  *loss = -mean / n;
}

void CpuDevice::gradientPenalty(const float* g, float* v0, float* norms, int n, int size, float lambda, double* out) {
  const double scale = 2.0 * lambda / n;
  double penalty = 0, normSum = 0;
  for (int b = 0; b < n; ++b) {
    const size_t offset = static_cast<size_t>(b) * size;
    const double s = penaltySample(SerialLoops{}, g + offset, v0 + offset, size, scale);
    norms[b] = static_cast<float>(s);
    penalty += (s - 1) * (s - 1);
    normSum += norms[b];
  }
  out[0] = penalty * static_cast<double>(lambda) / n;
  out[1] = normSum / n;
}

void CpuDevice::softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, float* seed,
                                    double* out) {
  double loss = 0;
  int correct = 0;
  for (int b = 0; b < n; ++b) {
    const float* row = logits + static_cast<size_t>(b) * classes;
    loss += wgan::softmaxCrossEntropy(row, classes, labels[b], 1.0 / n, seed + static_cast<size_t>(b) * classes);
    if (std::max_element(row, row + classes) - row == labels[b]) ++correct;
  }
  out[0] = loss / n;
  out[1] = correct;
}

// ---- optimizer, random numbers, checks ----

void CpuDevice::checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) {
  bool ok = true;
  for (int i = 0; i < scalarCount && ok; ++i) ok = std::isfinite(scalars[i]);
  for (long long i = 0; i < count && ok; ++i) ok = std::isfinite(values[i]);
  *finite = ok ? 1 : 0;
}

void CpuDevice::adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                           const int* apply) {
  if (apply && !*apply) return;
  const AdamScalars a = adamScalars(*control, control->t + 1);
  for (long long i = 0; i < count; ++i) wgan::adamUpdate(params[i], m[i], v[i], grads[i], a);
  ++control->t;
}

void CpuDevice::fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  for (long long i = 0; i < count; ++i) out[i] = lo + (hi - lo) * philoxUniformAt(rng->key, rng->counter + offset, i);
}

void CpuDevice::fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) {
  for (long long i = 0; i < count; ++i) out[i] = philoxNormalAt(rng->key, rng->counter + offset, i);
}

// ---- timing ----

void CpuDevice::mark(int slot) { marks_[slot] = std::chrono::steady_clock::now(); }

double CpuDevice::markedMs(int from, int to) {
  return std::chrono::duration<double, std::milli>(marks_[to] - marks_[from]).count();
}

}  // namespace wgan
