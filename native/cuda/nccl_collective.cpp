#include "nccl_collective.h"

#include "../core/errors.h"
#include "libraries.h"
#include "nccl_api.h"

namespace wgan {

namespace {

constexpr int kNeededVersion = 21000;  // 2.10.0: ncclAvg

class NcclCollective final : public Collective {
 public:
  NcclCollective(Collective& mpi, Device& cuda, const NcclApi& api) : mpi_(mpi), stream_(cuda.queue()), api_(api) {
    NcclUniqueId id{};
    if (mpi.rank() == 0) check(api_.getUniqueId(&id), "ncclGetUniqueId");
    mpi.broadcast(&id, sizeof id, 0);
    check(api_.commInitRank(&comm_, mpi.size(), id, mpi.rank()), "ncclCommInitRank");
  }
  ~NcclCollective() override {
    if (comm_) api_.commDestroy(comm_);
  }

  int rank() const override { return mpi_.rank(); }
  int size() const override { return mpi_.size(); }
  const char* engine() const override { return "nccl"; }
  bool recordable() const override { return true; }
  void allReduceMean(float* data, size_t count) override {
    check(api_.allReduce(data, data, count, kNcclFloat32, kNcclAvg, comm_, stream_), "ncclAllReduce");
  }
  void allReduceMean(double* data, size_t count) override {
    check(api_.allReduce(data, data, count, kNcclFloat64, kNcclAvg, comm_, stream_), "ncclAllReduce");
  }
  void broadcast(void* data, size_t bytes, int root) override { mpi_.broadcast(data, bytes, root); }
  std::vector<int> allGather(int value, const std::string& what) override { return mpi_.allGather(value, what); }

 private:
  void check(int rc, const char* call) {
    if (rc != 0)
      fail(ErrorCode::Distributed, std::string(call) + " failed on rank " + std::to_string(mpi_.rank()) + ": " +
                                       (api_.errorString ? api_.errorString(rc) : std::to_string(rc)));
  }
  Collective& mpi_;
  void* stream_;
  NcclApi api_;
  NcclCommHandle comm_ = nullptr;
};

}  // namespace

const CudaLibrary& ncclLibrary() {
  static const CudaLibrary lib = loadNccl();
  return lib;
}

std::unique_ptr<Collective> makeNcclCollective(Collective& mpi, Device& cuda) {
  const CudaLibrary& lib = ncclLibrary();
  if (!lib.loaded) fail(ErrorCode::Distributed, "NCCL: " + lib.error);
  NcclApi api{};
  const char* missing = nullptr;
  if (!resolveNccl(lib.handle, api, missing))
    fail(ErrorCode::Distributed, "NCCL: " + lib.path + " lacks " + missing);
  int version = 0;
  api.getVersion(&version);
  if (version < kNeededVersion)
    fail(ErrorCode::Distributed, "NCCL: " + lib.path + " is version " + lib.version + "; wgan-gp needs 2.10 or newer (ncclAvg)");
  return std::make_unique<NcclCollective>(mpi, cuda, api);
}

}  // namespace wgan
