// Class-conditional BatchNorm (tflib's cond_batchnorm, used by gan_cifar_resnet.py's conditional generator):
// the batch statistics of BatchNorm without an affine part, u = N(x), then y = γ[label]⊙u + β[label] with
// the sample's row of per-class tables weight/bias [classes, channels]; running statistics as torch's
// BatchNorm. Samples interact (batch statistics), so, like batchNorm, it is rejected in a critic.
#pragma once
#include "../core/layer.h"
#include "../kernels/label_tables.h"
#include "synced_batch_stats.h"

namespace wgan {

class ConditionalBatchNorm : public Layer {
 public:
  ConditionalBatchNorm(const Shape& in, int classes, double momentum)
      : Layer(in, in), classes_(classes), momentum_(momentum) {}
  std::vector<ParamInfo> paramInfo() const override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override;
  bool mixesSamples() const override { return true; }
  bool absorbsChannelShift() const override { return true; }
  void shareStatistics(Collective* collective) override { stats_.attach(collective); }
  bool hasCurvature() const override { return true; }
  int labelClasses() const override { return classes_; }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  int channels() const { return in_[0]; }
  int plane() const { return inSize() / in_[0]; }
  NormLayout layout(int n) const { return {true, n, channels(), plane()}; }
  const float* gamma() const { return params_; }
  const float* beta() const { return params_ + static_cast<size_t>(classes_) * channels(); }
  const LabelKernels& kernels();
  const int32_t* labels() const;
  // u = N(x) with the batch statistics, into normalized_
  void normalizeUnit(const NormLayout& layout, const float* x);
  int classes_;
  double momentum_;
  DeviceArray<float> normalized_, scaled_;      // rows × inSize: N(x) (or N(x)v), γ[l]⊙gy
  DeviceArray<float> ones_, zeros_, unitGrad_;  // channels: the unit affine part and a sink for its gradient
  SyncedBatchStats stats_;
};

}  // namespace wgan
