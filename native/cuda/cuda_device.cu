// The CUDA backend: the primitives of core/device.h on one stream of GPU 0. GEMM goes through cuBLAS and
// convolutions through cuDNN (both loaded with dlopen; without cuDNN, convolutions are im2col + GEMM); every
// other primitive is one call into its family's kernel file (im2col, bias, elementwise, activations,
// normalize, losses, adam, random), the same families as the CPU backend's files. Element-wise and per-group
// kernels run the bodies the CPU runs (kernels/*.h); the backends differ only by fused multiply-adds and the
// order of sums (GEMM, convolution, the block trees, atomics).
#include <cuda_runtime.h>

#include <string>

#include "../conv/padded_convolution.h"
#include "../core/device.h"
#include "../core/errors.h"
#include "activations.h"
#include "adam.h"
#include "bias.h"
#include "cublas_api.h"
#include "cudnn_api.h"
#include "cudnn_convolution.h"
#include "elementwise.h"
#include "im2col.h"
#include "launch.h"
#include "losses.h"
#include "normalize.h"
#include "probe.h"
#include "random.h"

namespace wgan {

namespace {

using cuda::check;

class CudaReplay : public Replay {
 public:
  CudaReplay(cudaGraphExec_t exec, cudaGraph_t graph, cudaStream_t stream) : exec_(exec), graph_(graph), stream_(stream) {}
  ~CudaReplay() override {
    cudaGraphExecDestroy(exec_);
    cudaGraphDestroy(graph_);
  }
  void launch() override { check(cudaGraphLaunch(exec_, stream_), "cudaGraphLaunch"); }

 private:
  cudaGraphExec_t exec_;
  cudaGraph_t graph_;
  cudaStream_t stream_;
};

class CudaDevice : public Device {
 public:
  explicit CudaDevice(const CudaStatus& status) {
    const CudaLibrary* cublas = findLibrary(status, "cuBLAS");
    const char* missing = nullptr;
    if (!cublas || !cublas->loaded || !resolveCublas(cublas->handle, blas_, missing))
      fail(ErrorCode::Unsupported, std::string("cuBLAS lacks ") + (missing ? missing : "its entry points"));
    const CudaLibrary* cudnn = findLibrary(status, "cuDNN");
    cudnnResolved_ = cudnn && cudnn->loaded && resolveCudnn(cudnn->handle, cudnn_, missing);
    check(cudaSetDevice(0), "cudaSetDevice");
    check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    if (blas_.create(&handle_) != 0) fail(ErrorCode::Unsupported, "CUDA: cublasCreate failed");
    blas_.setStream(handle_, stream_);
    // A workspace of our own, so cuBLAS allocates nothing while a graph is recorded.
    check(cudaMalloc(&workspace_, kWorkspaceBytes), "cudaMalloc (cuBLAS workspace)");
    blas_.setWorkspace(handle_, workspace_, kWorkspaceBytes);
    for (cudaEvent_t& e : marks_) check(cudaEventCreate(&e), "cudaEventCreate");
  }

  const char* name() const override { return "cuda"; }
  void* queue() override { return stream_; }

  void* allocate(size_t bytes) override {
    if (bytes == 0) return nullptr;
    void* p = nullptr;
    check(cudaMalloc(&p, bytes), "cudaMalloc");
    check(cudaMemsetAsync(p, 0, bytes, stream_), "cudaMemset");
    return p;
  }
  void release(void* p) override {
    if (p) cudaFree(p);
  }
  void upload(void* dst, const void* host, size_t bytes) override {
    if (!bytes) return;
    check(cudaMemcpyAsync(dst, host, bytes, cudaMemcpyHostToDevice, stream_), "upload");
    check(cudaStreamSynchronize(stream_), "upload");
  }
  void download(void* host, const void* src, size_t bytes) override {
    if (!bytes) return;
    check(cudaMemcpyAsync(host, src, bytes, cudaMemcpyDeviceToHost, stream_), "download");
    check(cudaStreamSynchronize(stream_), "download");
  }
  void copy(void* dst, const void* src, size_t bytes) override {
    if (bytes && dst != src) check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, stream_), "copy");
  }
  void zero(void* dst, size_t bytes) override {
    if (bytes) check(cudaMemsetAsync(dst, 0, bytes, stream_), "zero");
  }

  // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: cuBLAS gets B before A.
  void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
             float beta, float* c, int ldc) override {
    if (m == 0 || n == 0) return;
    const int status = blas_.sgemm(handle_, transB ? kCublasOpT : kCublasOpN, transA ? kCublasOpT : kCublasOpN, n, m, k,
                                   &alpha, b, ldb, a, lda, &beta, c, ldc);
    if (status != 0) fail(ErrorCode::Unsupported, "CUDA: cublasSgemm failed with status " + std::to_string(status));
  }
  void im2col(const ConvGeometry& g, const float* x, int n, float* col) override { cuda::im2col(stream_, g, x, n, col); }
  void col2im(const ConvGeometry& g, const float* col, int n, float* x) override { cuda::col2im(stream_, g, col, n, x); }
  void transposeBlocks(const float* from, int rows, int cols, int block, float* to) override {
    cuda::transposeBlocks(stream_, from, rows, cols, block, to);
  }
  void addBiasRows(float* y, const float* bias, int rows, int cols) override { cuda::addBiasRows(stream_, y, bias, rows, cols); }
  void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) override {
    cuda::addBiasPlanes(stream_, y, bias, n, channels, plane);
  }
  void sumRowsInto(const float* g, int rows, int cols, float* out) override { cuda::sumRowsInto(stream_, g, rows, cols, out); }
  void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) override {
    cuda::sumPlanesInto(stream_, g, n, channels, plane, out);
  }
  void addInto(float* u, const float* s, long long count) override { cuda::addInto(stream_, u, s, count); }
  void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) override {
    cuda::cropWindow(stream_, w, from, to, n, toSmall);
  }
  // cuDNN where the probe resolved it; its handle is made on first use, on this device's stream.
  std::unique_ptr<Convolution> preferredConvolution(const ConvGeometry& g, int filters, int maxRows) override {
    if (!cudnnResolved_) return nullptr;
    if (!cudnnHandle_) {
      checkCudnn(cudnn_, cudnn_.create(&cudnnHandle_), "cudnnCreate");
      checkCudnn(cudnn_, cudnn_.setStream(cudnnHandle_, stream_), "cudnnSetStream");
    }
    return withSymmetricPadding(*this, g, maxRows, [&](const ConvGeometry& symmetric) -> std::unique_ptr<Convolution> {
      return std::make_unique<CudnnConvolution>(*this, cudnn_, cudnnHandle_, symmetric, filters, maxRows);
    });
  }

  void activationForward(ActivationKind kind, float alpha, const float* x, float* y, long long count) override {
    cuda::activationForward(stream_, kind, alpha, x, y, count);
  }
  void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                            long long count) override {
    cuda::activationDerivative(stream_, kind, alpha, x, y, a, out, count);
  }
  void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                           const float* v, float* c, long long count) override {
    cuda::activationCurvature(stream_, kind, alpha, x, y, gy, v, c, count);
  }
  void normalize(NormOp op, const NormLayout& l, const NormArgs& args) override { cuda::normalize(stream_, op, l, args); }
  void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar,
                              double momentum) override {
    cuda::batchNormRunningUpdate(stream_, l, x, runningMean, runningVar, momentum);
  }
  void batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                          const float* runningMean, const float* runningVar, float* y) override {
    cuda::batchNormInference(stream_, l, x, gamma, beta, runningMean, runningVar, y);
  }

  void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) override {
    cuda::interpolate(stream_, real, fake, epsilon, xhat, n, size);
  }
  void wassersteinSeeds(const float* scores, float* seed, int n, int batch, double* means) override {
    cuda::wassersteinSeeds(stream_, scores, seed, n, batch, means);
  }
  void generatorSeeds(const float* scores, float* seed, int n, int batch, double* loss) override {
    cuda::generatorSeeds(stream_, scores, seed, n, batch, loss);
  }
  void gradientPenalty(const float* g, float* v0, float* norms, int n, int batch, int size, float lambda,
                       double* out) override {
    cuda::gradientPenalty(stream_, g, v0, norms, n, batch, size, lambda, out);
  }
  void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, int batch, float* seed,
                           double* out) override {
    cuda::softmaxCrossEntropy(stream_, logits, labels, classes, n, batch, seed, out);
  }

  void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) override {
    cuda::checkFinite(stream_, values, count, scalars, scalarCount, finite);
  }
  void emaUpdate(float* ema, const float* params, long long count, const float* beta, const int* apply) override {
    cuda::emaUpdate(stream_, ema, params, count, beta, apply);
  }
  void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                  const int* apply) override {
    cuda::adamUpdate(stream_, params, m, v, grads, count, control, apply);
  }
  void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) override {
    cuda::fillUniform(stream_, out, count, lo, hi, rng, offset);
  }
  void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) override {
    cuda::fillNormal(stream_, out, count, rng, offset);
  }

  void mark(int slot) override {
    check(cudaEventRecordWithFlags(marks_[checkedMark(slot)], stream_, cudaEventRecordExternal), "cudaEventRecord");
  }
  double markedMs(int from, int to) override {
    float ms = 0.f;
    check(cudaEventSynchronize(marks_[checkedMark(to)]), "cudaEventSynchronize");
    check(cudaEventElapsedTime(&ms, marks_[checkedMark(from)], marks_[checkedMark(to)]), "cudaEventElapsedTime");
    return ms;
  }
  std::unique_ptr<Replay> capture(const std::function<void()>& body) override {
    check(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
    cudaGraph_t graph = nullptr;
    try {
      body();
    } catch (...) {
      cudaStreamEndCapture(stream_, &graph);
      if (graph) cudaGraphDestroy(graph);
      throw;
    }
    check(cudaStreamEndCapture(stream_, &graph), "cudaStreamEndCapture");
    cudaGraphExec_t exec = nullptr;
    const cudaError_t error = cudaGraphInstantiate(&exec, graph, 0);
    if (error != cudaSuccess) cudaGraphDestroy(graph);
    check(error, "cudaGraphInstantiate");
    return std::make_unique<CudaReplay>(exec, graph, stream_);
  }

 private:
  static constexpr size_t kWorkspaceBytes = 32u << 20;  // what cuBLAS recommends for Hopper
  CublasApi blas_{};
  CublasHandle handle_ = nullptr;
  CudnnApi cudnn_{};
  bool cudnnResolved_ = false;
  CudnnHandle cudnnHandle_ = nullptr;
  cudaStream_t stream_ = nullptr;
  void* workspace_ = nullptr;
  cudaEvent_t marks_[kMarkSlots]{};
};

}  // namespace

Device& cudaDevice() {
  const CudaStatus& status = probeCuda();
  if (!status.available) fail(ErrorCode::Unsupported, "the CUDA backend cannot run here: " + status.reason);
  static CudaDevice device(status);  // one stream and cuBLAS handle for the process, never torn down
  return device;
}

}  // namespace wgan
