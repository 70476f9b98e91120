#include "layer_registry.h"

#include <algorithm>
#include <map>

#include "errors.h"

namespace wgan {

namespace {

std::map<std::string, LayerKind>& registry() {
  static std::map<std::string, LayerKind> kinds;  // built before any registration uses it
  return kinds;
}

std::string typeList() {
  std::string list;
  for (const LayerKind* kind : layerKinds()) list += (list.empty() ? "" : ", ") + kind->type;
  return list;
}

void rejectUnknownKeys(const SpecValue& spec, const LayerKind& kind, const std::string& path) {
  for (const auto& field : spec.fields) {
    if (field.first == "type") continue;
    const bool known = std::any_of(kind.keys.begin(), kind.keys.end(), [&](const SpecKey& k) { return k.name == field.first; });
    if (known) continue;
    std::string expected = "type";
    for (const SpecKey& k : kind.keys) expected += ", " + k.name;
    fail(ErrorCode::InvalidArgument,
         path + " has an unknown option '" + field.first + "' for " + kind.type + " (expected " + expected + ")");
  }
}

}  // namespace

LayerRegistration::LayerRegistration(LayerKind kind) {
  const std::string type = kind.type;
  registry().emplace(type, std::move(kind));
}

std::vector<const LayerKind*> layerKinds() {
  std::vector<const LayerKind*> kinds;
  for (const auto& entry : registry()) kinds.push_back(&entry.second);
  return kinds;  // std::map keeps them sorted by name
}

std::unique_ptr<Layer> buildLayer(const SpecValue& spec, const Shape& in, const std::string& path) {
  const SpecValue& type = spec.get("type");
  if (type.kind != SpecValue::Kind::String)
    fail(ErrorCode::InvalidArgument, path + ".type must be a string, got " + type.describe());
  const auto found = registry().find(type.text);
  if (found == registry().end())
    fail(ErrorCode::InvalidModel, path + ": unknown layer type '" + type.text + "' (expected one of " + typeList() + ")");
  const LayerKind& kind = found->second;
  rejectUnknownKeys(spec, kind, path);
  const SpecReader reader(spec, kind.keys, path);
  try {
    std::unique_ptr<Layer> layer = kind.build(reader, in);
    layer->setTypeName(kind.type);
    return layer;
  } catch (const Error& e) {
    // Argument errors name their path already, as do the errors of layers nested in this one.
    if (e.code() != ErrorCode::InvalidModel || std::string(e.what()).rfind(path, 0) == 0) throw;
    fail(e.code(), path + " (" + kind.type + "): " + e.what());
  }
}

std::vector<std::unique_ptr<Layer>> buildLayers(const SpecValue& list, const Shape& in, const std::string& path) {
  requireLayerList(list, path);
  std::vector<std::unique_ptr<Layer>> layers;
  Shape shape = in;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const std::string where = path + "[" + std::to_string(i) + "]";
    layers.push_back(buildLayer(list.items[i], shape, where));
    if (i > 0 && layers.back()->absorbsChannelShift()) layers[i - 1]->setOutputShiftAbsorbed();
    shape = layers.back()->outShape();
    if (boundedShapeSize(shape) > kMaxElements)
      fail(ErrorCode::InvalidModel, where + " output of shape " + shapeToString(shape) + " is too large (at most " +
                                        std::to_string(kMaxElements) + " elements per sample)");
  }
  return layers;
}

}  // namespace wgan
