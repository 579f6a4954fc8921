#include "formats/text/printable.hpp"

#include "formats/text/utf8.hpp"

namespace modelseal::formats {

std::string printable_name(std::string_view text, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    const utf8::Decoded d = utf8::decode(text, i);
    const bool bidi_control = (d.code_point >= 0x202A && d.code_point <= 0x202E) ||
                              (d.code_point >= 0x2066 && d.code_point <= 0x2069);
    if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
      out += static_cast<char>(c);
    } else if (d.length > 1 && !bidi_control) {
      out.append(text.substr(i, d.length));
      i += d.length;
      continue;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    ++i;
  }
  if (i < text.size()) out += "...";
  return out;
}

}  // namespace modelseal::formats
