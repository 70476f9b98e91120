// The CUDA backend: the primitives of core/device.h as kernels on one stream of GPU 0, GEMM through cuBLAS
// and convolutions through cuDNN (both loaded with dlopen; without cuDNN, convolutions are im2col + GEMM).
// Element-wise and per-group kernels call the same bodies as the CPU backend (kernels/*.h): a group (a
// normalisation's sample or channel, a sample of the penalty) runs on one block, its sums reduced as a tree
// in double; the losses' few scalar sums run in the CPU's order in one thread. The two backends differ only
// by fused multiply-adds and the order of sums (GEMM, convolution, the trees, atomics).
#include <cuda_runtime.h>

#include <string>

#include "../core/device.h"
#include "../core/errors.h"
#include "../kernels/activations.h"
#include "../kernels/adam.h"
#include "../kernels/normalize.h"
#include "../kernels/penalty.h"
#include "../kernels/philox.h"
#include "../kernels/softmax.h"
#include "../conv/padded_convolution.h"
#include "cublas_api.h"
#include "cudnn_api.h"
#include "cudnn_convolution.h"
#include "probe.h"

namespace wgan {

namespace {

void check(cudaError_t error, const char* what) {
  if (error != cudaSuccess)
    fail(ErrorCode::Unsupported, std::string("CUDA: ") + what + " failed: " + cudaGetErrorName(error) + " (" +
                                     cudaGetErrorString(error) + ")");
}

constexpr int kThreads = 256;
constexpr long long kMaxBlocks = 8192;  // grid-stride loops cover the rest

int blocksFor(long long count) {
  const long long blocks = (count + kThreads - 1) / kThreads;
  return static_cast<int>(blocks < 1 ? 1 : (blocks > kMaxBlocks ? kMaxBlocks : blocks));
}

// One block per group (a normalisation's sample or channel), up to kMaxBlocks; blocks loop over the rest.
int groupBlocks(int groups) { return static_cast<int>(groups < 1 ? 1 : (groups > kMaxBlocks ? kMaxBlocks : groups)); }

#define WGAN_FOR_EACH(i, count) \
  for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < (count); i += static_cast<long long>(gridDim.x) * blockDim.x)

// ---- dense algebra ----

__global__ void im2colKernel(ConvGeometry g, const float* x, int n, float* col) {
  const long long K = g.patch(), P = g.pixels(), total = n * P * K;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / (P * K), rest = idx % (P * K);
    const int p = static_cast<int>(rest / K), k = static_cast<int>(rest % K);
    const int c = k / (g.kernelH * g.kernelW), i = (k / g.kernelW) % g.kernelH, j = k % g.kernelW;
    const int iy = (p / g.outWidth) * g.stride - g.padTop + i, ix = (p % g.outWidth) * g.stride - g.padLeft + j;
    const bool inside = iy >= 0 && iy < g.height && ix >= 0 && ix < g.width;
    col[idx] = inside ? x[b * g.inSize() + (static_cast<long long>(c) * g.height + iy) * g.width + ix] : 0.f;
  }
}

// Gathers, for each image position, the column entries read from it (no atomics).
__global__ void col2imKernel(ConvGeometry g, const float* col, int n, float* x) {
  const long long K = g.patch(), P = g.pixels(), total = static_cast<long long>(n) * g.inSize();
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / g.inSize();
    const int rest = static_cast<int>(idx % g.inSize());
    const int c = rest / (g.height * g.width), iy = (rest / g.width) % g.height, ix = rest % g.width;
    float sum = 0.f;
    for (int i = 0; i < g.kernelH; ++i) {
      const int oyS = iy + g.padTop - i;
      if (oyS < 0 || oyS % g.stride != 0 || oyS / g.stride >= g.outHeight) continue;
      for (int j = 0; j < g.kernelW; ++j) {
        const int oxS = ix + g.padLeft - j;
        if (oxS < 0 || oxS % g.stride != 0 || oxS / g.stride >= g.outWidth) continue;
        const long long p = (oyS / g.stride) * g.outWidth + oxS / g.stride;
        sum += col[(b * P + p) * K + (c * g.kernelH + i) * g.kernelW + j];
      }
    }
    x[idx] = sum;
  }
}

