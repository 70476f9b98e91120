#include "workspace.h"

#include <mutex>
#include <utility>
#include <vector>

#include "../core/env_budget.h"

namespace wgan {

namespace {

struct Idle {
  Device* device;
  WorkspaceUse use;
  DeviceArray<float>* buffer;
};

std::mutex& poolMutex() {
  static std::mutex m;
  return m;
}

// Never destroyed: a device's memory cannot be freed after the device itself is gone at exit.
std::vector<Idle>& idleBuffers() {
  static auto* idle = new std::vector<Idle>();
  return *idle;
}

// Buffers outgrown on a device that records replays (CUDA graphs): a recorded graph may still use one, so they
// stay allocated. The CPU records nothing and frees them.
std::vector<DeviceArray<float>>& retiredBuffers() {
  static auto* retired = new std::vector<DeviceArray<float>>();
  return *retired;
}

}  // namespace

size_t convolutionChunkFloats() { return budgetFromEnv("WGAN_GP_CONV_CHUNK", size_t{1} << 22); }

Workspace::Workspace(Device& device, WorkspaceUse use, size_t floats) : device_(&device), use_(use), buffer_(nullptr) {
  {
    std::lock_guard<std::mutex> lock(poolMutex());
    auto& idle = idleBuffers();
    for (size_t i = 0; i < idle.size(); ++i)
      if (idle[i].device == &device && idle[i].use == use) {
        buffer_ = idle[i].buffer;
        idle.erase(idle.begin() + static_cast<long>(i));
        break;
      }
  }
  if (!buffer_) buffer_ = new DeviceArray<float>();
  if (buffer_->size() >= floats) return;
  if (&device != &cpuDevice() && buffer_->size()) {
    std::lock_guard<std::mutex> lock(poolMutex());
    retiredBuffers().push_back(std::move(*buffer_));
  }
  *buffer_ = DeviceArray<float>();  // the old buffer goes before the larger one is allocated
  try {
    *buffer_ = DeviceArray<float>(device, floats);
  } catch (...) {
    delete buffer_;
    throw;
  }
}

Workspace::~Workspace() {
  std::lock_guard<std::mutex> lock(poolMutex());
  idleBuffers().push_back({device_, use_, buffer_});
}

}  // namespace wgan
