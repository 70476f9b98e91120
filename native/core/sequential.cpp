#include "sequential.h"

#include <algorithm>

#include "errors.h"
#include "layer_factory.h"
#include "rng.h"

namespace wgan {

namespace {
void requireSize(const Shape& shape, const std::string& what) {
  if (boundedShapeSize(shape) > kMaxElements)
    fail(ErrorCode::InvalidModel, what + " of shape " + shapeToString(shape) + " is too large (at most " +
                                      std::to_string(kMaxElements) + " elements per sample or tensor)");
}
}  // namespace

Sequential::Sequential(const ModelSpec& spec, uint64_t seed) : inputShape_(spec.inputShape) {
  if (inputShape_.empty()) fail(ErrorCode::InvalidModel, "inputShape must have at least one dimension");
  requireSize(inputShape_, "inputShape");
  Shape shape = inputShape_;
  size_t paramCount = 0, stateCount = 0;
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const std::string where = "layers[" + std::to_string(i) + "] (" + spec.layers[i].type + ")";
    layers_.push_back(makeLayer(spec.layers[i], shape, static_cast<int>(i)));
    shape = layers_.back()->outShape();
    requireSize(shape, where + " output");
    for (const ParamInfo& p : layers_.back()->paramInfo()) {
      requireSize(p.shape, where + " " + p.name);
      const size_t size = static_cast<size_t>(shapeSize(p.shape));
      size_t& cursor = p.trainable ? paramCount : stateCount;
      tensors_.push_back({std::to_string(i) + "." + p.name, p.shape, p.trainable, cursor, size});
      cursor += size;
    }
  }
  if (static_cast<long long>(paramCount + stateCount) > kMaxElements)
    fail(ErrorCode::InvalidModel, "the model has " + std::to_string(paramCount + stateCount) +
                                      " parameters, more than the " + std::to_string(kMaxElements) + " supported");
  params_.assign(paramCount, 0.f);
  grads_.assign(paramCount, 0.f);
  state_.assign(stateCount, 0.f);
  // Bind each layer to its slices: a layer's trainable tensors are consecutive, as are its state tensors.
  size_t t = 0;
  Rng rng(seed);
  for (auto& layer : layers_) {
    const size_t count = layer->paramInfo().size();
    float* p = nullptr; float* g = nullptr; float* s = nullptr;
    for (size_t k = t; k < t + count; ++k) {
      const NamedTensor& nt = tensors_[k];
      if (nt.trainable && !p) { p = params_.data() + nt.offset; g = grads_.data() + nt.offset; }
      if (!nt.trainable && !s) s = state_.data() + nt.offset;
    }
    t += count;
    layer->bind(p, g, s);
    layer->initParams(rng);
  }
  acts_.resize(layers_.size() + 1);
  gradsAt_.resize(layers_.size() + 1);
}

bool Sequential::mixesSamples() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->mixesSamples(); });
}

bool Sequential::hasCurvature() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->hasCurvature(); });
}

void Sequential::zeroGrads() { std::fill(grads_.begin(), grads_.end(), 0.f); }

void Sequential::reserve(int rows) {
  if (rows <= rows_) return;
  rows_ = rows;
  for (int l = 0; l <= layerCount(); ++l) {
    acts_[l].assign(static_cast<size_t>(rows) * sizeAt(l), 0.f);
    gradsAt_[l].assign(static_cast<size_t>(rows) * sizeAt(l), 0.f);
  }
  for (auto& layer : layers_) layer->reserve(rows);
}

void Sequential::forward(int first, int n, Mode mode) {
  for (int l = 1; l <= layerCount(); ++l)
    layers_[l - 1]->forward(activation(l - 1) + static_cast<size_t>(first) * sizeAt(l - 1),
                            activation(l) + static_cast<size_t>(first) * sizeAt(l), n, mode);
}

void Sequential::backwardData(int first, int n, int stopAt) {
  for (int l = layerCount(); l > stopAt; --l) {
    const size_t in = static_cast<size_t>(first) * sizeAt(l - 1), out = static_cast<size_t>(first) * sizeAt(l);
    layers_[l - 1]->backwardData(activation(l - 1) + in, activation(l) + out, gradient(l) + out, gradient(l - 1) + in, n);
  }
}

void Sequential::backwardParams(int first, int n) {
  for (int l = 1; l <= layerCount(); ++l) {
    const size_t in = static_cast<size_t>(first) * sizeAt(l - 1), out = static_cast<size_t>(first) * sizeAt(l);
    layers_[l - 1]->backwardParams(activation(l - 1) + in, activation(l) + out, gradient(l) + out, n);
  }
}

}  // namespace wgan
