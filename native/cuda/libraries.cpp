#include "libraries.h"

#include "cublas_api.h"
#include "cudnn_api.h"
#include "nccl_api.h"

#include <dlfcn.h>

#include <string>
#include <vector>

#include "../common/dynamic_library.h"

namespace wgan {

namespace {

// Folders to look in, in order; "" stands for the system library path (dlopen by soname).
std::vector<std::string> searchDirs(const std::string& pythonPackage) {
  std::vector<std::string> dirs;
  if (!envValue("WGAN_GP_CUDA_LIB_DIR").empty()) dirs.push_back(envValue("WGAN_GP_CUDA_LIB_DIR"));
  dirs.push_back("");
  for (const char* var : {"CUDA_HOME", "CUDA_PATH"})
    if (!envValue(var).empty()) dirs.push_back(envValue(var) + "/lib64");
  dirs.push_back("/usr/local/cuda/lib64");
  for (const std::string& dir : pythonNvidiaDirs(pythonPackage)) dirs.push_back(dir);
  return dirs;
}

CudaLibrary load(const std::string& name, const std::vector<std::string>& sonames, const std::string& pythonPackage,
                 std::string (*version)(void* handle)) {
  const std::vector<std::string> dirs = searchDirs(pythonPackage);
  const bool python = pythonNvidiaDirs(pythonPackage).size() > 0;
  const FoundLibrary found =
      openLibrary(dirs, sonames, (python ? "" : "no Python site-packages with nvidia/" + pythonPackage + "/lib; ") +
                                     std::string("set WGAN_GP_CUDA_LIB_DIR to its folder"));
  CudaLibrary lib;
  lib.name = name;
  lib.loaded = found.loaded;
  lib.handle = found.handle;
  lib.path = found.path;
  lib.error = found.error;
  lib.searched = found.searched;
  if (lib.loaded) lib.version = version(lib.handle);
  return lib;
}

std::string cudnnVersion(void* handle) {
  using Fn = size_t (*)();
  auto fn = reinterpret_cast<Fn>(dlsym(handle, "cudnnGetVersion"));
  if (!fn) return "unknown";
  const size_t v = fn();  // 9.1.0 -> 90100
  return std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." + std::to_string(v % 100);
}

std::string cublasVersion(void* handle) {
  using Fn = int (*)(int, int*);  // cublasGetProperty(libraryPropertyType, int*): MAJOR 0, MINOR 1, PATCH 2
  auto fn = reinterpret_cast<Fn>(dlsym(handle, "cublasGetProperty"));
  int v[3] = {0, 0, 0};
  if (!fn) return "unknown";
  for (int i = 0; i < 3; ++i) fn(i, &v[i]);
  return std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
}

// ncclGetVersion: major·10000 + minor·100 + patch since 2.9 (major·1000 + minor·100 + patch before).
std::string ncclVersion(void* handle) {
  using Fn = int (*)(int*);
  auto fn = reinterpret_cast<Fn>(dlsym(handle, "ncclGetVersion"));
  int v = 0;
  if (!fn || fn(&v) != 0) return "unknown";
  if (v < 10000) return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 100) + "." + std::to_string(v % 100);
  return std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." + std::to_string(v % 100);
}

}  // namespace

CudaLibrary loadCudnn() { return load("cuDNN", {"libcudnn.so.9"}, "cudnn", cudnnVersion); }
CudaLibrary loadCublas() { return load("cuBLAS", {"libcublas.so.13", "libcublas.so.12"}, "cublas", cublasVersion); }
CudaLibrary loadNccl() { return load("NCCL", {"libnccl.so.2"}, "nccl", ncclVersion); }

bool resolveNccl(void* handle, NcclApi& api, const char*& missing) {
  SymbolResolver resolve(handle, missing);
  resolve(api.getVersion, "ncclGetVersion");
  resolve(api.getUniqueId, "ncclGetUniqueId");
  resolve(api.commInitRank, "ncclCommInitRank");
  resolve(api.allReduce, "ncclAllReduce");
  resolve(api.redOpCreatePreMulSum, "ncclRedOpCreatePreMulSum");
  resolve(api.redOpDestroy, "ncclRedOpDestroy");
  resolve(api.errorString, "ncclGetErrorString");
  resolve(api.commDestroy, "ncclCommDestroy");
  return missing == nullptr;
}

bool resolveCublas(void* handle, CublasApi& api, const char*& missing) {
  SymbolResolver resolve(handle, missing);
  resolve(api.create, "cublasCreate_v2");
  resolve(api.setStream, "cublasSetStream_v2");
  resolve(api.setWorkspace, "cublasSetWorkspace_v2");
  resolve(api.sgemm, "cublasSgemm_v2");
  return missing == nullptr;
}

bool resolveCudnn(void* handle, CudnnApi& api, const char*& missing) {
  SymbolResolver resolve(handle, missing);
  resolve(api.create, "cudnnCreate");
  resolve(api.setStream, "cudnnSetStream");
  resolve(api.errorString, "cudnnGetErrorString");
  resolve(api.createTensor, "cudnnCreateTensorDescriptor");
  resolve(api.setTensor4d, "cudnnSetTensor4dDescriptor");
  resolve(api.destroyTensor, "cudnnDestroyTensorDescriptor");
  resolve(api.createFilter, "cudnnCreateFilterDescriptor");
  resolve(api.setFilter4d, "cudnnSetFilter4dDescriptor");
  resolve(api.destroyFilter, "cudnnDestroyFilterDescriptor");
  resolve(api.createConv, "cudnnCreateConvolutionDescriptor");
  resolve(api.setConv2d, "cudnnSetConvolution2dDescriptor");
  resolve(api.setConvMath, "cudnnSetConvolutionMathType");
  resolve(api.destroyConv, "cudnnDestroyConvolutionDescriptor");
  resolve(api.outputDim, "cudnnGetConvolution2dForwardOutputDim");
  resolve(api.forwardAlgorithms, "cudnnGetConvolutionForwardAlgorithm_v7");
  resolve(api.forwardWorkspace, "cudnnGetConvolutionForwardWorkspaceSize");
  resolve(api.forward, "cudnnConvolutionForward");
  resolve(api.backwardDataAlgorithms, "cudnnGetConvolutionBackwardDataAlgorithm_v7");
  resolve(api.backwardDataWorkspace, "cudnnGetConvolutionBackwardDataWorkspaceSize");
  resolve(api.backwardData, "cudnnConvolutionBackwardData");
  resolve(api.backwardFilterAlgorithms, "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
  resolve(api.backwardFilterWorkspace, "cudnnGetConvolutionBackwardFilterWorkspaceSize");
  resolve(api.backwardFilter, "cudnnConvolutionBackwardFilter");
  return missing == nullptr;
}

}  // namespace wgan
