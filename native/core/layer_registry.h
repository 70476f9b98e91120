// The layer kinds, each registered by its own file: its type name, the keys its spec accepts (with their
// types and ranges, core/spec_reader.h) and its builder. Parsing, construction, error messages and the
// list the binding reports (`layerTypes()`) all iterate this registry; nothing else names the kinds.
//
// A layer file registers its kind at load time:
//   const LayerRegistration registration{{"dense", {{"units", KeyType::Integer, true, 1, kMaxDim}}, build}};
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "spec_reader.h"

namespace wgan {

// Builds a layer for an input of shape `in` from its checked spec; throws InvalidModel for shapes it
// cannot take.
using LayerBuilder = std::unique_ptr<Layer> (*)(const SpecReader& spec, const Shape& in);

struct LayerKind {
  std::string type;
  std::vector<SpecKey> keys;  // besides "type"
  LayerBuilder build;
};

struct LayerRegistration {
  explicit LayerRegistration(LayerKind kind);
};

// Every registered kind, sorted by type name.
std::vector<const LayerKind*> layerKinds();

// One layer from its spec object at `path` ("spec.layers[3]"): unknown types and keys are rejected with
// the registry's lists; errors from building are prefixed with the path and type.
std::unique_ptr<Layer> buildLayer(const SpecValue& spec, const Shape& in, const std::string& path);

// A list of layer specs (a model, a block's branch) applied in order from `in`; each output is checked
// against the element limit.
std::vector<std::unique_ptr<Layer>> buildLayers(const SpecValue& list, const Shape& in, const std::string& path);

}  // namespace wgan
