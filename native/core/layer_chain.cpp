#include "layer_chain.h"

#include <algorithm>

#include "errors.h"
#include "passed_planes.h"

namespace wgan {

LayerChain::LayerChain(std::vector<std::unique_ptr<Layer>> layers, const Shape& in) : in_(in), layers_(std::move(layers)) {}

long long LayerChain::activationFloats() const {
  long long floats = 0;
  for (int j = 1; j <= static_cast<int>(layers_.size()); ++j)
    floats += (sharesActivation(j) ? 0 : sizeAt(j)) + layers_[j - 1]->innerActivationFloats();
  return floats;
}

bool LayerChain::sharesActivation(int j) const { return j >= 2 && inPlace(*layers_[j - 2], *layers_[j - 1]); }

bool LayerChain::hasCurvature() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->hasCurvature(); });
}

int LayerChain::labelClasses() const {
  int classes = 0;
  for (const auto& layer : layers_) {
    const int c = layer->labelClasses();
    if (c && classes && c != classes)
      fail(ErrorCode::InvalidModel, "the layers of a block read labels of " + std::to_string(classes) + " and of " +
                                        std::to_string(c) + " classes");
    if (c) classes = c;
  }
  return classes;
}

void LayerChain::setLabels(const int32_t* labels) {
  for (auto& layer : layers_)
    if (layer->labelClasses()) layer->setLabels(labels);
}

void LayerChain::shareStatistics(Collective* collective) {
  for (auto& layer : layers_) layer->shareStatistics(collective);
}

bool LayerChain::mixesSamples() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const auto& l) { return l->mixesSamples(); });
}

std::vector<ParamInfo> LayerChain::paramInfo(const std::string& prefix) const {
  std::vector<ParamInfo> out;
  for (size_t j = 0; j < layers_.size(); ++j)
    for (ParamInfo p : layers_[j]->paramInfo()) {
      p.name = prefix + "." + std::to_string(j) + "." + p.name;
      out.push_back(std::move(p));
    }
  return out;
}

void LayerChain::bind(Device& device, float* params, float* grads, float* state, size_t& paramsUsed, size_t& stateUsed) {
  device_ = &device;
  for (auto& layer : layers_) {
    size_t trainable = 0, kept = 0;
    for (const ParamInfo& p : layer->paramInfo()) (p.trainable ? trainable : kept) += static_cast<size_t>(shapeSize(p.shape));
    layer->bind(device, trainable ? params + paramsUsed : nullptr, trainable && grads ? grads + paramsUsed : nullptr,
                kept ? state + stateUsed : nullptr);
    paramsUsed += trainable;
    stateUsed += kept;
  }
}

void LayerChain::initParams(Rng& rng) {
  for (auto& layer : layers_) layer->initParams(rng);
}

// ∂/∂a_j is read after the backward pass that computes it only by layer j's own weight gradient and curvature
// term: where layer j has neither, it is passed down within backwardData and never kept.
bool LayerChain::keepsGrad(int j) const {
  const Layer& producer = *layers_[j - 1];
  return !producer.paramInfo().empty() || producer.hasCurvature();
}

void LayerChain::reserve(Device& device, int maxRows) {
  const int J = static_cast<int>(layers_.size());
  auto plane = [&](int j) { return DeviceArray<float>(device, static_cast<size_t>(maxRows) * sizeAt(j)); };
  acts_.clear(), cached_.clear(), scratch_.clear(), tangents_.clear(), curvature_.clear(), kept_.assign(J + 1, true);
  actAt_.assign(J + 1, nullptr);
  for (int j = 1; j < J; ++j) kept_[j] = keepsGrad(j);
  // The tangent into layer j + 1 is read again only by that layer's curvature, called where its gradient is kept.
  auto passedGrad = [&](int j) { return j >= 1 && j < J && !kept_[j]; };
  auto passedTangent = [&](int j) { return j >= 1 && j < J && !kept_[j + 1]; };
  int widest = 0, passedPair = 0, fusedPair = 0;  // the most floats per row passed at once: one written, one read
  for (int j = 0; j <= J; ++j) {
    acts_.push_back(j >= 1 && !sharesActivation(j) ? plane(j) : DeviceArray<float>());
    if (j >= 1) actAt_[j] = sharesActivation(j) ? actAt_[j - 1] : acts_[j].data();
    cached_.push_back(j >= 1 && j < J && !passedGrad(j) ? plane(j) : DeviceArray<float>());
    scratch_.push_back(j >= 1 && j < J && !passedGrad(j) ? plane(j) : DeviceArray<float>());
    tangents_.push_back(j >= 1 && j < J && !passedTangent(j) ? plane(j) : DeviceArray<float>());
    curvature_.push_back(j < J ? plane(j) : DeviceArray<float>());
    widest = std::max(widest, sizeAt(j));
    if (passedGrad(j)) passedPair = std::max(passedPair, sizeAt(j) + (passedGrad(j + 1) ? sizeAt(j + 1) : 0));
    if (passedTangent(j)) passedPair = std::max(passedPair, sizeAt(j) + (passedTangent(j - 1) ? sizeAt(j - 1) : 0));
    if (j >= 1 && j < J) fusedPair = std::max(fusedPair, sizeAt(j) + (j > 1 ? sizeAt(j - 1) : 0));
  }
  carry_ = DeviceArray<float>(device, static_cast<size_t>(maxRows) * widest);
  passedFloats_ = static_cast<size_t>(maxRows) * passedPair;
  fusedPair_ = fusedPair;
  if (passedFloats_) Workspace reserved(device, WorkspaceUse::ChainGradients, passedFloats_);  // grown now
  for (auto& layer : layers_) layer->reserve(maxRows);
}

