// The batch statistics of a BatchNorm synchronised across the ranks of a data-parallel run (SyncBatchNorm; README
// "Scaling out"): each rank's per-channel sums, all-reduced, replace the statistics of its own rows, so every
// rank normalises with the mean and variance of the global batch. Active while a collective is attached (the
// training iteration attaches one for its steps when the run asks for synchronised statistics); the backward
// operations use the statistics of the last training forward, so they follow it on the same rows, as they do in
// the steps. The sums' layout and kernels: kernels/normalize.h (SyncedSums, syncedPart).
#pragma once
#include "../core/collective.h"
#include "../core/device.h"

namespace wgan {

class SyncedBatchStats {
 public:
  void attach(Collective* collective) { collective_ = collective; }
  bool active() const { return collective_ != nullptr; }
  void reserve(Device& device, int channels);
  // The layout for a training forward of `local`'s rows: with the global statistics when active (two
  // all-reduces), else `local` itself.
  NormLayout forward(Device& device, const NormLayout& local, const float* x);
  // The layout for a backward data pass over the last forward's rows, with the ranks' sums of a = γ⊙gy (one
  // all-reduce); else `local`.
  NormLayout backwardData(Device& device, const NormLayout& local, const float* x, const float* gamma, const float* gy,
                          const char* layer);
  // The layout of the other operations over the last forward's rows (its global statistics); else `local`.
  NormLayout current(const NormLayout& local, const char* layer);
  // Tangent and curvature passes have a batch's own statistics only: a generator's training steps need neither.
  void requireOwn(const char* layer) const;

 private:
  NormLayout synced(const NormLayout& local, const char* layer);
  Collective* collective_ = nullptr;
  DeviceArray<double> sums_;
  int forwardRows_ = -1;
};

}  // namespace wgan
