// Private helpers of the safetensors scanner: a checking SAX pass over the JSON
// header (syntax, depth, duplicate keys, which nlohmann's DOM parser would keep
// silently) and a map from top-level keys to where they sit, for finding offsets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace modelseal::formats::safetensors_detail {

struct JsonProblem {
  std::string id;       // "safetensors.duplicate_key", "safetensors.header_not_json", ...
  uint64_t offset = 0;  // relative to the start of the text
  std::string message;
};

// Top-level key as written between its quotes -> offset of its opening quote
// (the last occurrence when a key repeats).
using KeyOffsets = std::unordered_map<std::string, uint64_t>;
KeyOffsets top_level_key_offsets(std::string_view text);

struct JsonLimits {
  size_t max_depth;     // open objects and arrays
  size_t max_values;    // scalars, objects and arrays: bounds the DOM built afterwards
  size_t max_problems;  // problems listed
};

// Syntax, nesting depth, value count and duplicate keys. Never throws.
std::vector<JsonProblem> check_json(std::string_view text, const KeyOffsets& keys,
                                    const JsonLimits& limits);

// Printable, bounded rendering of an untrusted string for messages.
std::string printable(std::string_view text);

}  // namespace modelseal::formats::safetensors_detail
