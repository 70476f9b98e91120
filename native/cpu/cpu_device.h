// The CPU backend: the primitives of core/device.h over host memory (cpu/host_memory.h), called on the calling
// thread, each splitting its work over the pool's threadCount() threads where it is large enough (cpu/parallel.h).
#pragma once
#include <chrono>

#include "../core/device.h"

namespace wgan {

class CpuDevice : public Device {
 public:
  const char* name() const override { return "cpu"; }

  void* allocate(size_t bytes) override;
  void release(void* p) override;
  void upload(void* dst, const void* host, size_t bytes) override { copy(dst, host, bytes); }
  void download(void* host, const void* src, size_t bytes) override { copy(host, src, bytes); }
  void copy(void* dst, const void* src, size_t bytes) override;
  void zero(void* dst, size_t bytes) override;

  void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
             float beta, float* c, int ldc) override;
  void im2col(const ConvGeometry& g, const float* x, int n, float* col) override;
  void col2im(const ConvGeometry& g, const float* col, int n, float* x) override;
  void transposeBlocks(const float* from, int rows, int cols, int block, float* to) override;
  void addBiasRows(float* y, const float* bias, int rows, int cols) override;
  void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) override;
  void sumRowsInto(const float* g, int rows, int cols, float* out) override;
  void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) override;
  void addInto(float* u, const float* s, long long count) override;
  void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) override;
  // Winograd F(2×2, 3×3) for 3×3 stride-1 kernels (cpu/winograd_convolution.h), one product per sample for 1×1
  // stride-1 kernels (cpu/pointwise_convolution.h)
  std::unique_ptr<Convolution> preferredConvolution(const ConvGeometry& g, int filters, int maxRows) override;

  void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) override;
  void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                            long long count) override;
  void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                           const float* v, float* c, long long count) override;
  void normalize(NormOp op, const NormLayout& layout, const NormArgs& args) override;
  void batchNormRunningUpdate(const NormLayout& layout, const float* x, float* runningMean, float* runningVar,
                              double momentum) override;
  void batchNormInference(const NormLayout& layout, const float* x, const float* gamma, const float* beta,
                          const float* runningMean, const float* runningVar, float* y) override;

  void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) override;
  void wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means) override;
  void generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss) override;
  void gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                       double* out) override;
  void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch, float* seed,
                           double* out) override;

  void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) override;
  void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) override;
  void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                  const int* apply) override;
  void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) override;
  void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) override;

  void mark(int slot) override;
  double markedMs(int from, int to) override;
  std::unique_ptr<Replay> capture(const std::function<void()>&) override { return nullptr; }

 private:
  std::chrono::steady_clock::time_point marks_[kMarkSlots];
};

}  // namespace wgan
