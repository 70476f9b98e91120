// Reads a model spec ({ inputShape, layers: [{ type, ... }] }) from JavaScript, strictly.
#pragma once
#include <napi.h>

#include "../core/spec.h"

namespace wgan {

ModelSpec parseModelSpec(const Napi::Value& value);

}  // namespace wgan
