// StyleGAN's G_ema: an exponential moving average of the generator's parameters, updated after every
// generator step. Its half-life is counted in generator images; with a ramp-up it is at most rampUp × the
// images seen so far, so early averages forget the random initialisation quickly (StyleGAN2-ADA's
// ema_kimg / ema_rampup). The generator's buffers (BatchNorm's running statistics) are copied, not averaged,
// at each update, as StyleGAN does. β is computed on the host and read by the update from device memory, so
// a replayed iteration uses the current one.
#pragma once
#include "sequential.h"

namespace wgan {

struct EmaOptions {
  double halfLifeImages = 10000;  // StyleGAN's ema_kimg = 10
  double rampUp = 0.05;           // 0: no ramp-up
};

class GeneratorEma {
 public:
  GeneratorEma(Sequential& generator, const EmaOptions& options);
  // Sets β of the next update from the images seen before it, then counts `batch` more.
  void prepare(int batch);
  // The update (device work): unless *apply == 0, ema = lerp toward the generator's parameters; state copied.
  void enqueue(const int* apply);

  DeviceArray<float>& params() { return params_; }
  DeviceArray<float>& state() { return state_; }
  double images() const { return images_; }
  void setImages(double images) { images_ = images; }
  // β of an update after `images` generator images, for a batch of `batch`.
  static double beta(const EmaOptions& options, double images, int batch);

 private:
  Sequential& G_;
  EmaOptions options_;
  DeviceArray<float> params_, state_, beta_;
  double images_ = 0;
};

}  // namespace wgan
