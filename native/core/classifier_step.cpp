#include "classifier_step.h"

#include <string>

#include "errors.h"

namespace wgan {

ClassifierStep::ClassifierStep(Sequential& model) : model_(model), scalars_(model.device(), 2) {
  if (model.outputShape().size() != 1 || model.outSize() < 2)
    fail(ErrorCode::InvalidModel, "a classifier must output a vector of at least 2 logits, got " + shapeToString(model.outputShape()));
  if (model.labelClasses())
    fail(ErrorCode::InvalidModel, "a classifier cannot contain a label-reading layer (labelEmbedding, conditionalBatchNorm)");
}

// x and labels are on the host.
ClassifierResult ClassifierStep::run(const float* x, const int32_t* labels, int n) {
  const int classes = model_.outSize();
  for (int b = 0; b < n; ++b)
    if (labels[b] < 0 || labels[b] >= classes)
      fail(ErrorCode::InvalidArgument, "labels[" + std::to_string(b) + "] must be a class in [0, " + std::to_string(classes - 1) +
                                           "], got " + std::to_string(labels[b]));
  Device& device = model_.device();
  model_.reserve(n);
  if (labels_.size() < static_cast<size_t>(n)) labels_ = DeviceArray<int32_t>(device, n);
  device.upload(labels_.data(), labels, n * sizeof(int32_t));
  device.upload(model_.activation(0), x, static_cast<size_t>(n) * model_.inSize() * sizeof(float));
  model_.forward(0, n, Mode::Train);
  device.zero(scalars_.data(), scalars_.bytes());  // the batch in one chunk
  device.softmaxCrossEntropy(model_.activation(model_.layerCount()), labels_.data(), classes, n, n,
                             model_.gradient(model_.layerCount()), scalars_.data());
  model_.backwardData(0, n, 1);
  model_.zeroGrads();
  model_.backwardParams(0, n);
  double s[2];
  scalars_.download(s);
  return {s[0], static_cast<int>(s[1])};
}

}  // namespace wgan
