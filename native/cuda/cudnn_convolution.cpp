#include "cudnn_convolution.h"

#include <algorithm>
#include <string>
#include <utility>

#include "../core/errors.h"

namespace wgan {

namespace {

constexpr size_t kWorkspaceLimit = 64u << 20;  // per convolution, at its largest batch
constexpr int kAlgorithmsAsked = 16;           // more than cuDNN has of any kind

}  // namespace

CudnnConvolution::CudnnConvolution(Device& device, const CudnnApi& api, CudnnHandle handle, const ConvGeometry& g,
                                   int filters, int maxRows)
    : api_(api),
      handle_(handle),
      g_(g),
      filters_(filters),
      weight_(nullptr, api.destroyFilter),
      conv_(nullptr, api.destroyConv),
      workspaceLimit_(kWorkspaceLimit) {
  CudnnFilter weight = nullptr;
  check(api_.createFilter(&weight), "cudnnCreateFilterDescriptor");
  weight_.reset(weight);
  check(api_.setFilter4d(weight, kCudnnFloat, kCudnnNchw, filters, g.channels, g.kernelH, g.kernelW),
        "cudnnSetFilter4dDescriptor");
  CudnnConvDesc conv = nullptr;
  check(api_.createConv(&conv), "cudnnCreateConvolutionDescriptor");
  conv_.reset(conv);
  check(api_.setConv2d(conv, g.padTop, g.padLeft, g.stride, g.stride, 1, 1, kCudnnCrossCorrelation, kCudnnFloat),
        "cudnnSetConvolution2dDescriptor");
  check(api_.setConvMath(conv, kCudnnFmaMath), "cudnnSetConvolutionMathType");
  // The largest batch sets the workspace; smaller ones choose among the algorithms that fit in it.
  workspaceLimit_ = batch(maxRows).workspaceBytes;
  workspace_ = DeviceArray<unsigned char>(device, workspaceLimit_);
}

void checkCudnn(const CudnnApi& api, int status, const char* what) {
  if (status != kCudnnSuccess)
    fail(ErrorCode::Unsupported, std::string("cuDNN: ") + what + " failed: " + api.errorString(status) +
                                     " (WGAN_GP_CONV=gemm runs convolutions without cuDNN)");
}

void CudnnConvolution::check(int status, const char* what) const { checkCudnn(api_, status, what); }

CudnnConvolution::Owned<CudnnTensorStruct> CudnnConvolution::tensor(int n, int channels, int height, int width) const {
  CudnnTensor t = nullptr;
  check(api_.createTensor(&t), "cudnnCreateTensorDescriptor");
  Owned<CudnnTensorStruct> owned(t, api_.destroyTensor);
  check(api_.setTensor4d(t, kCudnnNchw, kCudnnFloat, n, channels, height, width), "cudnnSetTensor4dDescriptor");
  return owned;
}

// The first of cuDNN's heuristic choices (fastest first) that needs no tensor-core math (this descriptor's is
// FMA) and fits the workspace limit; `list` and `workspace` query one direction of the convolution.
template <class List, class Workspace>
int CudnnConvolution::choose(List list, Workspace workspace, const char* what, size_t& bytes) const {
  CudnnAlgoPerf perf[kAlgorithmsAsked];
  int returned = 0;
  check(list(kAlgorithmsAsked, &returned, perf), what);
  for (int i = 0; i < returned; ++i) {
    const bool tensorCores = perf[i].mathType == kCudnnTensorOpMath || perf[i].mathType == kCudnnTensorOpConversion;
    if (perf[i].status != kCudnnSuccess || tensorCores || workspace(perf[i].algo, &bytes) != kCudnnSuccess) continue;
    if (bytes <= workspaceLimit_) return perf[i].algo;
  }
  fail(ErrorCode::Unsupported, std::string("cuDNN: ") + what + " offers no algorithm for this convolution within " +
                                   std::to_string(workspaceLimit_) + " bytes of workspace");
}

const CudnnConvolution::Batch& CudnnConvolution::batch(int n) {
  const auto found = batches_.find(n);
  if (found != batches_.end()) return found->second;
  auto x = tensor(n, g_.channels, g_.height, g_.width);
  auto y = tensor(n, filters_, g_.outHeight, g_.outWidth);
  int dims[4];
  check(api_.outputDim(conv_.get(), x.get(), weight_.get(), &dims[0], &dims[1], &dims[2], &dims[3]),
        "cudnnGetConvolution2dForwardOutputDim");
  if (dims[0] != n || dims[1] != filters_ || dims[2] != g_.outHeight || dims[3] != g_.outWidth)
    fail(ErrorCode::Unsupported, "cuDNN: the convolution's output is " + std::to_string(dims[2]) + "x" +
                                     std::to_string(dims[3]) + ", the layer's " + std::to_string(g_.outHeight) + "x" +
                                     std::to_string(g_.outWidth) + " (its padding is not symmetric)");
  CudnnHandle h = handle_;
  CudnnTensor xd = x.get(), yd = y.get();
  CudnnFilter wd = weight_.get();
  CudnnConvDesc cd = conv_.get();
  const CudnnApi& a = api_;
  size_t forwardBytes = 0, dataBytes = 0, filterBytes = 0;
  const int forwardAlgo = choose(
      [&](int k, int* r, CudnnAlgoPerf* p) { return a.forwardAlgorithms(h, xd, wd, cd, yd, k, r, p); },
      [&](int algo, size_t* b) { return a.forwardWorkspace(h, xd, wd, cd, yd, algo, b); },
      "cudnnGetConvolutionForwardAlgorithm_v7", forwardBytes);
  const int dataAlgo = choose(
      [&](int k, int* r, CudnnAlgoPerf* p) { return a.backwardDataAlgorithms(h, wd, yd, cd, xd, k, r, p); },
      [&](int algo, size_t* b) { return a.backwardDataWorkspace(h, wd, yd, cd, xd, algo, b); },
      "cudnnGetConvolutionBackwardDataAlgorithm_v7", dataBytes);
  const int filterAlgo = choose(
      [&](int k, int* r, CudnnAlgoPerf* p) { return a.backwardFilterAlgorithms(h, xd, yd, cd, wd, k, r, p); },
      [&](int algo, size_t* b) { return a.backwardFilterWorkspace(h, xd, yd, cd, wd, algo, b); },
      "cudnnGetConvolutionBackwardFilterAlgorithm_v7", filterBytes);
  const size_t bytes = std::max(forwardBytes, std::max(dataBytes, filterBytes));
  return batches_.emplace(n, Batch{std::move(x), std::move(y), forwardAlgo, dataAlgo, filterAlgo, bytes})
      .first->second;
}

void CudnnConvolution::forward(const float* weight, const float* x, float* y, int n) {
  if (n == 0) return;
  const Batch& b = batch(n);
  const float one = 1.f, zero = 0.f;
  check(api_.forward(handle_, &one, b.x.get(), x, weight_.get(), weight, conv_.get(), b.forwardAlgo, workspace_.data(),
                     workspace_.bytes(), &zero, b.y.get(), y),
        "cudnnConvolutionForward");
}

void CudnnConvolution::backwardData(const float* weight, const float* gy, float* gx, int n) {
  if (n == 0) return;
  const Batch& b = batch(n);
  const float one = 1.f, zero = 0.f;
  check(api_.backwardData(handle_, &one, weight_.get(), weight, b.y.get(), gy, conv_.get(), b.backwardDataAlgo,
                          workspace_.data(), workspace_.bytes(), &zero, b.x.get(), gx),
        "cudnnConvolutionBackwardData");
}

void CudnnConvolution::backwardFilter(const float* x, const float* gy, float* gradWeight, int n) {
  if (n == 0) return;
  const Batch& b = batch(n);
  const float one = 1.f;  // β = 1: accumulate into the gradient
  check(api_.backwardFilter(handle_, &one, b.x.get(), x, b.y.get(), gy, conv_.get(), b.backwardFilterAlgo,
                            workspace_.data(), workspace_.bytes(), &one, weight_.get(), gradWeight),
        "cudnnConvolutionBackwardFilter");
}

}  // namespace wgan
