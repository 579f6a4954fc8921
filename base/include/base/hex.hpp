// Lowercase hexadecimal, the canonical form of digests and ids: uppercase is
// not canonical and is refused when decoding.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::hex {

// 0-15 for '0'-'9' and 'a'-'f', else -1.
constexpr int lower_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string encode(std::span<const uint8_t> bytes);
// Exactly 2 x out.size() lowercase hex digits into `out`; false otherwise.
bool decode_into(std::string_view hex, std::span<uint8_t> out);
// An even number of lowercase hex digits; nullopt otherwise.
std::optional<std::vector<uint8_t>> decode(std::string_view hex);

}  // namespace modelseal::hex
