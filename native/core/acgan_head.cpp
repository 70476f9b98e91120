#include "acgan_head.h"

#include "../kernels/columns.h"
#include "errors.h"
#include "layer_kernels.h"

namespace wgan {

namespace {

void copyCpu(void*, int rows, int cols, const float* from, ColumnBlock src, float* to, ColumnBlock dst, float alpha) {
  const long long count = static_cast<long long>(rows) * cols;
  for (long long i = 0; i < count; ++i) copyColumnAt(i, cols, from, src, to, dst, alpha);
}
const bool cpuKernels = LayerKernels<ColumnKernels>::add("cpu", {copyCpu});

}  // namespace

int AcganHead::classesOf(const Sequential& critic) {
  if (critic.outputShape().size() != 1 || critic.outSize() < 3)
    fail(ErrorCode::InvalidModel, "an ACGAN critic must output [1 + classes] values per sample (a score, then at least 2 "
                                  "class logits), this one outputs " + shapeToString(critic.outputShape()));
  return critic.outSize() - 1;
}

void AcganHead::reserve(Device& device, int rows, int classes) {
  if (device_ == &device && rows <= rows_ && classes == classes_) return;
  device_ = &device;
  rows_ = rows;
  classes_ = classes;
  scores_ = DeviceArray<float>(device, rows);
  seeds_ = DeviceArray<float>(device, rows);
  logits_ = DeviceArray<float>(device, static_cast<size_t>(rows) * classes);
  logitSeeds_ = DeviceArray<float>(device, static_cast<size_t>(rows) * classes);
  ce_ = DeviceArray<double>(device, 2);
}

const float* AcganHead::scores(const float* out, int rows) {
  const ColumnKernels& k = LayerKernels<ColumnKernels>::on(*device_, "the ACGAN head");
  k.copy(device_->queue(), rows, 1, out, {classes_ + 1, 0}, scores_.data(), {1, 0}, 1.f);
  return scores_.data();
}

void AcganHead::startBatch() { device_->zero(ce_.data(), ce_.bytes()); }

void AcganHead::seed(const float* out, float* gOut, int rows, int n, int batch, const AcganTerm& term) {
  const ColumnKernels& k = LayerKernels<ColumnKernels>::on(*device_, "the ACGAN head");
  const int width = classes_ + 1;
  device_->zero(gOut, static_cast<size_t>(rows) * width * sizeof(float));
  k.copy(device_->queue(), rows, 1, seeds_.data(), {1, 0}, gOut, {width, 0}, 1.f);
  k.copy(device_->queue(), n, classes_, out, {width, 1}, logits_.data(), {classes_, 0}, 1.f);
  device_->softmaxCrossEntropy(logits_.data(), term.labels, classes_, n, batch, logitSeeds_.data(), ce_.data());
  k.copy(device_->queue(), n, classes_, logitSeeds_.data(), {classes_, 0}, gOut, {width, 1}, term.scale);
}

}  // namespace wgan
