#include "report/text_escape.hpp"

#include <cstdint>

#include "formats/text/utf8.hpp"

namespace modelseal::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

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
    const auto [c, length] = formats::utf8::decode(text, i);
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
