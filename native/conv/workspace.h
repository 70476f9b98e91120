// Scratch memory shared by the convolutions of a device. A convolution's im2col columns and GEMM rows live
// only during one of its calls, so one buffer serves every convolution of every model on the device: a
// call leases it for its duration (a second concurrent caller, another trainer's thread, gets a buffer of
// its own). Buffers grow to the largest lease and are kept for the process's life.
#pragma once
#include <cstddef>

#include "../core/device.h"

namespace wgan {

class ConvWorkspace {
 public:
  // A buffer of at least `floats` floats on `device` until this lease ends (its contents are not kept).
  ConvWorkspace(Device& device, size_t floats);
  ~ConvWorkspace();
  ConvWorkspace(const ConvWorkspace&) = delete;
  ConvWorkspace& operator=(const ConvWorkspace&) = delete;
  float* data() { return buffer_->data(); }

 private:
  Device* device_;
  DeviceArray<float>* buffer_;
};

}  // namespace wgan
