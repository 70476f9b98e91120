#include "synced_batch_stats.h"

#include <string>

#include "../core/errors.h"
#include "../kernels/normalize.h"

namespace wgan {

void SyncedBatchStats::reserve(Device& device, int channels) {
  sums_ = DeviceArray<double>(device, static_cast<size_t>(SyncedSums::size(channels)));
  forwardRows_ = -1;
}

NormLayout SyncedBatchStats::synced(const NormLayout& local, const char* layer) {
  if (local.n != forwardRows_)
    fail(ErrorCode::InvalidArgument, std::string(layer) + " with synchronised statistics: an operation on " +
                                         std::to_string(local.n) + " rows after a training forward of " +
                                         std::to_string(forwardRows_));
  NormLayout l = local;
  l.synced = sums_.data();
  return l;
}

NormLayout SyncedBatchStats::forward(Device& device, const NormLayout& local, const float* x) {
  if (!active()) return local;
  NormLayout l = local;
  l.synced = sums_.data();
  const size_t c = static_cast<size_t>(local.channels);
  // Plain sums (weight 1), at their places in SyncedSums: Σx with the count, then Σ(x−μ)² about the global mean μ.
  device.normalize(NormOp::SyncSumX, l, {x});
  collective_->allReduceSum(sums_.data(), c + 1, 1.0);
  device.normalize(NormOp::SyncSumSquares, l, {x});
  collective_->allReduceSum(sums_.data() + c + 1, c, 1.0);
  forwardRows_ = local.n;
  return l;
}

NormLayout SyncedBatchStats::backwardData(Device& device, const NormLayout& local, const float* x, const float* gamma,
                                          const float* gy, const char* layer) {
  if (!active()) return local;
  const NormLayout l = synced(local, layer);
  const size_t c = static_cast<size_t>(local.channels);
  // Each rank weighs its own sums by its share of the rows (kernels/normalize.h): the sum is then plain.
  device.normalize(NormOp::SyncBackwardSums, l, {x, gamma, nullptr, gy});
  collective_->allReduceSum(sums_.data() + 2 * c + 1, 2 * c, 1.0);
  return l;
}

void SyncedBatchStats::requireOwn(const char* layer) const {
  if (active())
    fail(ErrorCode::InvalidArgument, std::string(layer) + " with synchronised statistics has no tangent or curvature "
                                                          "(a generator's training steps need neither)");
}

NormLayout SyncedBatchStats::current(const NormLayout& local, const char* layer) {
  return active() ? synced(local, layer) : local;
}

}  // namespace wgan
