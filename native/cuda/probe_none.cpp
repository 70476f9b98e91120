// The CUDA status of a build without the CUDA backend (nvcc not found at build time, WGAN_GP_CUDA=OFF, or
// the node-gyp build of binding.gyp).
#include "../core/device.h"
#include "../core/errors.h"
#include "nccl_collective.h"
#include "probe.h"

namespace wgan {

const CudaStatus& probeCuda() {
  static const CudaStatus status = [] {
    CudaStatus s;
    s.reason = "this build has no CUDA backend (built without nvcc; rebuild with cmake-js where nvcc is on PATH)";
    return s;
  }();
  return status;
}

const CudaLibrary& ncclLibrary() {
  static const CudaLibrary lib = [] {
    CudaLibrary l;
    l.name = "NCCL";
    l.error = "not looked for: " + probeCuda().reason;
    return l;
  }();
  return lib;
}

std::unique_ptr<Collective> makeNcclCollective(Collective&, Device&) {
  fail(ErrorCode::Unsupported, "the NCCL engine needs the CUDA backend: " + probeCuda().reason);
}

Device& cudaDevice() { fail(ErrorCode::Unsupported, "the CUDA backend cannot run here: " + probeCuda().reason); }

}  // namespace wgan
