#include "spec_reader.h"

#include <cmath>

#include "errors.h"

namespace wgan {

namespace {

std::string numberText(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  std::string s = std::to_string(d);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  return s;
}

int readInteger(const SpecValue& v, const std::string& path, double min, double max) {
  if (v.kind != SpecValue::Kind::Number) fail(ErrorCode::InvalidArgument, path + " must be an integer, got " + v.describe());
  if (!(v.number == std::floor(v.number)) || v.number < min || v.number > max)
    fail(ErrorCode::InvalidArgument, path + " must be an integer in [" + numberText(min) + ", " + numberText(max) +
                                         "], got " + numberText(v.number));
  return static_cast<int>(v.number);
}

double readNumber(const SpecValue& v, const std::string& path, double min, double max) {
  if (v.kind != SpecValue::Kind::Number) fail(ErrorCode::InvalidArgument, path + " must be a number, got " + v.describe());
  if (!std::isfinite(v.number)) fail(ErrorCode::NonFinite, path + " must be finite, got " + std::to_string(v.number));
  if (v.number < min || v.number > max)
    fail(ErrorCode::InvalidArgument,
         path + " must be in [" + numberText(min) + ", " + numberText(max) + "], got " + numberText(v.number));
  return v.number;
}

std::pair<int, int> readPair(const SpecValue& v, const std::string& path, double min, double max) {
  if (v.kind == SpecValue::Kind::Array) {
    if (v.items.size() != 2) fail(ErrorCode::InvalidArgument, path + " must be a number or a pair [height, width]");
    return {readInteger(v.items[0], path + "[0]", min, max), readInteger(v.items[1], path + "[1]", min, max)};
  }
  const int n = readInteger(v, path, min, max);
  return {n, n};
}

}  // namespace

const char* keyTypeName(KeyType type) {
  switch (type) {
    case KeyType::Integer: return "integer";
    case KeyType::Number: return "number";
    case KeyType::IntegerPair: return "integer or [height, width]";
    case KeyType::Shape: return "shape";
    case KeyType::Padding: return "'same', 'valid' or integer";
    case KeyType::Cropping: return "integer, [rows, cols] or [[top, bottom], [left, right]]";
    case KeyType::Layers: return "layer specs";
  }
  return "value";
}

const SpecKey& SpecReader::declared(const std::string& key, KeyType type) const {
  for (const SpecKey& k : keys_)
    if (k.name == key && k.type == type) return k;
  fail(ErrorCode::InvalidArgument, path_ + ": the layer reads an undeclared key '" + key + "'");  // a registry bug
}

const SpecValue& SpecReader::value(const SpecKey& key) const {
  const SpecValue& v = spec_.get(key.name);
  if (v.missing() && key.required)
    fail(ErrorCode::InvalidArgument, pathOf(key.name) + " is required (" + keyTypeName(key.type) + ")");
  return v;
}

int SpecReader::integer(const std::string& key) const {
  const SpecKey& k = declared(key, KeyType::Integer);
  const SpecValue& v = value(k);
  return v.missing() ? static_cast<int>(k.fallback) : readInteger(v, pathOf(key), k.min, k.max);
}

double SpecReader::number(const std::string& key) const {
  const SpecKey& k = declared(key, KeyType::Number);
  const SpecValue& v = value(k);
  return v.missing() ? k.fallback : readNumber(v, pathOf(key), k.min, k.max);
}

std::pair<int, int> SpecReader::integerPair(const std::string& key) const {
  const SpecKey& k = declared(key, KeyType::IntegerPair);
  const SpecValue& v = value(k);
  if (v.missing()) return {static_cast<int>(k.fallback), static_cast<int>(k.fallback)};
  return readPair(v, pathOf(key), k.min, k.max);
}

Shape SpecReader::shape(const std::string& key) const { return readShape(value(declared(key, KeyType::Shape)), pathOf(key)); }

Padding SpecReader::padding(const std::string& key) const {
  const SpecKey& k = declared(key, KeyType::Padding);
  const SpecValue& v = value(k);
  if (v.missing()) return Padding{};
  if (v.kind == SpecValue::Kind::String) {
    if (v.text == "same") return Padding{true, 0};
    if (v.text == "valid") return Padding{false, 0};
    fail(ErrorCode::InvalidArgument, pathOf(key) + " must be 'same', 'valid' or a non-negative integer, got '" + v.text + "'");
  }
  return Padding{false, readInteger(v, pathOf(key), k.min, k.max)};
}

Cropping SpecReader::cropping(const std::string& key) const {
  const SpecKey& k = declared(key, KeyType::Cropping);
  const SpecValue& v = value(k);
  const std::string path = pathOf(key);
  if (v.kind == SpecValue::Kind::Array && v.items.size() == 2 && v.items[0].kind == SpecValue::Kind::Array) {
    auto rows = readPair(v.items[0], path + "[0]", k.min, k.max), cols = readPair(v.items[1], path + "[1]", k.min, k.max);
    return {rows.first, rows.second, cols.first, cols.second};
  }
  auto hw = readPair(v, path, k.min, k.max);  // symmetric, as Keras Cropping2D
  return {hw.first, hw.first, hw.second, hw.second};
}

const SpecValue& SpecReader::layers(const std::string& key) const {
  const SpecValue& v = value(declared(key, KeyType::Layers));
  if (!v.missing()) requireLayerList(v, pathOf(key));
  return v;
}

Shape readShape(const SpecValue& v, const std::string& path) {
  if (v.kind != SpecValue::Kind::Array) fail(ErrorCode::InvalidArgument, path + " must be an array of positive integers");
  if (v.items.empty() || v.items.size() > 3)
    fail(ErrorCode::InvalidArgument, path + " must have 1 to 3 dimensions ([features] or [channels, height, width])");
  Shape s;
  long long total = 1;
  for (size_t i = 0; i < v.items.size(); ++i) {
    s.push_back(readInteger(v.items[i], path + "[" + std::to_string(i) + "]", 1, kMaxDim));
    total *= s.back();
  }
  if (total > kMaxElements)
    fail(ErrorCode::InvalidArgument,
         path + " has " + std::to_string(total) + " values per sample, more than " + std::to_string(kMaxElements));
  return s;
}

void requireLayerList(const SpecValue& v, const std::string& path) {
  if (v.kind != SpecValue::Kind::Array) fail(ErrorCode::InvalidArgument, path + " must be an array of layer specs");
  if (v.items.size() > static_cast<size_t>(kMaxLayers))
    fail(ErrorCode::InvalidArgument, path + " has more than " + std::to_string(kMaxLayers) + " layers");
  for (size_t i = 0; i < v.items.size(); ++i)
    if (v.items[i].kind != SpecValue::Kind::Object)
      fail(ErrorCode::InvalidArgument, path + "[" + std::to_string(i) + "] must be an object, got " + v.items[i].describe());
}

}  // namespace wgan
