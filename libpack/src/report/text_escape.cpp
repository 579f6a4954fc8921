#include "report/text_escape.hpp"

#include <cstdint>

namespace modelseal::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629), or 0.
size_t utf8_length(std::string_view text, size_t i, uint32_t& code_point) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || length > text.size() - i) return 0;
  code_point = length == 1 ? lead : lead & (0x7Fu >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3Fu);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kMinimum[length] || code_point > 0x10FFFF) return 0;  // overlong or too large
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;            // surrogate
  return length;
}

bool is_bidi_control(uint32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool is_control(uint32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t c = 0;
    size_t length = utf8_length(text, i, c);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (is_control(c))
      out += ' ';
    else if (is_bidi_control(c))
      out += kReplacement;
    else
      out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  for (char c : single_line(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string markdown_escaped(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&";
  std::string out;
  for (char c : single_line(text)) {
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string line = single_line(text);
  if (line.find_first_of("`|") != std::string::npos) return markdown_escaped(text);
  return "`" + line + "`";
}

}  // namespace modelseal::report
