#include "formats/scan/safetensors_json.hpp"

#include <exception>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace modelseal::formats::safetensors_detail {
namespace {

using nlohmann::json;

constexpr size_t kMaxQuoted = 80;

class CheckingSax final : public nlohmann::json_sax<json> {
 public:
  CheckingSax(const KeyOffsets& keys, const JsonLimits& limits)
      : keys_(keys), limits_(limits) {}
  std::vector<JsonProblem>& problems() { return problems_; }

  bool null() override { return count(); }
  bool boolean(bool) override { return count(); }
  bool number_integer(number_integer_t) override { return count(); }
  bool number_unsigned(number_unsigned_t) override { return count(); }
  bool number_float(number_float_t, const string_t&) override { return count(); }
  bool string(string_t&) override { return count(); }
  bool binary(binary_t&) override { return count(); }
  bool start_object(std::size_t) override { return open(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (stack_.size() == 1) top_key_ = k;
    if (stack_.back().insert(k).second) return true;
    std::string where = stack_.size() == 1 ? "" : " in " + printable(top_key_);
    return add("safetensors.duplicate_key", offset_of(top_key_),
               "duplicate key " + printable(k) + where);
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    if (const size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    if (const size_t last = what.find("; last read"); last != std::string::npos) what.erase(last);
    if (what.size() > 200) what.resize(200);
    const uint64_t at = position > 0 ? position - 1 : 0;
    add("safetensors.header_not_json", at, "header is not valid JSON: " + what);
    return false;
  }

 private:
  uint64_t offset_of(const std::string& key) const {
    const auto it = keys_.find(key);
    return it == keys_.end() ? 0 : it->second;
  }
  bool count() {
    if (++values_ <= limits_.max_values) return true;
    add("safetensors.header_too_many_values", offset_of(top_key_),
        "header holds more than " + std::to_string(limits_.max_values) + " JSON values");
    return false;
  }
  bool add(std::string id, uint64_t offset, std::string message) {
    if (problems_.size() >= limits_.max_problems) return false;
    problems_.push_back({std::move(id), offset, std::move(message)});
    return true;
  }
  bool open() {
    if (!count()) return false;
    if (stack_.size() >= limits_.max_depth) {
      add("safetensors.header_too_deep", offset_of(top_key_),
          "header nests deeper than " + std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    stack_.emplace_back();
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  const KeyOffsets& keys_;
  JsonLimits limits_;
  size_t values_ = 0;
  std::vector<std::unordered_set<std::string>> stack_;
  std::string top_key_;
  std::vector<JsonProblem> problems_;
};

}  // namespace

KeyOffsets top_level_key_offsets(std::string_view text) {
  KeyOffsets out;
  size_t depth = 0;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      const size_t start = i++;
      while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
      if (i >= text.size()) break;
      const size_t end = i++;
      size_t j = i;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
        ++j;
      if (depth == 1 && j < text.size() && text[j] == ':')
        out[std::string(text.substr(start + 1, end - start - 1))] = start;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && depth > 0) --depth;
    ++i;
  }
  return out;
}

std::vector<JsonProblem> check_json(std::string_view text, const KeyOffsets& keys,
                                    const JsonLimits& limits) {
  try {
    CheckingSax sax(keys, limits);
    json::sax_parse(text, &sax, json::input_format_t::json, /*strict=*/true);
    return std::move(sax.problems());
  } catch (const std::exception& e) {  // allocation failure; never a parse error
    return {{"safetensors.header_not_json", 0, std::string("JSON parser failed: ") + e.what()}};
  }
}

std::string printable(std::string_view text) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text.substr(0, kMaxQuoted)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += '"';
  if (text.size() > kMaxQuoted) out += "...";
  return out;
}

}  // namespace modelseal::formats::safetensors_detail
