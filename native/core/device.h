// The primitives a backend provides, over memory it owns (host memory for the CPU, GPU memory for CUDA).
// Layers, the critic and generator steps and Adam are written once against this interface, so the CPU
// tests run the very algorithm the GPU runs; CpuDevice (cpu/cpu_device.*) and CudaDevice
// (cuda/cuda_device.*) implement each primitive under the same name. Work is done in call order;
// results reach the host only through download(). Scalar results (means, losses, flags) stay in device
// memory, so a whole training iteration needs no host round trip and can be captured as a CUDA graph.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../common/types.h"
#include "../conv/convolution.h"
#include "errors.h"

namespace wgan {

// A recorded piece of device work that can be replayed (a CUDA graph); see Device::capture.
class Replay {
 public:
  virtual ~Replay() = default;
  virtual void launch() = 0;
};

class Device {
 public:
  virtual ~Device() = default;
  virtual const char* name() const = 0;
  // The work queue a layer's own kernels (core/layer_kernels.h) launch on: the CUDA stream, or null.
  virtual void* queue() { return nullptr; }

  // ---- memory: allocations are zeroed; download waits for the work enqueued before it ----
  virtual void* allocate(size_t bytes) = 0;
  virtual void release(void* p) = 0;
  virtual void upload(void* dst, const void* host, size_t bytes) = 0;
  virtual void download(void* host, const void* src, size_t bytes) = 0;
  virtual void copy(void* dst, const void* src, size_t bytes) = 0;
  virtual void zero(void* dst, size_t bytes) = 0;

  // ---- dense algebra (row-major; see cpu/gemm.h, cpu/im2col.h, cpu/bias.h) ----
  virtual void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                     int ldb, float beta, float* c, int ldc) = 0;
  virtual void im2col(const ConvGeometry& g, const float* x, int n, float* col) = 0;
  virtual void col2im(const ConvGeometry& g, const float* col, int n, float* x) = 0;
  virtual void transposeBlocks(const float* from, int rows, int cols, int block, float* to) = 0;
  virtual void addBiasRows(float* y, const float* bias, int rows, int cols) = 0;
  virtual void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) = 0;
  virtual void sumRowsInto(const float* g, int rows, int cols, float* out) = 0;
  virtual void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) = 0;
  virtual void addInto(float* u, const float* s, long long count) = 0;  // u += s
  // toSmall: small = window of big; else big = 0 outside the window, small inside.
  virtual void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) = 0;
  // The convolution this device runs better than im2col + sgemm for the geometry (cuDNN on CUDA; Winograd for
  // 3×3 stride-1 kernels on the CPU), for batches of up to maxRows, or null where it has none; the layers then
  // run im2col + sgemm (conv/conv_core.h).
  virtual std::unique_ptr<Convolution> preferredConvolution(const ConvGeometry&, int /*filters*/, int /*maxRows*/) {
    return nullptr;
  }

  // ---- the layers' element-wise and per-group bodies (kernels/activations.h, kernels/normalize.h) ----
  virtual void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) = 0;
  // out = a·φ'(x): backward-data (a = gy) and tangent (a = v)
  virtual void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a,
                                    float* out, long long count) = 0;
  // c = gy·v·φ''(x)
  virtual void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                                   const float* v, float* c, long long count) = 0;
  virtual void normalize(NormOp op, const NormLayout& layout, const NormArgs& args) = 0;
  virtual void batchNormRunningUpdate(const NormLayout& layout, const float* x, float* runningMean, float* runningVar,
                                      double momentum) = 0;
  virtual void batchNormInference(const NormLayout& layout, const float* x, const float* gamma, const float* beta,
                                  const float* runningMean, const float* runningVar, float* y) = 0;

  // ---- the losses' heads (kernels/penalty.h, kernels/softmax.h) ----
  // xhat = ε·real + (1-ε)·fake, per sample
  virtual void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) = 0;
  // Each runs over a chunk of n samples of a batch of `batch` (all of it where n == batch): its seeds carry
  // the batch's 1/batch, and its scalars add the chunk's share to totals the caller zeroed before the first chunk.
  // Over the critic's 3n scores [real; fake; x̂]: seeds -1/batch, +1/batch, 1 and means += {mean real, mean fake}.
  virtual void wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means) = 0;
  // Over n scores of fakes: seeds -1/batch and loss += -mean.
  virtual void generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss) = 0;
  // From g = ∇x̂ D(x̂) (n × size): norms, the double backward's seed v0 and
  // out += {λ·mean((‖g‖-1)²), mean ‖g‖}.
  virtual void gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                               double* out) = 0;
  // out += {mean cross-entropy, samples whose largest logit is the label}; labels are device int32.
  virtual void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch, float* seed,
                                   double* out) = 0;

  // ---- optimizer, random numbers, checks ----
  // finite = 1 when the `scalarCount` scalars and the `count` values are all finite, else 0.
  virtual void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) = 0;
  // ema = params + β·(ema - params) with β read from device memory, unless *apply == 0 (apply may be null).
  virtual void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) = 0;
  // One Adam update (kernels/adam.h) unless *apply == 0 (apply may be null); control->t counts updates.
  virtual void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                          const int* apply) = 0;
  // Draws i of the Philox stream (rng->key, rng->counter + offset), as Rng::uniform / Rng::normal do.
  virtual void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) = 0;
  virtual void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) = 0;

  // ---- timing and replay ----
  // Marks a point of the work in one of kMarkSlots slots; markedMs(a, b) is the time between two marks once
  // the work is done.
  static constexpr int kMarkSlots = 8;
  virtual void mark(int slot) = 0;
  virtual double markedMs(int from, int to) = 0;
  // Records `body` for replay without running it, or null where this device does not record (the CPU).
  virtual std::unique_ptr<Replay> capture(const std::function<void()>& body) = 0;

 protected:
  // The slot, checked: a slot outside [0, kMarkSlots) is an error, not a write past the marks.
  static int checkedMark(int slot) {
    if (slot < 0 || slot >= kMarkSlots)
      fail(ErrorCode::InvalidArgument, "timing mark slot " + std::to_string(slot) + " is outside [0, " +
                                           std::to_string(kMarkSlots) + ")");
    return slot;
  }
};

// The CPU backend (always present).
Device& cpuDevice();
// The CUDA backend on GPU 0; throws ERR_UNSUPPORTED saying why where it cannot run (cuda/probe.h).
Device& cudaDevice();

// An array of T in a device's memory, zeroed at allocation, freed with its owner.
template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(Device& device, size_t count)
      : device_(&device), data_(static_cast<T*>(device.allocate(count * sizeof(T)))), size_(count) {}
  DeviceArray(DeviceArray&& o) noexcept { swap(o); }
  DeviceArray& operator=(DeviceArray&& o) noexcept {
    DeviceArray(std::move(o)).swap(*this);
    return *this;
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  ~DeviceArray() {
    if (data_) device_->release(data_);
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t bytes() const { return size_ * sizeof(T); }
  void upload(const T* host) { device_->upload(data_, host, bytes()); }
  void download(T* host) const { device_->download(host, data_, bytes()); }
  std::vector<T> toHost() const {
    std::vector<T> out(size_);
    if (size_) download(out.data());
    return out;
  }

 private:
  void swap(DeviceArray& o) noexcept {
    std::swap(device_, o.device_);
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
  }
  Device* device_ = nullptr;
  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace wgan
