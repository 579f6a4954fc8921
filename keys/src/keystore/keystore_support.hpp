// Small helpers shared by the keystore files: ids, times, hex, byte strings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

inline constexpr size_t kDataKeyBytes = 32;
inline constexpr size_t kWrappingKeyBytes = 32;
inline constexpr size_t kGcmNonceBytes = 12;
inline constexpr size_t kGcmTagBytes = 16;
inline constexpr size_t kIdRandomBytes = 16;

// prefix + 32 lowercase hex of RAND_bytes ("ks-", "dk-").
Result<std::string> random_id(std::string_view prefix);
Result<std::vector<uint8_t>> random_bytes(size_t n);
Result<SecretBytes> random_secret(size_t n);

// RFC 3339 UTC, seconds: "2026-11-24T15:30:00Z".
std::string now_rfc3339();
bool is_rfc3339_utc(std::string_view text);

std::string to_hex(std::span<const uint8_t> bytes);
bool is_lower_hex(std::string_view text, size_t length);
// Prefixed id with 32 lowercase hex ("dk-...").
bool is_random_id(std::string_view text, std::string_view prefix);
std::vector<uint8_t> hex_to_bytes(std::string_view hex);  // input already checked

void append_text(std::vector<uint8_t>& out, std::string_view text);
void append_u32be(std::vector<uint8_t>& out, uint32_t value);

// The AAD binding a wrapped data key to its keystore, id and generation (§2.1).
std::vector<uint8_t> wrap_aad(std::string_view keystore_id, std::string_view key_id,
                              uint32_t generation);
// The AAD of the passphrase check value (§2.1).
std::vector<uint8_t> check_aad(std::string_view keystore_id, uint32_t generation);

}  // namespace modelseal::keys
