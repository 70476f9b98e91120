// Room for the tensors a backward (or tangent) pass hands from one layer to the next without keeping them: a
// lease of the device's shared workspace (conv/workspace.h), taken on first use, that holds two at once — the
// one a layer writes apart from the one it reads. The lease ends with the pass.
#pragma once
#include <cstddef>
#include <optional>

#include "../conv/workspace.h"
#include "device.h"

namespace wgan {

class PassedPlanes {
 public:
  // `floats`: at least the largest pair of tensors alive at once in the pass.
  PassedPlanes(Device& device, WorkspaceUse use, size_t floats) : device_(&device), use_(use), floats_(floats) {}

  // Room for `count` floats apart from `other`, the tensor being read: the low end of the lease, unless `other`
  // lies there, then the high end.
  float* slot(const float* other, size_t count) {
    if (!lease_) lease_.emplace(*device_, use_, floats_);
    float* base = lease_->data();
    return other == base ? base + floats_ - count : base;
  }

 private:
  Device* device_;
  WorkspaceUse use_;
  size_t floats_;
  std::optional<Workspace> lease_;
};

}  // namespace wgan
