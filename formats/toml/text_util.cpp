#include "formats/toml/text_util.hpp"

#include <fmt/format.h>

#include "formats/text/utf8.hpp"

namespace modelseal::formats::toml_schema {

namespace {

unsigned char byte_at(std::string_view text, size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

bool is_bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

bool decode_utf8(std::string_view text, size_t& pos, char32_t& code_point) {
  const utf8::Decoded d = utf8::decode(text, pos);
  if (d.length == 0) {
    ++pos;
    return false;
  }
  code_point = d.code_point;
  pos += d.length;
  return true;
}

void append_utf8(std::string& out, char32_t code_point) { utf8::append(out, code_point); }

bool is_forbidden_code_point(char32_t code_point) {
  if (code_point == U'\t' || code_point == U'\n') return false;
  if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return true;
  if (code_point >= 0x202A && code_point <= 0x202E) return true;
  return code_point >= 0x2066 && code_point <= 0x2069;
}

std::string quote_for_message(std::string_view value, size_t max_chars) {
  std::string out = "\"";
  size_t pos = 0;
  size_t count = 0;
  while (pos < value.size()) {
    if (count == max_chars) {
      out += "...";
      break;
    }
    char32_t cp = 0;
    const size_t start = pos;
    if (!decode_utf8(value, pos, cp)) {
      out += fmt::format("\\x{:02X}", byte_at(value, start));
    } else if (cp == U'"' || cp == U'\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == U'\n') {
      out += "\\n";
    } else if (cp == U'\t') {
      out += "\\t";
    } else if (is_forbidden_code_point(cp)) {
      out += fmt::format("\\u{{{:04X}}}", static_cast<uint32_t>(cp));
    } else {
      out.append(value.substr(start, pos - start));
    }
    ++count;
  }
  out.push_back('"');
  return out;
}

std::string display_key(std::string_view key) {
  bool bare = !key.empty() && key.size() <= 64;
  for (char c : key) bare = bare && is_bare_key_char(c);
  return bare ? std::string(key) : quote_for_message(key, 40);
}

std::string sanitize_for_display(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = 0;
    const size_t start = pos;
    if (!decode_utf8(text, pos, cp) || is_forbidden_code_point(cp)) {
      append_utf8(out, kReplacementCharacter);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

}  // namespace modelseal::formats::toml_schema
