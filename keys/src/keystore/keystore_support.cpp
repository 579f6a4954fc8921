#include "keystore/keystore_support.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "base/hex.hpp"
#include "time_text.hpp"

namespace modelseal::keys {

Result<std::vector<uint8_t>> random_bytes(size_t n) {
  std::vector<uint8_t> out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    return make_error(ErrorCode::kInternal, "RAND_bytes failed");
  return out;
}

Result<SecretBytes> random_secret(size_t n) {
  SecretBytes out(n);
  if (n > 0 && RAND_bytes(out.reveal_mutable().data(), static_cast<int>(n)) != 1)
    return make_error(ErrorCode::kInternal, "RAND_bytes failed");
  return out;
}

Result<std::string> random_id(std::string_view prefix) {
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, random_bytes(kIdRandomBytes));
  return std::string(prefix) + to_hex(bytes);
}

std::string now_rfc3339() { return utc_seconds_text(std::chrono::system_clock::now()); }

bool is_rfc3339_utc(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

std::string to_hex(std::span<const uint8_t> bytes) { return hex::encode(bytes); }

bool is_lower_hex(std::string_view text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool is_random_id(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) &&
         is_lower_hex(text.substr(prefix.size()), kIdRandomBytes * 2);
}

std::vector<uint8_t> hex_to_bytes(std::string_view hex) {
  auto nibble = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
  std::vector<uint8_t> out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

void append_text(std::vector<uint8_t>& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

void append_u32be(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

std::vector<uint8_t> wrap_aad(std::string_view keystore_id, std::string_view key_id,
                              uint32_t generation) {
  std::vector<uint8_t> aad;
  append_text(aad, "modelseal.keystore/v1 wrap");
  aad.push_back(0);
  append_text(aad, keystore_id);
  aad.push_back(0);
  append_text(aad, key_id);
  aad.push_back(0);
  append_u32be(aad, generation);
  return aad;
}

std::vector<uint8_t> check_aad(std::string_view keystore_id, uint32_t generation) {
  std::vector<uint8_t> aad;
  append_text(aad, "modelseal.keystore/v1 check");
  aad.push_back(0);
  append_text(aad, keystore_id);
  aad.push_back(0);
  append_u32be(aad, generation);
  return aad;
}

}  // namespace modelseal::keys
