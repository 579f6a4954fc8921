// Strict JSON for signed and scanned documents (Sigstore bundles, in-toto
// statements, safetensors headers and indexes).
//
// nlohmann::json alone is too lenient for hostile input: it skips a UTF-8 BOM,
// keeps the last of duplicate keys, and builds (and frees, recursively) any
// document however deep or large. A SAX pass checks the text first, building
// nothing; the document is built only from text that passed.
//
// Rejected: more than max_bytes, a leading byte-order mark, invalid JSON or
// UTF-8 (RFC 8259), bytes after the value other than whitespace, a key repeated
// in one object, nesting deeper than max_depth, more than max_values values
// (scalars, objects and arrays), a key or string longer than max_string_bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/json/json_path.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats::strict_json {

struct JsonLimits {
  size_t max_bytes;
  size_t max_depth;         // open objects and arrays
  size_t max_values;        // bounds the document built afterwards
  size_t max_string_bytes;  // keys and string values, decoded
};

enum class JsonProblemKind {
  kNotJson,        // syntax, UTF-8, byte-order mark, trailing bytes
  kDuplicateKey,   // the only kind after which checking goes on
  kTooLarge,       // max_bytes
  kTooDeep,        // max_depth
  kTooManyValues,  // max_values
  kStringTooLong,  // max_string_bytes
  kParserFailed,   // allocation failure inside the parser
};

// True for the kinds a limit caused (kTooLarge ... kStringTooLong).
bool is_limit(JsonProblemKind kind);

struct JsonProblem {
  JsonProblemKind kind;
  uint64_t offset;      // byte of `text` where the problem was found
  std::string message;  // names the offending key or path; no offset
};

struct JsonCheck {
  // In text order: duplicate keys (at most max_problems of them), then at most
  // one problem of another kind, after which checking stopped.
  std::vector<JsonProblem> problems;
  // Key of the top-level object (decoded) -> offset of its opening quote, the
  // last occurrence when it repeats; keys up to where checking stopped.
  std::unordered_map<std::string, uint64_t> top_level_keys;

  bool has_fatal_problem() const;
};

// Checks `text` without building a document. Never throws.
JsonCheck check_json(std::string_view text, const JsonLimits& limits, size_t max_problems);

// The document, or the first problem (duplicate keys included). Never throws.
struct StrictJson {
  nlohmann::json document;             // null when `problem` is set
  std::optional<JsonProblem> problem;
};
StrictJson parse_strict_json(std::string_view text, const JsonLimits& limits);

// Dumps `value` compactly without ever throwing (invalid UTF-8 is replaced).
std::string dump(const nlohmann::json& value);
std::string dump(const nlohmann::ordered_json& value);

}  // namespace modelseal::formats::strict_json
