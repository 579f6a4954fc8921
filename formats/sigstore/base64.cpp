#include "formats/sigstore/base64.hpp"

#include <array>

namespace modelseal::formats {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> make_decode_table() {
  std::array<uint8_t, 256> table{};
  table.fill(kInvalid);
  for (size_t i = 0; i < kAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
  return table;
}
constexpr std::array<uint8_t, 256> kDecode = make_decode_table();

Error corrupt(const std::string& what, size_t offset) {
  return make_error(ErrorCode::kCorrupt,
                    "invalid base64: " + what + " at offset " + std::to_string(offset));
}

std::string describe_bad_char(char c) {
  constexpr std::string_view kHex = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  return std::string("character 0x") + kHex[byte >> 4] + kHex[byte & 15] +
         " outside the standard alphabet";
}

}  // namespace

std::string base64_encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  uint32_t v = uint32_t{bytes[i]} << 16;
  if (rest == 2) v |= uint32_t{bytes[i + 1]} << 8;
  out += kAlphabet[(v >> 18) & 63];
  out += kAlphabet[(v >> 12) & 63];
  out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  out += '=';
  return out;
}

Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() > kMaxBase64TextBytes)
    return make_error(ErrorCode::kLimitExceeded, "base64 text of " + std::to_string(text.size()) +
                                                     " bytes exceeds the limit of " +
                                                     std::to_string(kMaxBase64TextBytes));
  if (text.size() % 4 != 0)
    return make_error(ErrorCode::kCorrupt, "invalid base64: length " + std::to_string(text.size()) +
                                               " is not a multiple of 4");
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  const size_t data_chars = text.size() - padding;
  std::array<uint8_t, 4> quad{};
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    for (size_t j = 0; j < 4; ++j) {
      const size_t at = i + j;
      if (at >= data_chars) {
        quad[j] = 0;
        continue;
      }
      const uint8_t v = kDecode[static_cast<unsigned char>(text[at])];
      if (v == kInvalid)
        return corrupt(text[at] == '=' ? "misplaced padding" : describe_bad_char(text[at]), at);
      quad[j] = v;
    }
    const uint32_t v =
        (uint32_t{quad[0]} << 18) | (uint32_t{quad[1]} << 12) | (uint32_t{quad[2]} << 6) | quad[3];
    out.push_back(static_cast<uint8_t>(v >> 16));
    if (i + 4 < text.size() || padding < 2) out.push_back(static_cast<uint8_t>(v >> 8));
    if (i + 4 < text.size() || padding < 1) out.push_back(static_cast<uint8_t>(v));
  }
  // Bits after the last byte must be zero, or two texts would decode alike.
  if (padding == 2 && (quad[1] & 0x0f) != 0)
    return corrupt("non-zero trailing bits", data_chars - 1);
  if (padding == 1 && (quad[2] & 0x03) != 0)
    return corrupt("non-zero trailing bits", data_chars - 1);
  return out;
}

}  // namespace modelseal::formats
