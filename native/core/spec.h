// A model described as plain data, as TypeScript hands it over (the binding fills these structs).
#pragma once
#include <string>
#include <vector>

#include "../layers/conv2d.h"
#include "../layers/reshape.h"
#include "layer.h"

namespace wgan {

struct LayerSpec {
  std::string type;
  int units = 0;        // dense
  ConvOptions conv{};   // conv2d, conv2dTranspose
  float alpha = 0.2f;   // leakyRelu
  Shape targetShape;    // reshape
  Cropping cropping{};  // crop2d
  float momentum = 0.1f;  // batchNorm
};

struct ModelSpec {
  Shape inputShape;
  std::vector<LayerSpec> layers;
};

}  // namespace wgan
