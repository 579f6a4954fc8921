#include "keystore/software_gcm.hpp"

#include "base/aes_gcm.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {

static_assert(kGcmNonceBytes == crypto::kAesGcmNonceBytes && kGcmTagBytes == crypto::kAesGcmTagBytes);

Result<std::vector<uint8_t>> gcm_seal(const SecretBytes& key, std::span<const uint8_t> aad,
                                      std::span<const uint8_t> plaintext) {
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> out, random_bytes(kGcmNonceBytes));
  out.resize(kGcmNonceBytes + plaintext.size() + kGcmTagBytes);
  MS_ASSIGN_OR_RETURN(crypto::AesGcm gcm, crypto::AesGcm::create());
  const std::span<uint8_t> all(out);
  MS_TRY(gcm.encrypt(key.reveal(), all.first(kGcmNonceBytes), aad, plaintext,
                     all.subspan(kGcmNonceBytes)));
  return out;
}

Result<SecretBytes> gcm_open(const SecretBytes& key, std::span<const uint8_t> aad,
                             std::span<const uint8_t> sealed) {
  if (sealed.size() < kGcmNonceBytes + kGcmTagBytes)
    return make_error(ErrorCode::kTampered, "wrapped value too short");
  SecretBytes plain(sealed.size() - kGcmNonceBytes - kGcmTagBytes);
  MS_ASSIGN_OR_RETURN(crypto::AesGcm gcm, crypto::AesGcm::create());
  MS_TRY(gcm.decrypt(key.reveal(), sealed.first(kGcmNonceBytes), aad, sealed.subspan(kGcmNonceBytes),
                     plain.reveal_mutable()));
  return plain;
}

}  // namespace modelseal::keys
