// Converts a model spec from JavaScript into the core's plain-data tree (core/spec.h) without reading any
// layer type: the core checks every field (core/spec_reader.h, core/layer_registry.h).
#pragma once
#include <napi.h>

#include "../core/spec.h"

namespace wgan {

ModelSpec parseModelSpec(const Napi::Value& value);

}  // namespace wgan