__global__ void planesToRowsKernel(const float* planes, int n, int channels, int plane, float* rows) {
  const long long per = static_cast<long long>(plane) * channels, total = n * per;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / per;
    const int p = static_cast<int>(idx % per) / channels, c = static_cast<int>(idx % per) % channels;
    rows[idx] = planes[(b * channels + c) * plane + p];
  }
}

__global__ void rowsToPlanesKernel(const float* rows, int n, int channels, int plane, float* planes) {
  const long long per = static_cast<long long>(plane) * channels, total = n * per;
  WGAN_FOR_EACH(idx, total) {
    const long long b = idx / per;
    const int c = static_cast<int>(idx % per) / plane, p = static_cast<int>(idx % per) % plane;
    planes[idx] = rows[(b * plane + p) * channels + c];
  }
}

__global__ void addBiasKernel(float* y, const float* bias, long long total, int channels, int plane) {
  WGAN_FOR_EACH(idx, total) y[idx] += bias[(idx / plane) % channels];
}

// out[c] += Σ over n blocks of `plane` values of channel c; one CUDA block per channel, the sum in double.
__global__ void sumPlanesKernel(const float* g, int n, int channels, int plane, float* out) {
  __shared__ double partial[kThreads];
  const int c = blockIdx.x;
  double sum = 0;
  for (long long k = threadIdx.x; k < static_cast<long long>(n) * plane; k += blockDim.x) {
    const long long b = k / plane, p = k % plane;
    sum += g[(b * channels + c) * plane + p];
  }
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[c] += static_cast<float>(partial[0]);
}

__global__ void addIntoKernel(float* u, const float* s, long long count) {
  WGAN_FOR_EACH(i, count) u[i] += s[i];
}

__global__ void cropKernel(CropWindow w, const float* from, float* to, int n, bool toSmall) {
  const long long bigPlane = static_cast<long long>(w.bigH) * w.bigW, smallPlane = static_cast<long long>(w.smallH) * w.smallW;
  const long long total = static_cast<long long>(n) * w.channels * (toSmall ? smallPlane : bigPlane);
  WGAN_FOR_EACH(idx, total) {
    if (toSmall) {
      const long long image = idx / smallPlane;  // b·C + c
      const int r = static_cast<int>(idx % smallPlane) / w.smallW, col = static_cast<int>(idx % smallPlane) % w.smallW;
      to[idx] = from[image * bigPlane + static_cast<long long>(r + w.top) * w.bigW + col + w.left];
    } else {
      const long long image = idx / bigPlane;
      const int r = static_cast<int>(idx % bigPlane) / w.bigW - w.top, col = static_cast<int>(idx % bigPlane) % w.bigW - w.left;
      const bool inside = r >= 0 && r < w.smallH && col >= 0 && col < w.smallW;
      to[idx] = inside ? from[image * smallPlane + static_cast<long long>(r) * w.smallW + col] : 0.f;
    }
  }
}

// ---- element-wise and per-group bodies ----

template <class Fn>
__global__ void activationForwardKernel(float alpha, const float* x, float* y, long long count) {
  WGAN_FOR_EACH(i, count) y[i] = Fn::f(x[i], alpha);
}

template <class Fn>
__global__ void activationDerivativeKernel(float alpha, const float* x, const float* y, const float* a, float* out,
                                           long long count) {
  WGAN_FOR_EACH(i, count) out[i] = a[i] * Fn::d1(x[i], y[i], alpha);
}

template <class Fn>
__global__ void activationCurvatureKernel(float alpha, const float* x, const float* y, const float* gy, const float* v,
                                          float* c, long long count) {
  WGAN_FOR_EACH(i, count) c[i] = gy[i] * v[i] * Fn::d2(x[i], y[i], alpha);
}

