// The few cuDNN 9 entry points the CUDA backend uses (the legacy convolution API), declared here and
// resolved with dlsym from the library that cuda/libraries.cpp loaded, so no cuDNN header or library is
// needed to build. Values are those of cudnn_graph.h / cudnn_ops.h / cudnn_cnn.h.
#pragma once
#include <cstddef>

namespace wgan {

struct CudnnContext;
struct CudnnTensorStruct;
struct CudnnFilterStruct;
struct CudnnConvolutionStruct;
using CudnnHandle = CudnnContext*;
using CudnnTensor = CudnnTensorStruct*;
using CudnnFilter = CudnnFilterStruct*;
using CudnnConvDesc = CudnnConvolutionStruct*;

constexpr int kCudnnSuccess = 0;            // CUDNN_STATUS_SUCCESS
constexpr int kCudnnFloat = 0;              // CUDNN_DATA_FLOAT
constexpr int kCudnnNchw = 0;               // CUDNN_TENSOR_NCHW
constexpr int kCudnnCrossCorrelation = 1;   // CUDNN_CROSS_CORRELATION
constexpr int kCudnnTensorOpMath = 1;       // CUDNN_TENSOR_OP_MATH
constexpr int kCudnnTensorOpConversion = 2;  // CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION
constexpr int kCudnnFmaMath = 3;            // CUDNN_FMA_MATH: no TF32 tensor cores, as on the CPU

// cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: the three share this layout.
struct CudnnAlgoPerf {
  int algo;
  int status;
  float time;
  size_t memory;
  int determinism;
  int mathType;
  int reserved[3];
};

// Each member is the entry point named in its comment.
struct CudnnApi {
  int (*create)(CudnnHandle*);                                // cudnnCreate
  int (*setStream)(CudnnHandle, void* stream);                // cudnnSetStream
  const char* (*errorString)(int status);                     // cudnnGetErrorString
  int (*createTensor)(CudnnTensor*);                          // cudnnCreateTensorDescriptor
  int (*setTensor4d)(CudnnTensor, int format, int dataType, int n, int c, int h, int w);  // cudnnSetTensor4dDescriptor
  int (*destroyTensor)(CudnnTensor);                          // cudnnDestroyTensorDescriptor
  int (*createFilter)(CudnnFilter*);                          // cudnnCreateFilterDescriptor
  int (*setFilter4d)(CudnnFilter, int dataType, int format, int k, int c, int h, int w);  // cudnnSetFilter4dDescriptor
  int (*destroyFilter)(CudnnFilter);                          // cudnnDestroyFilterDescriptor
  int (*createConv)(CudnnConvDesc*);                          // cudnnCreateConvolutionDescriptor
  int (*setConv2d)(CudnnConvDesc, int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int mode,
                   int computeType);                          // cudnnSetConvolution2dDescriptor
  int (*setConvMath)(CudnnConvDesc, int mathType);            // cudnnSetConvolutionMathType
  int (*destroyConv)(CudnnConvDesc);                          // cudnnDestroyConvolutionDescriptor
  int (*outputDim)(CudnnConvDesc, CudnnTensor, CudnnFilter, int* n, int* c, int* h,
                   int* w);                                   // cudnnGetConvolution2dForwardOutputDim

  // y = conv(x, w)
  int (*forwardAlgorithms)(CudnnHandle, CudnnTensor x, CudnnFilter w, CudnnConvDesc, CudnnTensor y, int requested,
                           int* returned, CudnnAlgoPerf*);    // cudnnGetConvolutionForwardAlgorithm_v7
  int (*forwardWorkspace)(CudnnHandle, CudnnTensor x, CudnnFilter w, CudnnConvDesc, CudnnTensor y, int algo,
                          size_t*);                           // cudnnGetConvolutionForwardWorkspaceSize
  int (*forward)(CudnnHandle, const void* alpha, CudnnTensor, const void* x, CudnnFilter, const void* w, CudnnConvDesc,
                 int algo, void* workspace, size_t workspaceBytes, const void* beta, CudnnTensor,
                 void* y);                                    // cudnnConvolutionForward
  // dx = convᵀ(dy, w)
  int (*backwardDataAlgorithms)(CudnnHandle, CudnnFilter w, CudnnTensor dy, CudnnConvDesc, CudnnTensor dx,
                                int requested, int* returned,
                                CudnnAlgoPerf*);              // cudnnGetConvolutionBackwardDataAlgorithm_v7
  int (*backwardDataWorkspace)(CudnnHandle, CudnnFilter w, CudnnTensor dy, CudnnConvDesc, CudnnTensor dx, int algo,
                               size_t*);                      // cudnnGetConvolutionBackwardDataWorkspaceSize
  int (*backwardData)(CudnnHandle, const void* alpha, CudnnFilter, const void* w, CudnnTensor, const void* dy,
                      CudnnConvDesc, int algo, void* workspace, size_t workspaceBytes, const void* beta, CudnnTensor,
                      void* dx);                              // cudnnConvolutionBackwardData
  // dw = β·dw + ∂/∂w <dy, conv(x, w)>
  int (*backwardFilterAlgorithms)(CudnnHandle, CudnnTensor x, CudnnTensor dy, CudnnConvDesc, CudnnFilter dw,
                                  int requested, int* returned,
                                  CudnnAlgoPerf*);            // cudnnGetConvolutionBackwardFilterAlgorithm_v7
  int (*backwardFilterWorkspace)(CudnnHandle, CudnnTensor x, CudnnTensor dy, CudnnConvDesc, CudnnFilter dw, int algo,
                                 size_t*);                    // cudnnGetConvolutionBackwardFilterWorkspaceSize
  int (*backwardFilter)(CudnnHandle, const void* alpha, CudnnTensor, const void* x, CudnnTensor, const void* dy,
                        CudnnConvDesc, int algo, void* workspace, size_t workspaceBytes, const void* beta, CudnnFilter,
                        void* dw);                            // cudnnConvolutionBackwardFilter
};

// Resolves the entry points from a dlopen handle; names the first one missing in `missing`.
bool resolveCudnn(void* handle, CudnnApi& api, const char*& missing);

// Throws ERR_UNSUPPORTED naming the call and cuDNN's error, and the way around it, unless status is success.
void checkCudnn(const CudnnApi& api, int status, const char* what);

}  // namespace wgan
