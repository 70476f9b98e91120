// Kernels a layer kind brings for itself, beyond the shared primitives of core/device.h. The layer declares
// a table of launchers (a struct of function pointers, next to its shared bodies in kernels/); each backend
// registers its table under its device's name at load time (the CPU's in the layer's own file, the CUDA one
// in a .cu file of its own), and the layer looks up the table of the device it runs on. So a new layer kind
// adds kernels without touching the Device interface or either backend's device class.
#pragma once
#include <map>
#include <string>

#include "device.h"
#include "errors.h"

namespace wgan {

template <class Table>
class LayerKernels {
 public:
  // Registers `table` for the device called `device` ("cpu", "cuda"); used as a static initialiser.
  static bool add(const std::string& device, Table table) {
    tables()[device] = table;
    return true;
  }
  // The table of `device`; ERR_UNSUPPORTED naming the layer where that backend has none.
  static const Table& on(const Device& device, const char* layer) {
    const auto found = tables().find(device.name());
    if (found == tables().end())
      fail(ErrorCode::Unsupported, std::string(layer) + " has no kernels for the " + device.name() + " backend");
    return found->second;
  }

 private:
  static std::map<std::string, Table>& tables() {
    static std::map<std::string, Table> registered;
    return registered;
  }
};

}  // namespace wgan
