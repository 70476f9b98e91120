// Scratch memory shared per device by the operations whose buffers live only during one call: the
// convolutions' im2col columns and GEMM rows, and the gradients a layer chain (core/layer_chain.h) or a model's
// fused backward (core/sequential.h) passes between its layers without keeping them. A call leases a buffer of its use for its duration, so one buffer serves
// every convolution (or chain) of every model on the device; a second concurrent caller (another trainer's thread,
// a nested block) gets one of its own. Buffers grow to the largest lease and are kept for the process's life
// (on a device that records replays, so is every buffer a lease outgrew: a recorded CUDA graph may still use it).
// Layers lease their largest size when they reserve, so the operations themselves find a buffer large enough.
#pragma once
#include <cstddef>

#include "../core/device.h"

namespace wgan {

// Floats of the scratch one chunk of samples of a convolution may take (its im2col columns and GEMM rows, or its
// Winograd tiles): by default 2^22 (16 MiB), large enough that a chunk's GEMMs have thousands of rows on the
// layers where the budget binds, small against the activations. WGAN_GP_CONV_CHUNK sets another budget (1: one
// sample per chunk, as the tests run it).
size_t convolutionChunkFloats();

enum class WorkspaceUse { Convolution, ChainGradients, ModelGradients };

class Workspace {
 public:
  // A buffer of at least `floats` floats on `device` until this lease ends (its contents are not kept).
  Workspace(Device& device, WorkspaceUse use, size_t floats);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  float* data() { return buffer_->data(); }

 private:
  Device* device_;
  WorkspaceUse use_;
  DeviceArray<float>* buffer_;
};

}  // namespace wgan
