// What the CUDA backend finds on this machine: the driver and runtime versions, the GPUs, and the cuDNN and
// cuBLAS libraries it loads at run time with dlopen (no CUDA library is linked but the static runtime).
#pragma once
#include <string>
#include <vector>

namespace wgan {

struct CudaLibrary {
  std::string name;  // "cuDNN", "cuBLAS"
  bool loaded = false;
  void* handle = nullptr;  // the dlopen handle, kept open
  std::string path;     // the file that was loaded
  std::string version;  // e.g. "9.1.0"
  std::string error;    // why it was not loaded
  std::vector<std::string> searched;
};

struct CudaGpu {
  std::string name;
  int major = 0, minor = 0;
  long long memoryMB = 0;
};

struct CudaStatus {
  bool compiled = false;
  bool available = false;
  std::string reason;  // why the backend cannot run, when it cannot
  int driverVersion = 0, runtimeVersion = 0;
  std::vector<CudaGpu> gpus;
  std::vector<CudaLibrary> libraries;
  // How convolutions run on the GPU: through cuDNN where it is loaded with every entry point the backend
  // uses, else as im2col + cuBLAS GEMM (with the reason).
  std::string convolutions;
};

// The library of that name ("cuDNN", "cuBLAS") in s.libraries, or null.
const CudaLibrary* findLibrary(const CudaStatus& s, const std::string& name);

// Probes once; later calls return the first answer.
const CudaStatus& probeCuda();

}  // namespace wgan
