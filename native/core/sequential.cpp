#include "sequential.h"

#include <algorithm>

#include "errors.h"
#include "layer_registry.h"
#include "passed_planes.h"
#include "rng.h"

namespace wgan {

namespace {
void requireSize(const Shape& shape, const std::string& what) {
  if (boundedShapeSize(shape) > kMaxElements)
    fail(ErrorCode::InvalidModel, what + " of shape " + shapeToString(shape) + " is too large (at most " +
                                      std::to_string(kMaxElements) + " elements per sample or tensor)");
}
}  // namespace

Sequential::Sequential(const ModelSpec& spec, uint64_t seed, Device& device)
    : spec_(spec), device_(&device), inputShape_(spec.inputShape) {
  if (inputShape_.empty()) fail(ErrorCode::InvalidModel, "inputShape must have at least one dimension");
  requireSize(inputShape_, "inputShape");
  layers_ = buildLayers(spec.layers, inputShape_, "spec.layers");
  size_t paramCount = 0, stateCount = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    const std::string where = "spec.layers[" + std::to_string(i) + "] (" + layers_[i]->typeName() + ")";
    if (const int classes = layers_[i]->labelClasses()) {
      if (labelClasses_ && classes != labelClasses_)
        fail(ErrorCode::InvalidModel, where + " reads labels of " + std::to_string(classes) +
                                          " classes, but an earlier layer reads " + std::to_string(labelClasses_));
      labelClasses_ = classes;
    }
    for (const ParamInfo& p : layers_[i]->paramInfo()) {
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
  // Initialise on the host (layers fill their slices with host code), then place on the device.
  std::vector<float> hostParams(paramCount, 0.f), hostState(stateCount, 0.f);
  bindLayers(cpuDevice(), hostParams.data(), nullptr, hostState.data());
  Rng rng(seed);
  for (auto& layer : layers_) layer->initParams(rng);
  params_ = DeviceArray<float>(device, paramCount);
  grads_ = DeviceArray<float>(device, paramCount);
  state_ = DeviceArray<float>(device, stateCount);
  params_.upload(hostParams.data());
  state_.upload(hostState.data());
  bindLayers(device, params_.data(), grads_.data(), state_.data());
  acts_.resize(layers_.size() + 1);
  gradsAt_.resize(layers_.size() + 1);
  actAt_.assign(layers_.size() + 1, nullptr);
  gradAt_.assign(layers_.size() + 1, nullptr);
  // Layer l's backward reads the gradient at level l (passed unless it is the output's) and writes level l-1's
  // (passed unless it is the input's, which backward() does not compute).
  for (int l = 2; l <= layerCount(); ++l) passedPair_ = std::max(passedPair_, sizeAt(l - 1) + (l < layerCount() ? sizeAt(l) : 0));
}

// Binds each layer to its slices: a layer's trainable tensors are consecutive, as are its state tensors.
void Sequential::bindLayers(Device& device, float* params, float* grads, float* state) {
  size_t t = 0;
  for (auto& layer : layers_) {
    const size_t count = layer->paramInfo().size();
    float* p = nullptr; float* g = nullptr; float* s = nullptr;
    for (size_t k = t; k < t + count; ++k) {
      const NamedTensor& nt = tensors_[k];
      if (nt.trainable && !p) { p = params + nt.offset; g = grads ? grads + nt.offset : nullptr; }
      if (!nt.trainable && !s) s = state + nt.offset;
    }
    t += count;
    layer->bind(device, p, g, s);
  }
}

bool Sequential::mixesSamples() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->mixesSamples(); });
}

long long Sequential::activationFloats() const {
  long long floats = 0;
  for (int l = 0; l <= layerCount(); ++l)
    floats += (sharesActivation(l) ? 0 : sizeAt(l)) + (l ? layers_[l - 1]->innerActivationFloats() : 0);
  return floats;
}

