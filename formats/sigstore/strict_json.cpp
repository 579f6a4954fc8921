#include "formats/sigstore/strict_json.hpp"

#include <algorithm>
#include <unordered_set>

#include "formats/sigstore/base64.hpp"

namespace modelseal::formats::strict_json {
namespace {

using nlohmann::json;

// One open object or array during the SAX pass.
struct Frame {
  bool is_array = false;
  size_t next_index = 0;
  std::string key;  // the key whose value comes next (objects)
  std::unordered_set<std::string> seen;
  std::string path;  // where this container sits
};

// Checks what nlohmann's DOM parser would silently accept; builds nothing.
class CheckingSax final : public nlohmann::json_sax<json> {
 public:
  explicit CheckingSax(size_t max_depth) : max_depth_(max_depth) {}
  const std::string& problem() const { return problem_; }
  bool limit_hit() const { return limit_hit_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    if (!f.seen.insert(k).second) {
      problem_ = "duplicate key " + quote(k) + (f.path.empty() ? "" : " in " + f.path);
      return false;
    }
    f.key = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: <what>; last read:
    // '<token>'"
    // -> "<what>" (the token may be megabytes of untrusted text).
    if (const size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    if (const size_t last = what.find("; last read"); last != std::string::npos) what.erase(last);
    if (what.size() > 200) what.resize(200);
    problem_ = "not valid JSON at byte " + std::to_string(position) + ": " + what;
    return false;
  }

 private:
  std::string child_path() {
    if (stack_.empty()) return "";
    Frame& f = stack_.back();
    if (f.is_array) return item_path(f.path, f.next_index++);
    return member_path(f.path, f.key);
  }
  bool value() {
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().next_index;
    return true;
  }
  bool open(bool is_array) {
    std::string path = child_path();
    if (stack_.size() >= max_depth_) {
      problem_ = "nested deeper than " + std::to_string(max_depth_) + " levels at " +
                 (path.empty() ? "the top level" : path);
      limit_hit_ = true;
      return false;
    }
    Frame f;
    f.is_array = is_array;
    f.path = std::move(path);
    stack_.push_back(std::move(f));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  size_t max_depth_;
  std::vector<Frame> stack_;
  std::string problem_;
  bool limit_hit_ = false;
};

}  // namespace

Error Context::error(ErrorCode code, std::string_view path, std::string_view what) const {
  std::string detail = source_ + ": invalid " + kind_ + ": ";
  if (!path.empty()) detail.append(path).append(": ");
  detail.append(what);
  return make_error(code, std::move(detail));
}

std::string quote(std::string_view text) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text.substr(0, kMaxQuotedBytes)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c >= 0x20 && c < 0x7f) {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += '"';
  if (text.size() > kMaxQuotedBytes) out += "...";
  return out;
}

std::string member_path(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  out += plain ? std::string(key) : quote(key);
  return out;
}

std::string item_path(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

Result<json> parse(std::string_view text, size_t max_bytes, size_t max_depth, const Context& ctx) {
  if (text.size() > max_bytes)
    return ctx.limit("", std::to_string(text.size()) + " bytes exceed the limit of " +
                             std::to_string(max_bytes));
  if (text.substr(0, 3) == "\xEF\xBB\xBF") return ctx.corrupt("", "starts with a byte-order mark");
  try {
    CheckingSax sax(max_depth);
    if (!json::sax_parse(text, &sax, json::input_format_t::json, /*strict=*/true))
      return sax.limit_hit() ? ctx.limit("", sax.problem()) : ctx.corrupt("", sax.problem());
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return ctx.corrupt("", "not valid JSON");
    return doc;
  } catch (const std::exception& e) {  // allocation failures, never a parse error
    return make_error(ErrorCode::kInternal, std::string("JSON parser failed: ") + e.what());
  }
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

Result<std::string> get_string(const json& object, std::string_view key, std::string_view path,
                               size_t max_len, const Context& ctx) {
  const std::string where = member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!it->is_string()) return ctx.corrupt(where, "must be a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_len)
    return ctx.limit(where, "is longer than " + std::to_string(max_len) + " bytes");
  return s;
}

Result<bool> get_bool(const json& object, std::string_view key, std::string_view path,
                      const Context& ctx) {
  const std::string where = member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!it->is_boolean()) return ctx.corrupt(where, "must be true or false");
  return it->get<bool>();
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
  const std::string where = member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!it->is_object()) return ctx.corrupt(where, "must be an object");
  return &*it;
}

Result<const json*> get_array(const json& object, std::string_view key, std::string_view path,
                              size_t max_items, const Context& ctx) {
  const std::string where = member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!it->is_array()) return ctx.corrupt(where, "must be an array");
  if (it->size() > max_items)
    return ctx.limit(where, "has more than " + std::to_string(max_items) + " entries");
  return &*it;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace modelseal::formats::strict_json