// The Loops of kernels/loops.h over the threads of one block: a group's elements are strided over the
// threads, its sums reduced in shared memory (`scratch`, kMaxSums doubles per thread; blockDim.x a power
// of two). Every thread of the block must make the same calls, as the bodies do.
constexpr int kMaxSums = 5;
struct BlockLoops {
  double* scratch;
  template <class F>
  __device__ void forEach(int m, F f) const {
    for (int k = threadIdx.x; k < m; k += blockDim.x) f(k);
  }
  template <class F>
  __device__ auto sums(int m, F f) const -> decltype(f(0)) {
    using S = decltype(f(0));
    static_assert(S::size <= kMaxSums, "more sums than the scratch holds");
    S mine{};
    for (int k = threadIdx.x; k < m; k += blockDim.x) mine += f(k);
    for (int i = 0; i < S::size; ++i) scratch[i * blockDim.x + threadIdx.x] = mine.v[i];
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
      if (threadIdx.x < half)
        for (int i = 0; i < S::size; ++i) scratch[i * blockDim.x + threadIdx.x] += scratch[i * blockDim.x + threadIdx.x + half];
      __syncthreads();
    }
    S total;
    for (int i = 0; i < S::size; ++i) total.v[i] = scratch[i * blockDim.x];
    __syncthreads();  // all have read the totals before the scratch is written again
    return total;
  }
  __device__ bool lead() const { return threadIdx.x == 0; }
};

// One block per group runs the shared body (kernels/normalize.h).
template <class Group>
__global__ void normalizeKernel(NormOp op, Group G, int groups, NormArgs args) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int g = blockIdx.x; g < groups; g += gridDim.x) normalizeGroup(loops, op, G, g, args, kNormEpsilon);
}

__global__ void runningUpdateKernel(ChannelGroup G, const float* x, float* runningMean, float* runningVar, double momentum) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int ch = blockIdx.x; ch < G.channels; ch += gridDim.x)
    batchNormRunningUpdate(loops, G, ch, x, runningMean, runningVar, momentum, kNormEpsilon);
}

__global__ void batchNormInferenceKernel(long long count, int channels, int plane, const float* x, const float* gamma,
                                         const float* beta, const float* runningMean, const float* runningVar, float* y) {
  WGAN_FOR_EACH(i, count) y[i] = batchNormInferenceAt(i, channels, plane, x, gamma, beta, runningMean, runningVar, kNormEpsilon);
}

// ---- the losses' heads: per-sample work in parallel, the sums in one thread in the CPU's order ----

__global__ void interpolateKernel(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) {
  WGAN_FOR_EACH(k, static_cast<long long>(n) * size) {
    const float e = epsilon[k / size];
    xhat[k] = e * real[k] + (1.f - e) * fake[k];
  }
}

__global__ void wassersteinSeedsKernel(const float* scores, float* seed, int n, double* means) {
  WGAN_FOR_EACH(b, n) {
    seed[b] = -1.f / n;
    seed[n + b] = 1.f / n;
    seed[2 * n + b] = 1.f;
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    double meanReal = 0, meanFake = 0;
    for (int b = 0; b < n; ++b) {
      meanReal += scores[b];
      meanFake += scores[n + b];
    }
    means[0] = meanReal / n;
    means[1] = meanFake / n;
  }
}

__global__ void generatorSeedsKernel(const float* scores, float* seed, int n, double* loss) {
  WGAN_FOR_EACH(b, n) seed[b] = -1.f / n;
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    double mean = 0;
    for (int b = 0; b < n; ++b) mean += scores[b];
    *loss = -mean / n;
  }
}

