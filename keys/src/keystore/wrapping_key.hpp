// The wrapping key W of one generation, unlocked: derived from a passphrase
// (held in memory) or an object inside a PKCS#11 token (never leaves it).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "keystore/pkcs11_token.hpp"
#include "keystore/state.hpp"
#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

class WrappingKey {
 public:
  virtual ~WrappingKey() = default;
  // nonce || AES-256-GCM(W, nonce, aad, data_key)
  virtual Result<std::vector<uint8_t>> wrap(std::span<const uint8_t> aad,
                                            const SecretBytes& data_key) = 0;
  // kTampered when the value does not unwrap under W with this AAD.
  virtual Result<SecretBytes> unwrap(std::span<const uint8_t> aad,
                                     std::span<const uint8_t> wrapped) = 0;
};

struct NewWrapping {
  Wrapping wrapping;
  std::unique_ptr<WrappingKey> key;
};

// Passphrase: W = scrypt(passphrase, salt, 2^log2_n, r = 8, p = 1, 32 bytes).
Result<NewWrapping> new_passphrase_wrapping(const std::string& keystore_id, uint32_t generation,
                                            const SecretBytes& passphrase, int log2_n);
// kInvalidArgument "wrong passphrase" when the check value does not open.
Result<std::unique_ptr<WrappingKey>> unlock_passphrase(const std::string& keystore_id,
                                                       const Wrapping& wrapping,
                                                       const SecretBytes& passphrase);

// PKCS#11: a fresh token object "modelseal <id> g<generation>" (an orphan of that
// label, left by an interrupted rotation, is destroyed first).
Result<NewWrapping> new_token_wrapping(Pkcs11Token& token, const std::string& keystore_id,
                                       uint32_t generation, const std::string& module,
                                       const std::string& token_label);
// kNotFound when the generation's object is gone.
Result<std::unique_ptr<WrappingKey>> unlock_token(Pkcs11Token& token, const Wrapping& wrapping);
// Destroys the objects of this keystore whose generation is below `generation`;
// returns their labels.
Result<std::vector<std::string>> destroy_older_generations(Pkcs11Token& token,
                                                           const std::string& keystore_id,
                                                           uint32_t generation);

}  // namespace modelseal::keys
