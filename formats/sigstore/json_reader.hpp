// Reading the strict JSON of the Sigstore bundle and in-toto statement parsers
// (private to formats/sigstore/). parse() runs formats/json's strict checks;
// the getters then check one object at a time: known keys only, types, bounded
// strings, strict base64. Every error names the source, the document kind and
// the JSON path ("a.b[2].c").
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "formats/json/strict_json.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats::json_reader {

using strict_json::dump;
using strict_json::item_path;
using strict_json::member_path;

// Values (scalars, objects, arrays) in one document: bounds the parsed DOM.
inline constexpr size_t kMaxJsonValues = size_t{4} << 20;

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

// Exactly one strict JSON value (formats/json/strict_json.hpp) of at most
// `max_bytes`, nested at most `max_depth` deep. Limits give kLimitExceeded,
// allocation failure kInternal, everything else kCorrupt.
Result<nlohmann::json> parse(std::string_view text, size_t max_bytes, size_t max_depth,
                             const Context& ctx);

// Checks `value` is an object whose keys are all in `allowed`.
Status check_object(const nlohmann::json& value, std::initializer_list<std::string_view> allowed,
                    std::string_view path, const Context& ctx);

// A required member of an already checked object.
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

}  // namespace modelseal::formats::json_reader
