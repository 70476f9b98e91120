// CpuDevice: each primitive of core/device.h is one call into its family's file (bias, im2col, elementwise,
// activations, normalize, losses, adam, random), as CudaDevice calls the launchers of the same families,
// timed into its family's total (cpu/profile.h).
#include "cpu_device.h"

#include <cstring>
#include <string>

#include "../core/errors.h"
#include "activations.h"
#include "adam.h"
#include "bias.h"
#include "blocked_convolution.h"
#include "elementwise.h"
#include "few_filter_convolution.h"
#include "gemm.h"
#include "host_memory.h"
#include "im2col.h"
#include "losses.h"
#include "normalize.h"
#include "pointwise_convolution.h"
#include "profile.h"
#include "random.h"
#include "winograd_convolution.h"

namespace wgan {

Device& cpuDevice() {
  static CpuDevice device;
  return device;
}

void* CpuDevice::allocate(size_t bytes) { return bytes ? cpu::allocateZeroed(bytes) : nullptr; }
void CpuDevice::release(void* p) { cpu::release(p); }
void CpuDevice::copy(void* dst, const void* src, size_t bytes) {
  PrimitiveTimer timer(Primitive::Other);
  if (bytes && dst != src) std::memmove(dst, src, bytes);
}
void CpuDevice::zero(void* dst, size_t bytes) {
  PrimitiveTimer timer(Primitive::Other);
  if (bytes) std::memset(dst, 0, bytes);
}

void CpuDevice::sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                      int ldb, float beta, float* c, int ldc) {
  PrimitiveTimer timer(Primitive::Gemm);
  wgan::sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void CpuDevice::im2col(const ConvGeometry& g, const float* x, int n, float* col) {
  PrimitiveTimer timer(Primitive::Im2col);
  cpu::im2col(g, x, n, col);
}
void CpuDevice::col2im(const ConvGeometry& g, const float* col, int n, float* x) {
  PrimitiveTimer timer(Primitive::Im2col);
  cpu::col2im(g, col, n, x);
}
void CpuDevice::transposeBlocks(const float* from, int rows, int cols, int block, float* to) {
  PrimitiveTimer timer(Primitive::Transpose);
  cpu::transposeBlocks(from, rows, cols, block, to);
}
void CpuDevice::addBiasRows(float* y, const float* bias, int rows, int cols) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::addBiasRows(y, bias, rows, cols);
}
void CpuDevice::addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::addBiasPlanes(y, bias, n, channels, plane);
}
void CpuDevice::sumRowsInto(const float* g, int rows, int cols, float* out) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::sumRowsInto(g, rows, cols, out);
}
void CpuDevice::sumPlanesInto(const float* g, int n, int channels, int plane, float* out) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::sumPlanesInto(g, n, channels, plane, out);
}
void CpuDevice::addInto(float* u, const float* s, long long count) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::addInto(u, s, count);
}
void CpuDevice::cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) {
  PrimitiveTimer timer(Primitive::Transpose);
  cpu::cropWindow(w, from, to, n, toSmall);
}

// Input channels from which a layer is wide. Under them, a 3×3 layer the blocked convolution can take runs there
// instead of as Winograd: Winograd's 16 products then have an inner size of a few channels (an RGB image's 3) and
// are bound by memory, while its transforms of the output planes cost as much as in a full layer (cifar-resnet's
// 3 → 128 at 32×32: 37–42 GFLOP/s by the direct count; the iteration 3% faster blocked, BENCHMARKS.md).
// From as many input channels, a stride-1 layer of under 16 filters runs as the few-filter convolution: Winograd's
// products would have a few rows and its input transform write 4x the input (cifar-resnet's generator's 128 → 3 at
// 32×32: 30 GFLOP/s by the direct count, BENCHMARKS.md).
constexpr int kWideChannels = 16;

std::unique_ptr<Convolution> CpuDevice::preferredConvolution(const ConvGeometry& g, int filters, int maxRows) {
  if (fewFilterApplies(g, filters, kWideChannels)) return std::make_unique<FewFilterConvolution>(g, filters);
  const bool thinInput = g.channels < kWideChannels && blockedApplies(g, filters);
  if (winogradApplies(g) && !thinInput) return std::make_unique<WinogradConvolution>(g, filters, maxRows);
  if (pointwiseApplies(g)) return std::make_unique<PointwiseConvolution>(g, filters);
  if (blockedApplies(g, filters)) return std::make_unique<BlockedConvolution>(g, filters, maxRows);
  return nullptr;
}

void CpuDevice::activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::activationForward(kind, alpha, x, y, count);
}
void CpuDevice::activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a,
                                     float* out, long long count) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::activationDerivative(kind, alpha, x, y, a, out, count);
}
void CpuDevice::activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                                    const float* v, float* c, long long count) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::activationCurvature(kind, alpha, x, y, gy, v, c, count);
}
void CpuDevice::normalize(NormOp op, const NormLayout& l, const NormArgs& args) {
  PrimitiveTimer timer(Primitive::Normalize);
  cpu::normalize(op, l, args);
}
void CpuDevice::batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar,
                                       double momentum) {
  PrimitiveTimer timer(Primitive::Normalize);
  cpu::batchNormRunningUpdate(l, x, runningMean, runningVar, momentum);
}
void CpuDevice::batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                                   const float* runningMean, const float* runningVar, float* y) {
  PrimitiveTimer timer(Primitive::Normalize);
  cpu::batchNormInference(l, x, gamma, beta, runningMean, runningVar, y);
}

void CpuDevice::interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::interpolate(real, fake, epsilon, xhat, n, size);
}
void CpuDevice::wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means) {
  PrimitiveTimer timer(Primitive::Other);
  cpu::wassersteinSeeds(scores, seed, n, batch, means);
}
void CpuDevice::generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss) {
  PrimitiveTimer timer(Primitive::Other);
  cpu::generatorSeeds(scores, seed, n, batch, loss);
}
void CpuDevice::gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                                double* out) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::gradientPenalty(g, v0, norms, n, batch, size, lambda, out);
}
void CpuDevice::softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch,
                                    float* seed, double* out) {
  PrimitiveTimer timer(Primitive::Other);
  cpu::softmaxCrossEntropy(logits, labels, classes, n, batch, seed, out);
}

void CpuDevice::checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) {
  PrimitiveTimer timer(Primitive::Elementwise);
  cpu::checkFinite(values, count, scalars, scalarCount, finite);
}
void CpuDevice::emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) {
  PrimitiveTimer timer(Primitive::Adam);
  cpu::emaUpdate(ema, params, count, beta, apply);
}
void CpuDevice::adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                           const int* apply) {
  PrimitiveTimer timer(Primitive::Adam);
  cpu::adamUpdate(params, m, v, grads, count, control, apply);
}
void CpuDevice::fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  PrimitiveTimer timer(Primitive::Other);
  cpu::fillUniform(out, count, lo, hi, rng, offset);
}
void CpuDevice::fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) {
  PrimitiveTimer timer(Primitive::Other);
  cpu::fillNormal(out, count, rng, offset);
}

void CpuDevice::mark(int slot) { marks_[checkedMark(slot)] = std::chrono::steady_clock::now(); }
double CpuDevice::markedMs(int from, int to) {
  return std::chrono::duration<double, std::milli>(marks_[checkedMark(to)] - marks_[checkedMark(from)]).count();
}

}  // namespace wgan
