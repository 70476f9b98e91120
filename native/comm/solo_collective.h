// The host side of a run of one rank that no launcher started and that has no MPI library: the NCCL
// engine alone on one GPU (how check:gpu exercises it on a machine without MPI). Every exchange is the
// identity.
#pragma once
#include "../core/collective.h"

namespace wgan {

class SoloCollective final : public Collective {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  const char* engine() const override { return "mpi"; }
  void allReduceSum(float*, size_t, double) override {}  // one rank's weight is 1 (its rows are the batch)
  void allReduceSum(double*, size_t, double) override {}
  void broadcast(void*, size_t, int) override {}
  std::vector<int> allGather(int value, const std::string&) override { return {value}; }
  bool recordable() const override { return true; }
};

}  // namespace wgan
