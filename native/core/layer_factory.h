#pragma once
#include <memory>

#include "spec.h"

namespace wgan {

// Builds one layer for an input of shape `in`; throws InvalidModel for unknown types or bad shapes.
std::unique_ptr<Layer> makeLayer(const LayerSpec& spec, const Shape& in, int index);

}  // namespace wgan
