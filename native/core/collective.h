// The collective operations of a data-parallel run (docs: README "Scaling out"): every rank runs the same
// iteration on its shard of the batch and combines the flat gradient buffers before Adam, so all ranks
// keep the same parameters. Engines: MPI (comm/mpi_collective.*, CPU ranks) and NCCL
// (cuda/nccl_collective.*, GPU ranks), both loaded at run time. A rank that stops answering makes the
// others fail with ERR_DISTRIBUTED naming it, after the fault timeout.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace wgan {

class Collective {
 public:
  virtual ~Collective() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual const char* engine() const = 0;  // "mpi" or "nccl"
  // Σ_r weight_r · data_r over the ranks r of `count` values, each rank passing its own weight, in place, in
  // the memory of the device the engine serves (host memory for MPI, GPU memory for NCCL) and in order with
  // that device's queued work. With weight n_r / B (rank r's rows of a global batch B) the ranks' means over
  // their rows become the mean over the global batch, however unevenly it splits.
  virtual void allReduceSum(float* data, size_t count, double weight) = 0;
  virtual void allReduceSum(double* data, size_t count, double weight) = 0;
  // Host memory: the root's bytes on every rank.
  virtual void broadcast(void* data, size_t bytes, int root) = 0;
  // Host: every rank's value in rank order (start checks, stop flags); `what` names the exchange in errors.
  virtual std::vector<int> allGather(int value, const std::string& what) = 0;
  // Whether allReduceSum may be recorded into a replayed graph (NCCL: yes; MPI calls run on the host).
  virtual bool recordable() const = 0;
};

}  // namespace wgan
