#include "classifier_step.h"

#include <algorithm>
#include <string>

#include "../kernels/softmax.h"
#include "errors.h"

namespace wgan {

ClassifierStep::ClassifierStep(Sequential& model) : model_(model) {
  if (model.outputShape().size() != 1 || model.outSize() < 2)
    fail(ErrorCode::InvalidModel, "a classifier must output a vector of at least 2 logits, got " + shapeToString(model.outputShape()));
}

ClassifierResult ClassifierStep::run(const float* x, const int32_t* labels, int n) {
  const int classes = model_.outSize();
  for (int b = 0; b < n; ++b)
    if (labels[b] < 0 || labels[b] >= classes)
      fail(ErrorCode::InvalidArgument, "labels[" + std::to_string(b) + "] must be a class in [0, " + std::to_string(classes - 1) +
                                           "], got " + std::to_string(labels[b]));
  model_.reserve(n);
  std::copy(x, x + static_cast<size_t>(n) * model_.inSize(), model_.activation(0));
  model_.forward(0, n, Mode::Train);
  const float* logits = model_.activation(model_.layerCount());
  float* seed = model_.gradient(model_.layerCount());
  ClassifierResult r{0, 0};
  for (int b = 0; b < n; ++b) {
    const float* row = logits + static_cast<size_t>(b) * classes;
    r.loss += softmaxCrossEntropy(row, classes, labels[b], 1.0 / n, seed + static_cast<size_t>(b) * classes);
    if (std::max_element(row, row + classes) - row == labels[b]) ++r.correct;
  }
  r.loss /= n;
  model_.backwardData(0, n, 1);
  model_.zeroGrads();
  model_.backwardParams(0, n);
  return r;
}

}  // namespace wgan
