// Strict JSON reading shared by the Sigstore bundle and in-toto statement
// parsers (private to formats/sigstore/).
//
// nlohmann::json alone is too lenient for signed formats: it skips a UTF-8 BOM,
// keeps the last of duplicate keys, and recurses without bound when freeing
// deep documents. parse_strict_json runs a SAX pass that rejects these before
// building the document. The Reader helpers then check one object at a time:
// known keys only, types, bounded strings, strict base64; every error names
// the source, the document kind and the JSON path ("a.b[2].c").
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats::strict_json {

// Errors for one document: "<source>: invalid <kind>: <path>: <what>".
class Context {
 public:
  Context(std::string_view source, std::string_view kind) : source_(source), kind_(kind) {}
  Error error(ErrorCode code, std::string_view path, std::string_view what) const;
  Error corrupt(std::string_view path, std::string_view what) const {
    return error(ErrorCode::kCorrupt, path, what);
  }
  Error limit(std::string_view path, std::string_view what) const {
    return error(ErrorCode::kLimitExceeded, path, what);
  }

 private:
  std::string source_;
  std::string kind_;
};

// Parses exactly one JSON value. Rejects: more than max_bytes (kLimitExceeded),
// a byte-order mark, invalid JSON or UTF-8, trailing bytes other than
// whitespace, duplicate keys in any object, nesting deeper than max_depth.
Result<nlohmann::json> parse(std::string_view text, size_t max_bytes, size_t max_depth,
                             const Context& ctx);

// `text` for an error message: in double quotes, bytes outside printable
// ASCII written \xNN, cut after kMaxQuotedBytes.
inline constexpr size_t kMaxQuotedBytes = 80;
std::string quote(std::string_view text);

// "a" + "b" -> "a.b"; "" + "b" -> "b"; keys other than [A-Za-z0-9_]+ are quoted.
std::string member_path(std::string_view path, std::string_view key);
// "a" + 2 -> "a[2]".
std::string item_path(std::string_view path, size_t i);

// Checks `value` is an object whose keys are all in `allowed`.
Status check_object(const nlohmann::json& value, std::initializer_list<std::string_view> allowed,
                    std::string_view path, const Context& ctx);

// A required or optional member of an already checked object.
Result<std::string> get_string(const nlohmann::json& object, std::string_view key,
                               std::string_view path, size_t max_len, const Context& ctx);
Result<bool> get_bool(const nlohmann::json& object, std::string_view key, std::string_view path,
                      const Context& ctx);
// A base64 string decoded strictly (formats/sigstore/base64.hpp); `allow_empty`
// false rejects "".
Result<std::vector<uint8_t>> get_base64(const nlohmann::json& object, std::string_view key,
                                        std::string_view path, bool allow_empty,
                                        const Context& ctx);
// The member, which must be an object / array; `max_items` bounds arrays.
Result<const nlohmann::json*> get_object(const nlohmann::json& object, std::string_view key,
                                         std::string_view path, const Context& ctx);
Result<const nlohmann::json*> get_array(const nlohmann::json& object, std::string_view key,
                                        std::string_view path, size_t max_items,
                                        const Context& ctx);

// Dumps `value` compactly without ever throwing (invalid UTF-8 is replaced).
std::string dump(const nlohmann::json& value);
std::string dump(const nlohmann::ordered_json& value);

}  // namespace modelseal::formats::strict_json
