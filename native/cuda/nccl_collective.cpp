#include "nccl_collective.h"

#include <map>
#include <utility>

#include "../core/errors.h"
#include "libraries.h"
#include "nccl_api.h"

namespace wgan {

namespace {

constexpr int kNeededVersion = 21100;  // 2.11.0: ncclRedOpCreatePreMulSum

class NcclCollective final : public Collective {
 public:
  NcclCollective(Collective& mpi, Device& cuda, const NcclApi& api) : mpi_(mpi), stream_(cuda.queue()), api_(api) {
    NcclUniqueId id{};
    if (mpi.rank() == 0) check(api_.getUniqueId(&id), "ncclGetUniqueId");
    mpi.broadcast(&id, sizeof id, 0);
    check(api_.commInitRank(&comm_, mpi.size(), id, mpi.rank()), "ncclCommInitRank");
  }
  ~NcclCollective() override {
    if (!comm_) return;
    for (const auto& [key, op] : ops_) api_.redOpDestroy(op, comm_);
    api_.commDestroy(comm_);
  }

  int rank() const override { return mpi_.rank(); }
  int size() const override { return mpi_.size(); }
  const char* engine() const override { return "nccl"; }
  bool recordable() const override { return true; }
  void allReduceSum(float* data, size_t count, double weight) override {
    check(api_.allReduce(data, data, count, kNcclFloat32, preMulSum(weight, kNcclFloat32), comm_, stream_), "ncclAllReduce");
  }
  void allReduceSum(double* data, size_t count, double weight) override {
    check(api_.allReduce(data, data, count, kNcclFloat64, preMulSum(weight, kNcclFloat64), comm_, stream_), "ncclAllReduce");
  }
  void broadcast(void* data, size_t bytes, int root) override { mpi_.broadcast(data, bytes, root); }
  std::vector<int> allGather(int value, const std::string& what) override { return mpi_.allGather(value, what); }

 private:
  void check(int rc, const char* call) {
    if (rc != 0)
      fail(ErrorCode::Distributed, std::string(call) + " failed on rank " + std::to_string(mpi_.rank()) + ": " +
                                       (api_.errorString ? api_.errorString(rc) : std::to_string(rc)));
  }
  // The reduction Σ weight·x of this rank's weight for `type`, made once (a rank has a few weights: its share
  // of each batch, and 1) and kept until the communicator goes: a recorded graph goes on using it.
  NcclRedOp preMulSum(double weight, NcclDataType type) {
    const auto key = std::make_pair(weight, type);
    if (auto it = ops_.find(key); it != ops_.end()) return it->second;
    float single = static_cast<float>(weight);
    NcclRedOp op{};
    check(api_.redOpCreatePreMulSum(&op, type == kNcclFloat32 ? static_cast<void*>(&single) : &weight, type,
                                    kNcclScalarHostImmediate, comm_),
          "ncclRedOpCreatePreMulSum");
    return ops_[key] = op;
  }
  Collective& mpi_;
  void* stream_;
  NcclApi api_;
  NcclCommHandle comm_ = nullptr;
  std::map<std::pair<double, NcclDataType>, NcclRedOp> ops_;
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
  const bool complete = resolveNccl(lib.handle, api, missing);
  // The version first: an older NCCL lacks ncclRedOpCreatePreMulSum, and its version says why.
  int version = 0;
  if (api.getVersion) api.getVersion(&version);
  if (version < kNeededVersion)
    fail(ErrorCode::Distributed, "NCCL: " + lib.path + " is version " + lib.version +
                                     "; wgan-gp needs 2.11 or newer (ncclRedOpCreatePreMulSum: the weighted sum of the ranks' shares)");
  if (!complete) fail(ErrorCode::Distributed, "NCCL: " + lib.path + " lacks " + missing);
  return std::make_unique<NcclCollective>(mpi, cuda, api);
}

}  // namespace wgan
