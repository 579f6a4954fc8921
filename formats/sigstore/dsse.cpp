#include "formats/sigstore/dsse.hpp"

#include <algorithm>

namespace modelseal::formats {
namespace {

void append(std::vector<uint8_t>& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

// "<tag> <len(type)> <type> <len(payload)> ": what both encodings put before the payload.
std::vector<uint8_t> pae_prefix(std::string_view tag, std::string_view payload_type,
                                size_t payload_size) {
  std::vector<uint8_t> out;
  out.reserve(payload_type.size() + payload_size + 32);
  append(out, tag);
  append(out, " ");
  append(out, std::to_string(payload_type.size()));
  append(out, " ");
  append(out, payload_type);
  append(out, " ");
  append(out, std::to_string(payload_size));
  append(out, " ");
  return out;
}

}  // namespace

std::vector<uint8_t> dsse_pae(std::string_view payload_type, std::span<const uint8_t> payload) {
  std::vector<uint8_t> out = pae_prefix("DSSEv1", payload_type, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::string python_bytes_repr(std::span<const uint8_t> bytes) {
  constexpr std::string_view kHex = "0123456789abcdef";
  const bool has_single = std::find(bytes.begin(), bytes.end(), '\'') != bytes.end();
  const bool has_double = std::find(bytes.begin(), bytes.end(), '"') != bytes.end();
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8 + 3);
  out += 'b';
  out += quote;
  for (const uint8_t c : bytes) {
    if (c == static_cast<uint8_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::vector<uint8_t> dsse_pae_legacy_v020(std::string_view payload_type,
                                          std::span<const uint8_t> payload) {
  std::vector<uint8_t> out = pae_prefix("DSSEV1", payload_type, payload.size());
  append(out, python_bytes_repr(payload));
  return out;
}

}  // namespace modelseal::formats
