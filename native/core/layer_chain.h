// A chain of layers applied in order with buffers of its own (a residual block's body or shortcut): the
// same five operations as one layer, over the block's rows. Its input a_0 and output gradient belong to the
// caller; the chain keeps a_1..a_J (per forwarded row), two sets of internal gradients (`Cached`, rows as
// forwarded; `Scratch`, for gradients of other seeds), tangents and the curvature terms (docs/design.md §7).
// An internal gradient that only its producer's weight gradient or curvature term would read again (an
// activation's or a pooling's output, which has neither) is not kept: backwardData passes it down in the device's
// shared workspace, and the sets hold no rows for it; so is a tangent into such a layer, within tangent(). The
// fused backward() keeps no internal gradient at all: each layer's weight gradient is taken as it is passed down.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "device.h"
#include "layer.h"

namespace wgan {

class LayerChain {
 public:
  enum class Grads { Cached, Scratch };

  LayerChain(std::vector<std::unique_ptr<Layer>> layers, const Shape& in);
  bool empty() const { return layers_.empty(); }
  const Shape& outShape() const { return layers_.empty() ? in_ : layers_.back()->outShape(); }
  int outSize() const { return shapeSize(outShape()); }
  bool hasCurvature() const;
  // The floats per row of the activations a_1..a_J it keeps, its layers' inner ones included.
  long long activationFloats() const;
  bool mixesSamples() const;
  // The classes its label-reading layers index (InvalidModel where two disagree), 0 when none reads labels.
  int labelClasses() const;
  // The labels of the rows of the next operations, for every label-reading layer of the chain.
  void setLabels(const int32_t* labels);
  // The collective of synchronised batch statistics, for every layer of the chain (Layer::shareStatistics).
  void shareStatistics(Collective* collective);

  // The chain's tensors, named "<prefix>.<j>.<name>" as PyTorch names a nested nn.Sequential.
  std::vector<ParamInfo> paramInfo(const std::string& prefix) const;
  // Binds the layers to consecutive slices of the block's trainable and state arrays; returns the counts used.
  void bind(Device& device, float* params, float* grads, float* state, size_t& paramsUsed, size_t& stateUsed);
  void initParams(Rng& rng);
  void reserve(Device& device, int maxRows);

  // a_j for rows [r, r+n) from the input x of those rows.
  void forward(const float* x, int r, int n, Mode mode);
  // The chain's output for the rows starting at r (x itself when the chain is empty).
  const float* output(const float* x, int r);
  // Gradients of every layer input for gy at the output, into `set`; gx (may be null) gets ∂/∂a_0.
  void backwardData(const float* x, int r, int n, const float* gy, float* gx, Grads set);
  // grads += (∂y/∂θ)ᵀ of every layer, with the gradients of `set` (computed by backwardData) and gy at the top.
  void backwardParams(const float* x, int r, int n, const float* gy, Grads set);
  // The two at once, layer by layer (Layer::backward), touching neither set; gx (may be null) gets ∂/∂a_0.
  void backward(const float* x, int r, int n, const float* gy, float* gx);
  // w = J v through the chain (w must not alias v); v and the internal tangents curvature() reads (rows [0, n))
  // are kept for it.
  void tangent(const float* x, int r, int n, const float* v, float* w);
  // For s = gyᵀ J v with the gradients of `set` and the tangents of the last tangent(): grads += ∂s/∂θ, and, when
  // the chain is curved, c = ∂s/∂a_0 (curvature terms carried down through the chain's earlier layers).
  void curvature(const float* x, int r, int n, const float* gy, float* c, Grads set);

 private:
  int sizeAt(int j) const { return j == 0 ? shapeSize(in_) : layers_[j - 1]->outSize(); }
  const float* act(const float* x, int j, int r) const;  // a_j at row r (a_0 = x)
  bool keepsGrad(int j) const;                           // whether the sets keep ∂/∂a_j (1 <= j < J)
  // Whether a_j is kept in a_{j-1}'s buffer: layer j works in place (inPlace() in layer.h); never a_1 (a_0 is
  // the caller's).
  bool sharesActivation(int j) const;
  float* grad(Grads set, int j, int r);                  // ∂/∂a_j at row r, for 1 <= j < J; null where not kept
  const float* gradAt(Grads set, int j, int r, const float* gy);  // as grad(), with a_J's = gy
  const float* tangentIn(int j) const;  // the tangent into layer j, where layer j's gradient is kept
  Shape in_;
  std::vector<std::unique_ptr<Layer>> layers_;
  Device* device_ = nullptr;
  std::vector<DeviceArray<float>> acts_, cached_, scratch_, tangents_, curvature_;
  std::vector<float*> actAt_;  // a_j's buffer (j >= 1): its own, or the one it shares
  DeviceArray<float> carry_;
  std::vector<bool> kept_;   // per j: whether the sets keep ∂/∂a_j (always for a_J, the caller's)
  size_t passedFloats_ = 0;  // the most floats passed at once (for the most rows) without being kept
  int fusedPair_ = 0;        // backward(): the most floats per row passed at once
  const float* tangentInput_ = nullptr;  // v of the last tangent()
};

}  // namespace wgan
