// The interface every layer implements: the five operations of docs/design.md §2 over a batch of `n`
// samples stored contiguously (NCHW per sample). A layer maps x (inSize floats per sample) to y
// (outSize floats per sample). All pointers are in the memory of the layer's device (core/device.h), whose
// primitives do the arithmetic. Operations never allocate: reserve(maxRows) sizes any workspace first.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "device.h"

namespace wgan {

using Shape = std::vector<int>;
class Collective;
class Rng;

// The most elements a model may declare for one tensor or one sample's activation (2^28 floats, 1 GiB):
// larger specs are rejected before anything is allocated, so sizes fit in int everywhere.
constexpr long long kMaxElements = 1LL << 28;
// The most samples one call may process (a batch, or the rows of a prediction).
constexpr int kMaxBatch = 1 << 16;

// The element count of a shape, stopping once it passes kMaxElements (so it cannot overflow).
inline long long boundedShapeSize(const Shape& s) {
  long long size = 1;
  for (int d : s) {
    size *= d;
    if (size > kMaxElements) return size;
  }
  return size;
}

inline int shapeSize(const Shape& s) {
  long long size = 1;
  for (int d : s) size *= d;
  return static_cast<int>(size);
}

std::string shapeToString(const Shape& s);

enum class Mode { Train, Eval };  // Eval uses BatchNorm's running statistics

// One named tensor of a layer: trainable parameters ("weight", "bias") or state ("running_mean").
struct ParamInfo {
  std::string name;
  Shape shape;
  bool trainable;
};

class Layer {
 public:
  virtual ~Layer() = default;

  const Shape& inShape() const { return in_; }
  const Shape& outShape() const { return out_; }
  int inSize() const { return shapeSize(in_); }
  int outSize() const { return shapeSize(out_); }

  // Named tensors in PyTorch state_dict order. The model binds them to slices of its flat arrays.
  virtual std::vector<ParamInfo> paramInfo() const { return {}; }
  // params/grads: this layer's trainable slices; state: its non-trainable slice (may be null).
  void bind(Device& device, float* params, float* grads, float* state) {
    device_ = &device;
    params_ = params;
    grads_ = grads;
    state_ = state;
    bound();
  }
  // Called after bind(): a composite layer binds its children to slices of its own.
  virtual void bound() {}
  // Fills the bound params/state, which are host memory at this point (Sequential uploads them after).
  virtual void initParams(Rng& /*rng*/) {}
  virtual void reserve(int /*maxRows*/) {}
  // The floats per row of the activations the layer keeps inside it (a composite layer's branch outputs), 0 for
  // a plain layer: with the model's own, what a step's chunk size is planned by (core/critic_step.h).
  virtual long long innerActivationFloats() const { return 0; }
  // True where an operation after forward reads the layer's own output y (the activations' derivatives).
  virtual bool readsOutput() const { return false; }
  // True for an element-wise layer whose forward may write y over x and whose later operations never read x
  // (the activations): a model may then keep one buffer for both (inPlace below).
  virtual bool worksInPlace() const { return false; }
  // True when samples interact (BatchNorm): such a layer cannot sit in a critic.
  virtual bool mixesSamples() const { return false; }
  // True when curvature() can yield a non-zero input term (second derivative of the layer in x).
  virtual bool hasCurvature() const { return false; }
  // True where adding a constant to any one channel of the input leaves every backward operation's result
  // unchanged (BatchNorm: its batch statistics subtract the shift; its backward assumes them).
  virtual bool absorbsChannelShift() const { return false; }
  // Said by buildLayers of a layer whose next layer absorbs channel shifts: the gradient of a bias added per
  // channel of this layer's output is then exactly zero, so the layer leaves it untouched (at the zero
  // zeroGrads() wrote) instead of summing a float32 residue that Adam would turn into full-size steps.
  void setOutputShiftAbsorbed() { outputShiftAbsorbed_ = true; }
  // The number of classes the batch's labels index when the layer reads them (conditioning layers), else 0.
  virtual int labelClasses() const { return 0; }
  // The labels of the rows the next operations receive (device int32, one per row, each in
  // [0, labelClasses())): set by the model before every operation of a layer that reads them.
  virtual void setLabels(const int32_t* labels) { labels_ = labels; }
  // A data-parallel run with synchronised BatchNorm (SyncBatchNorm): the collective whose ranks pool their batch
  // statistics in the training operations that follow; null: this batch's own. Layers with batch statistics
  // use it, composite layers pass it on.
  virtual void shareStatistics(Collective* /*collective*/) {}
  // The spec's type name ("dense"), set by the registry that built the layer.
  const std::string& typeName() const { return type_; }
  void setTypeName(std::string type) { type_ = std::move(type); }

  // y = f(x)
  virtual void forward(const float* x, float* y, int n, Mode mode) = 0;
  // gx = J(x)ᵀ gy
  virtual void backwardData(const float* x, const float* y, const float* gy, float* gx, int n) = 0;
  // grads += (∂y/∂θ)ᵀ gy
  virtual void backwardParams(const float* /*x*/, const float* /*y*/, const float* /*gy*/, int /*n*/) {}
  // Both at once, keeping nothing for a later operation: gx = J(x)ᵀ gy (skipped where gx is null), then
  // grads += (∂y/∂θ)ᵀ gy. A composite layer passes its internal gradients down instead of keeping them.
  virtual void backward(const float* x, const float* y, const float* gy, float* gx, int n) {
    if (gx) backwardData(x, y, gy, gx, n);
    backwardParams(x, y, gy, n);
  }
  // w = J(x) v (a Jacobian-vector product in the input)
  virtual void tangent(const float* x, const float* y, const float* v, float* w, int n) = 0;
  // For the scalar s = gyᵀ J(x) v: grads += ∂s/∂θ, and c = ∂s/∂x when hasCurvature() (c untouched otherwise).
  virtual void curvature(const float* /*x*/, const float* /*y*/, const float* /*gy*/, const float* /*v*/,
                         float* /*c*/, int /*n*/) {}

 protected:
  Layer(Shape in, Shape out) : in_(std::move(in)), out_(std::move(out)) {}
  Device& device() { return *device_; }
  Shape in_, out_;
  Device* device_ = &cpuDevice();
  float* params_ = nullptr;
  float* grads_ = nullptr;
  float* state_ = nullptr;
  const int32_t* labels_ = nullptr;
  bool outputShiftAbsorbed_ = false;  // see setOutputShiftAbsorbed()

 private:
  std::string type_;
};

// Whether a model may keep `layer`'s output in the buffer of its input, the output of `producer`: the layer works
// in place and the producer never reads its own output again (which the layer overwrites). A model's input and
// output are its caller's and are never shared.
inline bool inPlace(const Layer& producer, const Layer& layer) { return layer.worksInPlace() && !producer.readsOutput(); }

}  // namespace wgan
