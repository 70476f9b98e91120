// BatchNorm: per channel over batch and pixels (torch.nn.BatchNorm1d/2d, with running statistics). Its
// backward operations assume a training-mode forward (batch statistics). Samples interact, so it is
// rejected in a critic.
#pragma once
#include "../core/layer.h"
#include "synced_batch_stats.h"

namespace wgan {

class BatchNorm : public Layer {
 public:
  explicit BatchNorm(const Shape& in, double momentum = 0.1) : Layer(in, in), momentum_(momentum) {}
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  bool mixesSamples() const override { return true; }
  bool absorbsChannelShift() const override { return true; }
  bool hasCurvature() const override { return true; }
  void reserve(int maxRows) override;
  void shareStatistics(Collective* collective) override { stats_.attach(collective); }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  int channels() const { return in_[0]; }
  int plane() const { return inSize() / in_[0]; }
  NormLayout layout(int n) const { return {true, n, channels(), plane()}; }
  double momentum_;
  SyncedBatchStats stats_;
};

}  // namespace wgan
