// AES-256-GCM in memory, for passphrase-derived wrapping keys:
// sealed = nonce (12 random bytes) || ciphertext || tag (16 bytes).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

Result<std::vector<uint8_t>> gcm_seal(const SecretBytes& key, std::span<const uint8_t> aad,
                                      std::span<const uint8_t> plaintext);
// kTampered when the tag does not verify (wrong key, edited bytes, wrong AAD).
Result<SecretBytes> gcm_open(const SecretBytes& key, std::span<const uint8_t> aad,
                             std::span<const uint8_t> sealed);

}  // namespace modelseal::keys