bool Sequential::sharesActivation(int l) const { return l >= 2 && l < layerCount() && inPlace(*layers_[l - 2], *layers_[l - 1]); }

// The gradient at level l is read after the layer's backwardData only by its curvature term.
bool Sequential::sharesGradient(int l) const { return sharesActivation(l) && !layers_[l - 1]->hasCurvature(); }

bool Sequential::hasCurvature() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->hasCurvature(); });
}

void Sequential::shareStatistics(Collective* collective) {
  for (auto& layer : layers_) layer->shareStatistics(collective);
}

void Sequential::zeroGrads() { device_->zero(grads_.data(), grads_.bytes()); }

void Sequential::reserve(int rows) {
  if (rows <= rows_) return;
  rows_ = rows;
  ++generation_;
  for (int l = 0; l <= layerCount(); ++l) {
    const size_t count = static_cast<size_t>(rows) * sizeAt(l);
    acts_[l] = sharesActivation(l) ? DeviceArray<float>() : DeviceArray<float>(*device_, count);
    gradsAt_[l] = sharesGradient(l) ? DeviceArray<float>() : DeviceArray<float>(*device_, count);
    actAt_[l] = sharesActivation(l) ? actAt_[l - 1] : acts_[l].data();
    gradAt_[l] = sharesGradient(l) ? gradAt_[l - 1] : gradsAt_[l].data();
  }
  if (labelClasses_) labels_ = DeviceArray<int32_t>(*device_, rows);
  for (auto& layer : layers_) layer->reserve(rows);
}

Layer& Sequential::withLabels(int l, int first) {
  Layer& layer = *layers_[l];
  if (labelClasses_ && layer.labelClasses()) layer.setLabels(labels_.data() + first);
  return layer;
}

void Sequential::forward(int first, int n, Mode mode) {
  for (int l = 1; l <= layerCount(); ++l)
    withLabels(l - 1, first).forward(activation(l - 1) + static_cast<size_t>(first) * sizeAt(l - 1),
                            activation(l) + static_cast<size_t>(first) * sizeAt(l), n, mode);
}

void Sequential::backwardData(int first, int n, int stopAt) {
  for (int l = layerCount() - 1; l >= stopAt; --l) backwardDataThrough(l, first, n);
}

void Sequential::backwardDataThrough(int l, int first, int n) {
  const size_t in = static_cast<size_t>(first) * sizeAt(l), out = static_cast<size_t>(first) * sizeAt(l + 1);
  withLabels(l, first).backwardData(activation(l) + in, activation(l + 1) + out, gradient(l + 1) + out, gradient(l) + in, n);
}

void Sequential::backwardParams(int first, int n) {
  for (int l = 1; l <= layerCount(); ++l) {
    const size_t in = static_cast<size_t>(first) * sizeAt(l - 1), out = static_cast<size_t>(first) * sizeAt(l);
    withLabels(l - 1, first).backwardParams(activation(l - 1) + in, activation(l) + out, gradient(l) + out, n);
  }
}

// The passed gradients hold rows [0, n) only, so the lease (grown on the first call, which a recorded replay never
// is: the training iteration runs its first directly) does not grow with the rows planned for other callers.
void Sequential::backward(int first, int n) {
  PassedPlanes passed(*device_, WorkspaceUse::ModelGradients, static_cast<size_t>(n) * passedPair_);
  const float* gy = gradient(layerCount()) + static_cast<size_t>(first) * outSize();
  for (int l = layerCount(); l >= 1; --l) {
    float* gx = l > 1 ? passed.slot(gy, static_cast<size_t>(n) * sizeAt(l - 1)) : nullptr;
    const size_t in = static_cast<size_t>(first) * sizeAt(l - 1), out = static_cast<size_t>(first) * sizeAt(l);
    withLabels(l - 1, first).backward(activation(l - 1) + in, activation(l) + out, gy, gx, n);
    gy = gx;
  }
}

}  // namespace wgan
