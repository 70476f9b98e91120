// cuDNN, cuBLAS and NCCL, found and loaded at run time with dlopen. Search order: the folder named by
// WGAN_GP_CUDA_LIB_DIR, the system library path, CUDA_HOME / CUDA_PATH / /usr/local/cuda, and the
// nvidia/<package>/lib folders of Python site-packages (where PyTorch's wheels put them).
#pragma once
#include "probe.h"

namespace wgan {

CudaLibrary loadCudnn();
CudaLibrary loadCublas();
CudaLibrary loadNccl();  // for the NCCL collective (cuda/nccl_collective.h), not the backend itself

}  // namespace wgan
