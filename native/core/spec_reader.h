// The keys a layer kind accepts, each with its type and range, and the reader a layer's builder uses to
// take them from its spec. Every check and error message of a layer spec is made here: a bad value is
// ERR_INVALID_ARGUMENT naming the key's path ("spec.layers[2].units") and what was expected.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "spec.h"

namespace wgan {

enum class KeyType {
  Integer,      // a whole number in [min, max]
  Number,       // a finite number in [min, max]
  IntegerPair,  // a whole number in [min, max] or a pair [height, width] of them
  Shape,        // an array of 1 to 3 positive whole numbers
  Padding,      // 'same', 'valid' or a whole number in [min, max]
  Cropping,     // a whole number, [rows, cols] or [[top, bottom], [left, right]], each in [min, max]
  Layers,       // an array of layer specs (a block's branch)
};

struct SpecKey {
  std::string name;
  KeyType type;
  bool required;
  double min = 0, max = 0;
  double fallback = 0;  // the value of an optional Integer / Number key that is not given
};

const char* keyTypeName(KeyType type);

// 'same' follows TensorFlow; a number is symmetric padding as in PyTorch ('valid' is 0).
struct Padding {
  bool same = false;
  int value = 0;
};

struct Cropping {
  int top, bottom, left, right;
};

// One layer's spec object, read through the keys its kind declares (unknown keys are rejected before).
class SpecReader {
 public:
  SpecReader(const SpecValue& spec, const std::vector<SpecKey>& keys, std::string path)
      : spec_(spec), keys_(keys), path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  bool has(const std::string& key) const { return !spec_.get(key).missing(); }

  int integer(const std::string& key) const;
  double number(const std::string& key) const;
  std::pair<int, int> integerPair(const std::string& key) const;
  Shape shape(const std::string& key) const;
  Padding padding(const std::string& key) const;
  Cropping cropping(const std::string& key) const;
  // The list of layer specs under `key` (checked to be an array of objects), and its path.
  const SpecValue& layers(const std::string& key) const;
  std::string pathOf(const std::string& key) const { return path_ + "." + key; }

 private:
  const SpecKey& declared(const std::string& key, KeyType type) const;
  const SpecValue& value(const SpecKey& key) const;  // fails when a required key is missing
  const SpecValue& spec_;
  const std::vector<SpecKey>& keys_;
  std::string path_;
};

// Checks shared with the model's own fields.
Shape readShape(const SpecValue& value, const std::string& path);
void requireLayerList(const SpecValue& value, const std::string& path);

}  // namespace wgan
