// A compiled Sequential model on one device: its layers, its parameters in one flat array (so Adam and
// checkpoints see one buffer), and activation/gradient buffers planned once for a number of rows.
// Every buffer lives in the device's memory; on the CPU device that is host memory.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "layer.h"
#include "spec.h"

namespace wgan {

struct NamedTensor {
  std::string name;  // PyTorch state_dict name, e.g. "0.weight"
  Shape shape;
  bool trainable;    // false for BatchNorm's running statistics
  size_t offset;     // into params() when trainable, else into state()
  size_t size;
};

class Sequential {
 public:
  // Parameters are initialised from `seed` on the host, then placed on `device`.
  Sequential(const ModelSpec& spec, uint64_t seed, Device& device = cpuDevice());

  const ModelSpec& spec() const { return spec_; }
  Device& device() { return *device_; }
  int layerCount() const { return static_cast<int>(layers_.size()); }
  Layer& layer(int i) { return *layers_[i]; }
  const Shape& inputShape() const { return inputShape_; }
  const Shape& outputShape() const { return layers_.empty() ? inputShape_ : layers_.back()->outShape(); }
  int inSize() const { return shapeSize(inputShape_); }
  int outSize() const { return shapeSize(outputShape()); }
  // Per-sample size of the tensor between layers: 0 is the input, layerCount() the output.
  int sizeAt(int l) const { return l == 0 ? inSize() : layers_[l - 1]->outSize(); }
  bool mixesSamples() const;
  bool hasCurvature() const;
  // The floats per row of every activation a forward pass keeps: between the layers and inside them.
  long long activationFloats() const;
  // The classes the model's label-reading layers index (all the same, checked when built), 0 when none reads
  // labels.
  int labelClasses() const { return labelClasses_; }

  const std::vector<NamedTensor>& tensors() const { return tensors_; }
  DeviceArray<float>& params() { return params_; }
  DeviceArray<float>& grads() { return grads_; }
  DeviceArray<float>& state() { return state_; }
  void zeroGrads();

  // Sizes the buffers for `rows` samples (grows only; no allocation when already large enough).
  void reserve(int rows);
  int reservedRows() const { return rows_; }
  // Changes whenever reserve() moves the buffers (a recorded replay of them is then stale).
  int generation() const { return generation_; }
  // Level l's buffers. A layer that works in place (an activation) keeps its output, and where it has no
  // curvature its input gradient, in the buffer of its input's (inPlace() in layer.h; not at the model's input or
  // output): its producer's output and output gradient are then gone once it has run.
  float* activation(int l) { return actAt_[l]; }
  float* gradient(int l) { return gradAt_[l]; }
  // One label per planned row (device int32, zero after reserve()), read by the label-reading layers in
  // the operations below; the caller fills rows [first, first+n) before forward. Null when none reads labels.
  int32_t* labels() { return labels_.size() ? labels_.data() : nullptr; }
  // Synchronised BatchNorm: the collective whose ranks pool the batch statistics of the training operations
  // that follow (Layer::shareStatistics); null: each batch's own.
  void shareStatistics(Collective* collective);

  // Over rows [first, first+n) of the planned buffers: activation(0) holds the input.
  void forward(int first, int n, Mode mode);
  // gradient(layerCount()) holds the output gradient; fills gradient(l) for l >= stopAt.
  void backwardData(int first, int n, int stopAt = 0);
  // Layer l's backward-data alone: gradient(l + 1) → gradient(l).
  void backwardDataThrough(int l, int first, int n);
  // grads += (∂y/∂θ)ᵀ gy for every layer, with x and gy from the rows [first, first+n).
  void backwardParams(int first, int n);
  // The two at once (Layer::backward) for the output gradient in gradient(layerCount()): grads += (∂y/∂θ)ᵀ gy
  // for every layer, the gradients between layers passed down in the device's shared workspace instead of
  // gradient(l) (which this leaves untouched), no input gradient. For a caller that reads no gradient(l) after.
  void backward(int first, int n);

 private:
  void bindLayers(Device& device, float* params, float* grads, float* state);
  // Points layer l's labels at the row `first` of the model's label buffer before one of its operations.
  Layer& withLabels(int l, int first);
  bool sharesActivation(int l) const;  // whether level l's activation is level l-1's buffer
  bool sharesGradient(int l) const;    // ... and its gradient
  ModelSpec spec_;
  Device* device_;
  Shape inputShape_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<NamedTensor> tensors_;
  DeviceArray<float> params_, grads_, state_;
  std::vector<DeviceArray<float>> acts_, gradsAt_;
  std::vector<float*> actAt_, gradAt_;  // level l's buffer: its own, or the one it shares
  DeviceArray<int32_t> labels_;
  int labelClasses_ = 0;
  int rows_ = 0, generation_ = 0;
  int passedPair_ = 0;  // backward(): the most floats per row passed down at once (one written while one is read)
};

}  // namespace wgan
