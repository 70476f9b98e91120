#include "workspace.h"

#include <mutex>
#include <vector>

namespace wgan {

namespace {

struct Idle {
  Device* device;
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

}  // namespace

ConvWorkspace::ConvWorkspace(Device& device, size_t floats) : device_(&device), buffer_(nullptr) {
  {
    std::lock_guard<std::mutex> lock(poolMutex());
    auto& idle = idleBuffers();
    for (size_t i = 0; i < idle.size(); ++i)
      if (idle[i].device == &device) {
        buffer_ = idle[i].buffer;
        idle.erase(idle.begin() + static_cast<long>(i));
        break;
      }
  }
  if (!buffer_) buffer_ = new DeviceArray<float>();
  if (buffer_->size() >= floats) return;
  *buffer_ = DeviceArray<float>();  // the old buffer goes before the larger one is allocated
  try {
    *buffer_ = DeviceArray<float>(device, floats);
  } catch (...) {
    delete buffer_;
    throw;
  }
}

ConvWorkspace::~ConvWorkspace() {
  std::lock_guard<std::mutex> lock(poolMutex());
  idleBuffers().push_back({device_, buffer_});
}

}  // namespace wgan
