#include "libraries.h"

#include "cublas_api.h"
#include "cudnn_api.h"

#include <dlfcn.h>
#include <glob.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace wgan {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::vector<std::string> globDirs(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g;
  if (glob(pattern.c_str(), GLOB_ONLYDIR, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
  globfree(&g);
  return out;
}

// Folders to look in, in order; "" stands for the system library path (dlopen by soname).
std::vector<std::string> searchDirs(const std::string& pythonPackage) {
  std::vector<std::string> dirs;
  if (!env("WGAN_GP_CUDA_LIB_DIR").empty()) dirs.push_back(env("WGAN_GP_CUDA_LIB_DIR"));
  dirs.push_back("");
  for (const char* var : {"CUDA_HOME", "CUDA_PATH"})
    if (!env(var).empty()) dirs.push_back(env(var) + "/lib64");
  dirs.push_back("/usr/local/cuda/lib64");
  std::vector<std::string> prefixes;
  for (const char* var : {"VIRTUAL_ENV", "CONDA_PREFIX"})
    if (!env(var).empty()) prefixes.push_back(env(var));
  if (!env("HOME").empty()) prefixes.push_back(env("HOME") + "/.local");
  prefixes.insert(prefixes.end(), {"/usr/local", "/usr", "/opt/conda"});
  for (const std::string& prefix : prefixes)
    for (const char* kind : {"site-packages", "dist-packages"})
      for (const std::string& dir : globDirs(prefix + "/lib/python3*/" + kind + "/nvidia/" + pythonPackage + "/lib"))
        dirs.push_back(dir);
  return dirs;
}

// How the Python part of the search is reported when it found no folder to look in.
std::string pythonNote(const std::vector<std::string>& searched, const std::string& pythonPackage) {
  for (const std::string& dir : searched)
    if (dir.find("/nvidia/" + pythonPackage + "/lib") != std::string::npos) return "";
  return ", no Python site-packages with nvidia/" + pythonPackage + "/lib";
}

CudaLibrary load(const std::string& name, const std::vector<std::string>& sonames, const std::string& pythonPackage,
                 std::string (*version)(void* handle)) {
  CudaLibrary lib;
  lib.name = name;
  for (const std::string& dir : searchDirs(pythonPackage)) {
    lib.searched.push_back(dir.empty() ? "the system library path" : dir);
    for (const std::string& soname : sonames) {
      const std::string path = dir.empty() ? soname : dir + "/" + soname;
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept open: the backend uses it
      if (!handle) {
        const std::string why = dlerror();
        // "cannot open shared object file: No such file" is the normal miss; anything else is worth telling.
        if (why.find("No such file") == std::string::npos) lib.error = why;
        continue;
      }
      lib.loaded = true;
      lib.handle = handle;
      lib.path = path;
      lib.version = version(handle);
      lib.error.clear();
      return lib;
    }
  }
  std::string names;
  for (const auto& s : sonames) names += (names.empty() ? "" : " or ") + s;
  std::string where;
  for (const auto& s : lib.searched) where += (where.empty() ? "" : ", ") + s;
  lib.error = names + " not found (looked in " + where + pythonNote(lib.searched, pythonPackage) +
              "; set WGAN_GP_CUDA_LIB_DIR to its folder)" +
              (lib.error.empty() ? "" : "; last error: " + lib.error);
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

// Sets each entry point from dlsym; `missing` names the first absent one.
class SymbolResolver {
 public:
  SymbolResolver(void* handle, const char*& missing) : handle_(handle), missing_(missing) { missing_ = nullptr; }
  template <class Fn>
  void operator()(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(dlsym(handle_, name));
    if (!fn && !missing_) missing_ = name;
  }

 private:
  void* handle_;
  const char*& missing_;
};

}  // namespace

CudaLibrary loadCudnn() { return load("cuDNN", {"libcudnn.so.9"}, "cudnn", cudnnVersion); }
CudaLibrary loadCublas() { return load("cuBLAS", {"libcublas.so.13", "libcublas.so.12"}, "cublas", cublasVersion); }

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
