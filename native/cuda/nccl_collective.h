// The NCCL collective of GPU ranks (one process per GPU, as PyTorch DDP): gradients are combined with
// ncclAllReduce on the CUDA backend's stream, so it may be recorded into the iteration's graph. The
// weighted sum is NCCL's pre-multiplied sum (ncclRedOpCreatePreMulSum, the weight a host scalar): it needs
// NCCL >= 2.11, checked with ncclGetVersion when the collective is made (ERR_DISTRIBUTED naming the version). NCCL is loaded at run time (cuda/libraries.h: libnccl.so.2, also
// from PyTorch's nvidia/nccl/lib); its unique id travels over MPI, which also serves the host exchanges.
#pragma once
#include <memory>

#include "../core/collective.h"
#include "../core/device.h"
#include "probe.h"

namespace wgan {

// Needs the CUDA backend (ERR_UNSUPPORTED in a build without it) and NCCL (ERR_DISTRIBUTED naming where
// it looked when missing).
std::unique_ptr<Collective> makeNcclCollective(Collective& mpi, Device& cuda);
// NCCL as found on this machine (loaded once; `wgan-gp info` reports it).
const CudaLibrary& ncclLibrary();

}  // namespace wgan
