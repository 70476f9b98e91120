#include "activation.h"

#include "../core/layer_registry.h"
#include "../kernels/activations.h"

namespace wgan {

namespace {

template <class Fn, ActivationKind kind>
std::unique_ptr<Layer> build(const SpecReader&, const Shape& in) {
  return std::make_unique<Activation>(in, kind, Fn::kCurved);
}

std::unique_ptr<Layer> buildLeakyRelu(const SpecReader& spec, const Shape& in) {
  return std::make_unique<Activation>(in, ActivationKind::LeakyRelu, LeakyRelu::kCurved, static_cast<float>(spec.number("alpha")));
}

const LayerRegistration relu{{"relu", {}, build<Relu, ActivationKind::Relu>}};
const LayerRegistration leakyRelu{{"leakyRelu", {{"alpha", KeyType::Number, false, 0, 1, 0.2}}, buildLeakyRelu}};
const LayerRegistration tanhLayer{{"tanh", {}, build<Tanh, ActivationKind::Tanh>}};
const LayerRegistration sigmoid{{"sigmoid", {}, build<Sigmoid, ActivationKind::Sigmoid>}};

}  // namespace
}  // namespace wgan