// One block per sample.
__global__ void penaltySamplesKernel(const float* g, float* v0, float* norms, int n, int size, double scale) {
  __shared__ double scratch[kMaxSums * kThreads];
  const BlockLoops loops{scratch};
  for (int b = blockIdx.x; b < n; b += gridDim.x) {
    const long long offset = static_cast<long long>(b) * size;
    const double norm = penaltySample(loops, g + offset, v0 + offset, size, scale);
    if (loops.lead()) norms[b] = static_cast<float>(norm);
  }
}

__global__ void penaltySumKernel(const float* norms, int n, float lambda, double* out) {
  double penalty = 0, normSum = 0;
  for (int b = 0; b < n; ++b) {
    const double s = norms[b];
    penalty += (s - 1) * (s - 1);
    normSum += norms[b];
  }
  out[0] = penalty * static_cast<double>(lambda) / n;
  out[1] = normSum / n;
}

__global__ void softmaxCrossEntropyKernel(const float* logits, const int32_t* labels, int classes, int n, float* seed,
                                          double* out) {
  double loss = 0;
  int correct = 0;
  for (int b = 0; b < n; ++b) {
    const float* row = logits + static_cast<long long>(b) * classes;
    loss += softmaxCrossEntropy(row, classes, labels[b], 1.0 / n, seed + static_cast<long long>(b) * classes);
    int top = 0;
    for (int k = 1; k < classes; ++k)
      if (row[k] > row[top]) top = k;
    if (top == labels[b]) ++correct;
  }
  out[0] = loss / n;
  out[1] = correct;
}

// ---- optimizer, random numbers, checks ----

__global__ void finiteScalarsKernel(const double* scalars, int scalarCount, int* finite) {
  int ok = 1;
  for (int i = 0; i < scalarCount; ++i) ok = ok && isfinite(scalars[i]);
  *finite = ok;
}

__global__ void finiteValuesKernel(const float* values, long long count, int* finite) {
  WGAN_FOR_EACH(i, count) if (!isfinite(values[i])) *finite = 0;
}

__global__ void adamKernel(float* params, float* m, float* v, const float* grads, long long count,
                           const AdamControl* control, const int* apply) {
  if (apply && !*apply) return;
  __shared__ AdamScalars a;
  if (threadIdx.x == 0) a = adamScalars(*control, control->t + 1);
  __syncthreads();
  WGAN_FOR_EACH(i, count) adamUpdate(params[i], m[i], v[i], grads[i], a);
}

__global__ void adamCountKernel(AdamControl* control, const int* apply) {
  if (!apply || *apply) ++control->t;
}

__global__ void uniformKernel(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) {
  WGAN_FOR_EACH(i, count) out[i] = lo + (hi - lo) * philoxUniformAt(rng->key, rng->counter + offset, i);
}

__global__ void normalKernel(float* out, long long count, const RngControl* rng, uint64_t offset) {
  WGAN_FOR_EACH(i, count) out[i] = philoxNormalAt(rng->key, rng->counter + offset, i);
}

