// The CUDA status of a build with the CUDA backend: driver, runtime, GPUs (CUDA runtime, linked
// statically) and cuDNN / cuBLAS (dlopen). A machine without a driver or GPU gets a reason, not an error.
#include <cuda_runtime.h>

#include "cudnn_api.h"
#include "libraries.h"
#include "probe.h"

namespace wgan {

namespace {

std::string versionText(int v) { return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10); }

std::string explain(cudaError_t error, int driverVersion, int runtimeVersion) {
  const std::string detail = std::string(cudaGetErrorName(error)) + ": " + cudaGetErrorString(error);
  if (error == cudaErrorNoDevice) return "no NVIDIA GPU found (" + detail + ")";
  if (error == cudaErrorInsufficientDriver)
    return driverVersion == 0
               ? "no NVIDIA driver found (" + detail + "); CUDA " + versionText(runtimeVersion) +
                     " needs driver 580 or newer"
               : "the NVIDIA driver supports CUDA " + versionText(driverVersion) + " but this build needs CUDA " +
                     versionText(runtimeVersion) + " (driver 580 or newer; " + detail + ")";
  return "the CUDA runtime cannot start (" + detail + ")";
}

std::string convolutionPath(const CudaLibrary& cudnn) {
  const std::string gemm = "im2col + cuBLAS GEMM";
  if (!cudnn.loaded) return gemm + " (cuDNN not loaded)";
  CudnnApi api{};
  const char* missing = nullptr;
  if (!resolveCudnn(cudnn.handle, api, missing)) return gemm + " (cuDNN " + cudnn.version + " lacks " + missing + ")";
  return "cuDNN " + cudnn.version;
}

CudaStatus probe() {
  CudaStatus s;
  s.compiled = true;
  s.libraries = {loadCudnn(), loadCublas()};
  s.convolutions = convolutionPath(*findLibrary(s, "cuDNN"));
  cudaRuntimeGetVersion(&s.runtimeVersion);
  cudaDriverGetVersion(&s.driverVersion);  // 0 when there is no driver
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess) {
    s.reason = explain(error, s.driverVersion, s.runtimeVersion);
    return s;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
    s.gpus.push_back({p.name, p.major, p.minor, static_cast<long long>(p.totalGlobalMem >> 20)});
  }
  if (s.gpus.empty()) {
    s.reason = "no NVIDIA GPU found";
    return s;
  }
  // cuBLAS is required (every GEMM); cuDNN is optional (convolutions, see convolutionPath).
  const CudaLibrary& cublas = *findLibrary(s, "cuBLAS");
  if (!cublas.loaded) {
    s.reason = "cuBLAS: " + cublas.error;
    return s;
  }
  s.available = true;
  return s;
}

}  // namespace

const CudaLibrary* findLibrary(const CudaStatus& s, const std::string& name) {
  for (const CudaLibrary& lib : s.libraries)
    if (lib.name == name) return &lib;
  return nullptr;
}

const CudaStatus& probeCuda() {
  static const CudaStatus status = probe();
  return status;
}

}  // namespace wgan
