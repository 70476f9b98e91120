// Shared libraries found and loaded at run time with dlopen (cuDNN, cuBLAS, libmpi, NCCL), so that the
// binary needs none of them to load. One search rule for all: each folder in order, each file name in it;
// "" stands for the system library path (dlopen by soname).
#pragma once
#include <string>
#include <vector>

namespace wgan {

struct FoundLibrary {
  bool loaded = false;
  void* handle = nullptr;  // kept open for the life of the process
  std::string path;        // the file that was loaded
  std::string error;       // why none was loaded: the names and every place looked in
  std::vector<std::string> searched;  // the folders looked in, "the system library path" for ""
};

// The first of `names` that loads from the first folder of `dirs` that has one. `hint` ends the error
// text (e.g. "set WGAN_GP_CUDA_LIB_DIR to its folder"). `global`: RTLD_GLOBAL, for libraries whose own
// plugins resolve symbols from them (OpenMPI's components).
FoundLibrary openLibrary(const std::vector<std::string>& dirs, const std::vector<std::string>& names,
                         const std::string& hint, bool global = false);

// The value of an environment variable, "" when unset.
std::string envValue(const char* name);
// The folders matching a glob pattern (for lib/python3*/site-packages/... style paths).
std::vector<std::string> globDirs(const std::string& pattern);
// The <prefix>/lib/python3*/{site,dist}-packages/nvidia/<package>/lib folders of the usual Python installs
// (VIRTUAL_ENV, CONDA_PREFIX, ~/.local, /usr/local, /usr, /opt/conda), where PyTorch's wheels put CUDA libraries.
std::vector<std::string> pythonNvidiaDirs(const std::string& package);

// Sets each entry point from dlsym; `missing` names the first absent one.
class SymbolResolver {
 public:
  SymbolResolver(void* handle, const char*& missing) : handle_(handle), missing_(missing) { missing_ = nullptr; }
  template <class Fn>
  void operator()(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(symbol(name));
    if (!fn && !missing_) missing_ = name;
  }
  void* symbol(const char* name);

 private:
  void* handle_;
  const char*& missing_;
};

}  // namespace wgan