// ---- the device ----

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
  void im2col(const ConvGeometry& g, const float* x, int n, float* col) override {
    im2colKernel<<<blocksFor(static_cast<long long>(n) * g.pixels() * g.patch()), kThreads, 0, stream_>>>(g, x, n, col);
    launched();
  }
  void col2im(const ConvGeometry& g, const float* col, int n, float* x) override {
    col2imKernel<<<blocksFor(static_cast<long long>(n) * g.inSize()), kThreads, 0, stream_>>>(g, col, n, x);
    launched();
  }
  void planesToRows(const float* planes, int n, int channels, int plane, float* rows) override {
    const long long total = static_cast<long long>(n) * channels * plane;
    planesToRowsKernel<<<blocksFor(total), kThreads, 0, stream_>>>(planes, n, channels, plane, rows);
    launched();
  }
  void rowsToPlanes(const float* rows, int n, int channels, int plane, float* planes) override {
    const long long total = static_cast<long long>(n) * channels * plane;
    rowsToPlanesKernel<<<blocksFor(total), kThreads, 0, stream_>>>(rows, n, channels, plane, planes);
    launched();
  }
  void addBiasRows(float* y, const float* bias, int rows, int cols) override {
    const long long total = static_cast<long long>(rows) * cols;
    addBiasKernel<<<blocksFor(total), kThreads, 0, stream_>>>(y, bias, total, cols, 1);
    launched();
  }
  void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane) override {
    const long long total = static_cast<long long>(n) * channels * plane;
    addBiasKernel<<<blocksFor(total), kThreads, 0, stream_>>>(y, bias, total, channels, plane);
    launched();
  }
  // Rows are planes of one pixel: the sum over rows of column c is the sum over samples of channel c.
  void sumRowsInto(const float* g, int rows, int cols, float* out) override { sumPlanesInto(g, rows, cols, 1, out); }
  void sumPlanesInto(const float* g, int n, int channels, int plane, float* out) override {
    if (channels == 0) return;
    sumPlanesKernel<<<channels, kThreads, 0, stream_>>>(g, n, channels, plane, out);
    launched();
  }
  void addInto(float* u, const float* s, long long count) override {
    addIntoKernel<<<blocksFor(count), kThreads, 0, stream_>>>(u, s, count);
    launched();
  }
  void cropWindow(const CropWindow& w, const float* from, float* to, int n, bool toSmall) override {
    const long long total = static_cast<long long>(n) * w.channels * (toSmall ? w.smallH * w.smallW : w.bigH * w.bigW);
    cropKernel<<<blocksFor(total), kThreads, 0, stream_>>>(w, from, to, n, toSmall);
    launched();
  }
  // cuDNN where the probe resolved it; its handle is made on first use, on this device's stream.
  std::unique_ptr<Convolution> libraryConvolution(const ConvGeometry& g, int filters, int maxRows) override {
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
    visitActivation(kind, [&](auto fn) {
      activationForwardKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream_>>>(alpha, x, y, count);
    launched();
    });
  }
  void activationDerivative(ActivationKind kind, float alpha, const float* x, const float* y, const float* a, float* out,
                            long long count) override {
    visitActivation(kind, [&](auto fn) {
      activationDerivativeKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream_>>>(alpha, x, y, a, out, count);
    launched();
    });
  }
  void activationCurvature(ActivationKind kind, float alpha, const float* x, const float* y, const float* gy,
                           const float* v, float* c, long long count) override {
    visitActivation(kind, [&](auto fn) {
      activationCurvatureKernel<decltype(fn)><<<blocksFor(count), kThreads, 0, stream_>>>(alpha, x, y, gy, v, c, count);
    launched();
    });
  }
  void normalize(NormOp op, const NormLayout& l, const NormArgs& args) override {
    if (l.perChannel)
      normalizeKernel<<<groupBlocks(l.channels), kThreads, 0, stream_>>>(op, ChannelGroup{l.n, l.channels, l.plane}, l.channels, args);
    else
      normalizeKernel<<<groupBlocks(l.n), kThreads, 0, stream_>>>(op, SampleGroup{l.channels * l.plane}, l.n, args);
    launched();
  }
  void batchNormRunningUpdate(const NormLayout& l, const float* x, float* runningMean, float* runningVar,
                              double momentum) override {
    runningUpdateKernel<<<groupBlocks(l.channels), kThreads, 0, stream_>>>(ChannelGroup{l.n, l.channels, l.plane}, x,
                                                                                  runningMean, runningVar, momentum);
    launched();
  }
  void batchNormInference(const NormLayout& l, const float* x, const float* gamma, const float* beta,
                          const float* runningMean, const float* runningVar, float* y) override {
    const long long count = static_cast<long long>(l.n) * l.channels * l.plane;
    batchNormInferenceKernel<<<blocksFor(count), kThreads, 0, stream_>>>(count, l.channels, l.plane, x, gamma, beta,
                                                                                  runningMean, runningVar, y);
    launched();
  }

  void interpolate(const float* real, const float* fake, const float* epsilon, float* xhat, int n, int size) override {
    interpolateKernel<<<blocksFor(static_cast<long long>(n) * size), kThreads, 0, stream_>>>(real, fake, epsilon, xhat, n, size);
    launched();
  }
  void wassersteinSeeds(const float* scores, float* seed, int n, double* means) override {
    wassersteinSeedsKernel<<<blocksFor(n), kThreads, 0, stream_>>>(scores, seed, n, means);
    launched();
  }
  void generatorSeeds(const float* scores, float* seed, int n, double* loss) override {
    generatorSeedsKernel<<<blocksFor(n), kThreads, 0, stream_>>>(scores, seed, n, loss);
    launched();
  }
  void gradientPenalty(const float* g, float* v0, float* norms, int n, int size, float lambda, double* out) override {
    penaltySamplesKernel<<<groupBlocks(n), kThreads, 0, stream_>>>(g, v0, norms, n, size, 2.0 * lambda / n);
    launched();
    penaltySumKernel<<<1, 1, 0, stream_>>>(norms, n, lambda, out);
    launched();
  }
  void softmaxCrossEntropy(const float* logits, const int32_t* labels, int classes, int n, float* seed,
                           double* out) override {
    softmaxCrossEntropyKernel<<<1, 1, 0, stream_>>>(logits, labels, classes, n, seed, out);
    launched();
  }

  void checkFinite(const float* values, long long count, const double* scalars, int scalarCount, int* finite) override {
    finiteScalarsKernel<<<1, 1, 0, stream_>>>(scalars, scalarCount, finite);
    launched();
    if (count > 0) finiteValuesKernel<<<blocksFor(count), kThreads, 0, stream_>>>(values, count, finite);
    launched();
  }
  void adamUpdate(float* params, float* m, float* v, const float* grads, long long count, AdamControl* control,
                  const int* apply) override {
    if (count > 0) adamKernel<<<blocksFor(count), kThreads, 0, stream_>>>(params, m, v, grads, count, control, apply);
    launched();
    adamCountKernel<<<1, 1, 0, stream_>>>(control, apply);
    launched();
  }
  void fillUniform(float* out, long long count, float lo, float hi, const RngControl* rng, uint64_t offset) override {
    uniformKernel<<<blocksFor(count), kThreads, 0, stream_>>>(out, count, lo, hi, rng, offset);
    launched();
  }
  void fillNormal(float* out, long long count, const RngControl* rng, uint64_t offset) override {
    normalKernel<<<blocksFor(count), kThreads, 0, stream_>>>(out, count, rng, offset);
    launched();
  }

  void mark(int slot) override {
    check(cudaEventRecordWithFlags(marks_[slot], stream_, cudaEventRecordExternal), "cudaEventRecord");
  }
  double markedMs(int from, int to) override {
    float ms = 0.f;
    check(cudaEventSynchronize(marks_[to]), "cudaEventSynchronize");
    check(cudaEventElapsedTime(&ms, marks_[from], marks_[to]), "cudaEventElapsedTime");
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
  // Launch errors (a bad configuration, no kernel image for this GPU) surface at once.
  static void launched() { check(cudaGetLastError(), "kernel launch"); }

  static constexpr size_t kWorkspaceBytes = 32u << 20;  // what cuBLAS recommends for Hopper
  CublasApi blas_{};
  CublasHandle handle_ = nullptr;
  CudnnApi cudnn_{};
  bool cudnnResolved_ = false;
  CudnnHandle cudnnHandle_ = nullptr;
  cudaStream_t stream_ = nullptr;
  void* workspace_ = nullptr;
  cudaEvent_t marks_[8]{};
};

}  // namespace

Device& cudaDevice() {
  const CudaStatus& status = probeCuda();
  if (!status.available) fail(ErrorCode::Unsupported, "the CUDA backend cannot run here: " + status.reason);
  static CudaDevice device(status);  // one stream and cuBLAS handle for the process, never torn down
  return device;
}

}  // namespace wgan
