#include "formats/sigstore/json_reader.hpp"

#include <string>
#include <utility>

#include "formats/sigstore/base64.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats::json_reader {

using nlohmann::json;

Error Context::error(ErrorCode code, std::string_view path, std::string_view what) const {
  std::string detail = source_ + ": invalid " + kind_ + ": ";
  if (!path.empty()) detail.append(path).append(": ");
  detail.append(what);
  return make_error(code, std::move(detail));
}

Result<json> parse(std::string_view text, size_t max_bytes, size_t max_depth, const Context& ctx) {
  const strict_json::JsonLimits limits{max_bytes, max_depth, kMaxJsonValues, max_bytes};
  strict_json::StrictJson parsed = strict_json::parse_strict_json(text, limits);
  if (!parsed.problem) return std::move(parsed.document);
  const strict_json::JsonProblem& p = *parsed.problem;
  const std::string what = p.message + " at byte " + std::to_string(p.offset);
  if (p.kind == strict_json::JsonProblemKind::kParserFailed)
    return make_error(ErrorCode::kInternal, p.message);
  return strict_json::is_limit(p.kind) ? ctx.limit("", what) : ctx.corrupt("", what);
}

Status check_object(const json& value, std::initializer_list<std::string_view> allowed,
                    std::string_view path, const Context& ctx) {
  if (!value.is_object()) return ctx.corrupt(path, "must be an object");
  for (const auto& item : value.items()) {
    bool known = false;
    for (std::string_view k : allowed) known = known || item.key() == k;
    if (!known) return ctx.corrupt(path, "unknown field " + quote(item.key()));
  }
  return {};
}

namespace {

// The member `key` of `object`, which must be of the type `is_type` accepts.
Result<const json*> typed_member(const json& object, std::string_view key,
                                 const std::string& where, bool (*is_type)(const json&),
                                 std::string_view must_be, const Context& ctx) {
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!is_type(*it)) return ctx.corrupt(where, "must be " + std::string(must_be));
  return &*it;
}

bool is_string(const json& v) { return v.is_string(); }
bool is_boolean(const json& v) { return v.is_boolean(); }
bool is_object(const json& v) { return v.is_object(); }
bool is_array(const json& v) { return v.is_array(); }

}  // namespace

Result<std::string> get_string(const json& object, std::string_view key, std::string_view path,
                               size_t max_len, const Context& ctx) {
  const std::string where = member_path(path, key);
  MS_ASSIGN_OR_RETURN(const json* value, typed_member(object, key, where, is_string, "a string", ctx));
  const auto& s = value->get_ref<const std::string&>();
  if (s.size() > max_len)
    return ctx.limit(where, "is longer than " + std::to_string(max_len) + " bytes");
  return s;
}

Result<bool> get_bool(const json& object, std::string_view key, std::string_view path,
                      const Context& ctx) {
  const std::string where = member_path(path, key);
  MS_ASSIGN_OR_RETURN(const json* value,
                      typed_member(object, key, where, is_boolean, "true or false", ctx));
  return value->get<bool>();
}

Result<std::vector<uint8_t>> get_base64(const json& object, std::string_view key,
                                        std::string_view path, bool allow_empty,
                                        const Context& ctx) {
  const std::string where = member_path(path, key);
  MS_ASSIGN_OR_RETURN(std::string text, get_string(object, key, path, kMaxBase64TextBytes, ctx));
  if (text.empty() && !allow_empty) return ctx.corrupt(where, "is empty");
  auto bytes = base64_decode(text);
  if (!bytes.ok()) return ctx.error(bytes.error().code, where, bytes.error().detail);
  return std::move(bytes).value();
}

Result<const json*> get_object(const json& object, std::string_view key, std::string_view path,
                               const Context& ctx) {
  return typed_member(object, key, member_path(path, key), is_object, "an object", ctx);
}

Result<const json*> get_array(const json& object, std::string_view key, std::string_view path,
                              size_t max_items, const Context& ctx) {
  const std::string where = member_path(path, key);
  MS_ASSIGN_OR_RETURN(const json* value, typed_member(object, key, where, is_array, "an array", ctx));
  if (value->size() > max_items)
    return ctx.limit(where, "has more than " + std::to_string(max_items) + " entries");
  return value;
}

}  // namespace modelseal::formats::json_reader
