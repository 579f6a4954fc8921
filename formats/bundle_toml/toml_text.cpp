#include "formats/bundle_toml/toml_text.hpp"

#include <fmt/format.h>

#include "formats/toml/text_util.hpp"

namespace modelseal::formats::bundle_toml_internal {

std::string toml_basic_string(std::string_view value) {
  std::string out = "\"";
  for (size_t pos = 0; pos < value.size();) {
    char32_t cp = 0;
    if (!toml_schema::decode_utf8(value, pos, cp)) cp = toml_schema::kReplacementCharacter;
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\b': out += "\\b"; continue;
      case '\t': out += "\\t"; continue;
      case '\n': out += "\\n"; continue;
      case '\f': out += "\\f"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (cp < 0x20 || cp == 0x7F || toml_schema::is_forbidden_code_point(cp)) {
      out += fmt::format("\\u{:04X}", static_cast<uint32_t>(cp));
    } else {
      toml_schema::append_utf8(out, cp);
    }
  }
  out += '"';
  return out;
}

}  // namespace modelseal::formats::bundle_toml_internal
