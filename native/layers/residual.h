// residual: y = shortcut(x) + scale·body(x), the block of the paper's ResNets (docs/design.md §7). Both branches
// are layer chains (the shortcut may be empty: the identity); every operation composes theirs. Parameters are
// named as PyTorch names nested modules: "<i>.body.<j>.weight", "<i>.shortcut.<j>.weight".
//
// The block's operations come in the order the steps call them: one forward over all rows (which the
// branches keep), then backward, tangent and curvature passes over sub-ranges of those rows. The rows of a
// call are found from its input pointer's offset into the forwarded rows. The branch gradients of the first
// backwardData after a forward are kept and reused by backwardParams and curvature for the same seed; other
// seeds are recomputed into scratch. The branch tangents of curvature() are reused by tangent() for the same v.
// The fused backward (a generator's) keeps nothing: the branches pass their gradients down as they go.
#pragma once
#include "../core/layer.h"
#include "../core/layer_chain.h"
#include "../kernels/residual.h"

namespace wgan {

class Residual : public Layer {
 public:
  Residual(const Shape& in, LayerChain body, LayerChain shortcut, float scale);
  std::vector<ParamInfo> paramInfo() const override;
  void bound() override;
  void initParams(Rng& rng) override;
  void reserve(int maxRows) override;
  long long innerActivationFloats() const override { return body_.activationFloats() + shortcut_.activationFloats(); }
  bool mixesSamples() const override { return body_.mixesSamples() || shortcut_.mixesSamples(); }
  bool hasCurvature() const override { return body_.hasCurvature() || shortcut_.hasCurvature(); }
  int labelClasses() const override;
  // The branches' layers see the labels of the rows the block is called on.
  void setLabels(const int32_t* labels) override {
    labels_ = labels;
    body_.setLabels(labels);
    shortcut_.setLabels(labels);
  }
  void shareStatistics(Collective* collective) override {
    body_.shareStatistics(collective);
    shortcut_.shareStatistics(collective);
  }

  void forward(const float* x, float* y, int n, Mode mode) override;
  void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void backwardParams(const float* x, const float* y, const float* gy, int n) override;
  void backward(const float* x, const float* y, const float* gy, float* gx, int n) override;
  void tangent(const float* x, const float* y, const float* v, float* w, int n) override;
  void curvature(const float* x, const float* y, const float* gy, const float* v, float* c, int n) override;

 private:
  using Grads = LayerChain::Grads;
  const ResidualKernels& kernels();
  int rowOf(const float* x, int n) const;
  float* seedBuffer(Grads set, int r);
  // The body's output gradient scale·gy at row r of `set` (gy itself when scale is 1) ...
  const float* bodySeed(Grads set, const float* gy, int r);
  // ... computed there for rows [r, r+n).
  const float* scaleSeed(Grads set, const float* gy, int r, int n);
  // Both branches' internal gradients for gy at rows [r, r+n): the kept ones when they are for this gy, else
  // recomputed into scratch.
  Grads branchGrads(const float* x, const float* gy, int r, int n);
  void branchTangents(const float* x, const float* v, int r, int n);
  LayerChain body_, shortcut_;
  float scale_;
  DeviceArray<float> seedCached_, seedScratch_, gxShortcut_, wBody_, wShortcut_, cShortcut_;
  const float* forwardBase_ = nullptr;  // the input of the last forward, and its rows
  int forwardRows_ = 0;
  const float* keptSeed_ = nullptr;  // gy of the kept gradients at row 0, and the rows they cover
  int keptFirst_ = 0, keptEnd_ = 0;
  const float* tangentV_ = nullptr;  // v of the kept tangents, and their rows
  int tangentRow_ = -1, tangentRows_ = 0;
};

}  // namespace wgan