const float* LayerChain::act(const float* x, int j, int r) const {
  return j == 0 ? x : actAt_[j] + static_cast<size_t>(r) * sizeAt(j);
}

float* LayerChain::grad(Grads set, int j, int r) {
  auto& grads = (set == Grads::Cached ? cached_ : scratch_)[j];
  return grads.size() ? grads.data() + static_cast<size_t>(r) * sizeAt(j) : nullptr;
}

const float* LayerChain::gradAt(Grads set, int j, int r, const float* gy) {
  return j == static_cast<int>(layers_.size()) ? gy : grad(set, j, r);
}

void LayerChain::forward(const float* x, int r, int n, Mode mode) {
  for (int j = 1; j <= static_cast<int>(layers_.size()); ++j)
    layers_[j - 1]->forward(act(x, j - 1, r), actAt_[j] + static_cast<size_t>(r) * sizeAt(j), n, mode);
}

const float* LayerChain::output(const float* x, int r) { return act(x, static_cast<int>(layers_.size()), r); }

void LayerChain::backwardData(const float* x, int r, int n, const float* gy, float* gx, Grads set) {
  PassedPlanes passed(*device_, WorkspaceUse::ChainGradients, passedFloats_);
  const float* gOut = gy;
  for (int j = static_cast<int>(layers_.size()); j >= 1; --j) {
    float* gIn = j == 1 ? gx : grad(set, j - 1, r);
    if (j > 1 && !gIn) gIn = passed.slot(gOut, static_cast<size_t>(n) * sizeAt(j - 1));
    if (!gIn) break;
    layers_[j - 1]->backwardData(act(x, j - 1, r), act(x, j, r), gOut, gIn, n);
    gOut = gIn;
  }
}

// A layer whose output gradient is not kept has no weights and no curvature: its backwardParams and curvature
// would do nothing, and are not called.
void LayerChain::backwardParams(const float* x, int r, int n, const float* gy, Grads set) {
  for (int j = 1; j <= static_cast<int>(layers_.size()); ++j)
    if (kept_[j]) layers_[j - 1]->backwardParams(act(x, j - 1, r), act(x, j, r), gradAt(set, j, r, gy), n);
}

// The passed gradients hold rows [0, n) only: the lease is sized by this call's rows, not the planned ones, and
// is taken (grown on the first call) only by chains that run it — a critic's never do.
void LayerChain::backward(const float* x, int r, int n, const float* gy, float* gx) {
  PassedPlanes passed(*device_, WorkspaceUse::ChainGradients, static_cast<size_t>(n) * fusedPair_);
  const float* gOut = gy;
  for (int j = static_cast<int>(layers_.size()); j >= 1; --j) {
    float* gIn = j > 1 ? passed.slot(gOut, static_cast<size_t>(n) * sizeAt(j - 1)) : gx;
    layers_[j - 1]->backward(act(x, j - 1, r), act(x, j, r), gOut, gIn, n);
    gOut = gIn;
  }
}

const float* LayerChain::tangentIn(int j) const { return j == 1 ? tangentInput_ : tangents_[j - 1].data(); }

void LayerChain::tangent(const float* x, int r, int n, const float* v, float* w) {
  const int J = static_cast<int>(layers_.size());
  tangentInput_ = v;
  PassedPlanes passed(*device_, WorkspaceUse::ChainGradients, passedFloats_);
  const float* in = v;
  for (int j = 1; j <= J; ++j) {
    float* out = j == J ? w : tangents_[j].data();
    if (!out) out = passed.slot(in, static_cast<size_t>(n) * sizeAt(j));
    layers_[j - 1]->tangent(act(x, j - 1, r), act(x, j, r), in, out, n);
    in = out;
  }
}

void LayerChain::curvature(const float* x, int r, int n, const float* gy, float* c, Grads set) {
  const int J = static_cast<int>(layers_.size());
  int top = -1;
  for (int j = 1; j <= J; ++j) {
    if (kept_[j])
      layers_[j - 1]->curvature(act(x, j - 1, r), act(x, j, r), gradAt(set, j, r, gy), tangentIn(j),
                                curvature_[j - 1].data(), n);
    if (layers_[j - 1]->hasCurvature()) top = j - 1;
  }
  if (top < 0) return;
  // The curvature terms reach the layers below them (and the chain's input) through the forward graph:
  // u_{j-1} = J_jᵀ u_j + c_{j-1}, weights += (∂a_j/∂θ)ᵀ u_j.
  for (int j = top; j >= 1; --j) {
    Layer& layer = *layers_[j - 1];
    layer.backwardParams(act(x, j - 1, r), act(x, j, r), curvature_[j].data(), n);
    layer.backwardData(act(x, j - 1, r), act(x, j, r), curvature_[j].data(), carry_.data(), n);
    const size_t count = static_cast<size_t>(n) * sizeAt(j - 1);
    if (layer.hasCurvature()) device_->addInto(curvature_[j - 1].data(), carry_.data(), static_cast<long long>(count));
    else device_->copy(curvature_[j - 1].data(), carry_.data(), count * sizeof(float));
  }
  device_->copy(c, curvature_[0].data(), static_cast<size_t>(n) * sizeAt(0) * sizeof(float));
}

}  // namespace wgan
