// The YAML front matter of a Hugging Face model card (README.md): the block
// between a first line `---` and the next `---` line. Only the subset model
// cards use at the top level is read: `key: scalar`, `key: [a, b]` flow lists,
// `key:` followed by `- item` lines, single- and double-quoted scalars and
// comments. Nested maps (model-index), block scalars (`|`, `>`), flow maps,
// anchors and tags are skipped, never an error. Hostile text gives warnings
// naming the line, never a failure.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::formats::model_card_hints {

inline constexpr size_t kMaxFrontMatterBytes = 64 * 1024;  // from the first `---` to the closing one
inline constexpr size_t kMaxFrontMatterLines = 8192;
inline constexpr size_t kMaxFrontMatterListItems = 256;    // per key; later items are dropped
inline constexpr size_t kMaxFrontMatterValueBytes = 1024;  // one scalar or list item, decoded

enum class FrontMatterKind {
  kScalar,  // `key: value`: one item
  kList,    // a flow or block list of scalars; `null`, `~` and no value at all: an empty list
  kOther,   // anything else: a nested map, block scalar, flow map, anchor, alias, tag
};

struct FrontMatterEntry {
  size_t line = 0;  // of the key, 1-based in the README
  FrontMatterKind kind = FrontMatterKind::kOther;
  std::vector<std::string> items;  // decoded UTF-8, each at most kMaxFrontMatterValueBytes
};

struct FrontMatterWarning {
  size_t line = 0;  // 1-based in the README
  std::string message;
};

struct FrontMatter {
  bool present = false;  // the text starts with a `---` line (after an optional byte-order mark)
  std::map<std::string, FrontMatterEntry> entries;  // top-level keys; the first of a repeated key
  std::vector<FrontMatterWarning> warnings;         // in line order; messages quote no raw input
};

// Reads the front matter at the start of `readme` (which may be a prefix of the
// file). When the block is malformed as a whole (no closing `---` within
// kMaxFrontMatterBytes, too many lines, a NUL byte, invalid UTF-8) `entries`
// is empty and one warning says why. Never throws.
FrontMatter read_front_matter(std::string_view readme);

}  // namespace modelseal::formats::model_card_hints
